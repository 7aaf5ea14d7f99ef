package dev.bedrockkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockkit.TokenUsage;
import dev.bedrockkit.internal.json.Json;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;

/**
 * Internal: an InvokeModelWithResponseStream attempt forwarding each chunk's JSON and reading
 * token counts from the final chunk's {@code amazon-bedrock-invocationMetrics}
 * (inputTokenCount, outputTokenCount, invocationLatency), which Bedrock appends for every
 * model.
 *
 * <p>SDK callbacks arrive one at a time.
 */
public final class InvokeStreamSession extends StreamSession {
  private final Consumer<String> listener;
  private final StringBuilder body = new StringBuilder();
  private volatile TokenUsage usage = TokenUsage.ZERO;
  private volatile Duration invocationLatency;

  public InvokeStreamSession(
      ScheduledExecutorService scheduler, Duration idleTimeout, Consumer<String> listener) {
    super(scheduler, idleTimeout);
    this.listener = listener;
  }

  public InvokeModelWithResponseStreamResponseHandler handler() {
    return InvokeModelWithResponseStreamResponseHandler.builder()
        .subscriber(
            InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                .onChunk(
                    chunk ->
                        onEvent(
                            true,
                            () -> {
                              String json = chunk.bytes().asUtf8String();
                              readMetrics(json);
                              if (body.length() > 0) {
                                body.append('\n');
                              }
                              body.append(json);
                              listener.accept(json);
                            }))
                .onDefault(e -> onEvent(false, () -> {}))
                .build())
        .build();
  }

  private void readMetrics(String json) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      return;
    }
    JsonNode m = node.get("amazon-bedrock-invocationMetrics");
    if (m != null) {
      usage = new TokenUsage(m.path("inputTokenCount").asInt(0), m.path("outputTokenCount").asInt(0), 0, 0);
      if (m.has("invocationLatency")) {
        invocationLatency = Duration.ofMillis(m.get("invocationLatency").asLong());
      }
    }
  }

  public String body() {
    return body.toString();
  }

  public TokenUsage usage() {
    return usage;
  }

  public Duration invocationLatency() {
    return invocationLatency;
  }
}
