package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A raw InvokeModel call: a model-native JSON body (Claude messages API, Titan, Llama...) sent
 * to one pinned model, tried in the given regions in order. Retries and circuit breaking apply;
 * there is no fallback to other models, since bodies are model-specific.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId pinned model ID, inference profile ID or ARN
 * @param body the model-native request body (JSON)
 * @param regions regions to try in order; empty means the default client's region
 * @param attribution bounded label for metrics and cost, or {@code null}
 * @param deadline overall time allowed, or {@code null} for the call policy's default
 */
public record InvokeRequest(
    String modelId, String body, List<String> regions, String attribution, Duration deadline) {

  public InvokeRequest {
    Checks.notBlank(modelId, "modelId");
    Checks.notNull(body, "body");
    if (body.isBlank()) {
      throw new InvalidRequestException("body", "body must be a JSON document but was blank");
    }
    regions = List.copyOf(Checks.notNull(regions, "regions"));
    if (deadline != null) {
      Checks.positive(deadline, "deadline");
    }
  }

  /** A request for the default region with the default deadline. */
  public static InvokeRequest of(String modelId, String jsonBody) {
    return new InvokeRequest(modelId, jsonBody, List.of(), null, null);
  }

  /** The body as UTF-8 bytes. */
  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
