package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The result of a raw InvokeModel call: the model-native body and the token counts Bedrock
 * reported in the {@code X-Amzn-Bedrock-*-Token-Count} headers (or, for streams, the final
 * {@code amazon-bedrock-invocationMetrics}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param body the model-native response body (JSON); for a stream, the chunks' JSON documents
 *     joined by newlines
 * @param usage input and output tokens
 * @param invocationLatency model latency Bedrock reported, or {@code null}
 * @param latency wall time of the whole request
 * @param modelId the model called
 * @param region the region that answered, or {@code null}
 * @param attempts every attempt in order
 * @param costUsd what the call cost in USD; empty when the model has no known price
 */
public record InvokeResponse(
    String body,
    TokenUsage usage,
    Duration invocationLatency,
    Duration latency,
    String modelId,
    String region,
    List<Attempt> attempts,
    Optional<BigDecimal> costUsd) {

  public InvokeResponse {
    Checks.notNull(body, "body");
    Checks.notNull(usage, "usage");
    attempts = List.copyOf(Checks.notNull(attempts, "attempts"));
    Checks.notNull(costUsd, "costUsd");
  }
}
