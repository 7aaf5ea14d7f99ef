package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.config.AwsRegions;
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
 * @param modelId pinned model ID, inference profile ID or ARN (an alias is rejected, as in {@link
 *     ChatRequest.Builder#model})
 * @param body the model-native request body (JSON)
 * @param regions Region codes to try in order; empty means the default client's region
 * @param attribution bounded label for metrics and cost, or {@code null}
 * @param deadline overall time allowed, or {@code null} for the call policy's default
 */
public record InvokeRequest(
    String modelId, String body, List<String> regions, String attribution, Duration deadline) {

  /**
   * Validates the request.
   *
   * @throws InvalidRequestException naming the field: a blank or unpinned model ID, a blank body,
   *     a malformed or repeated Region code
   */
  public InvokeRequest {
    Checks.notNull(modelId, "modelId");
    if (modelId.isBlank()) {
      throw new InvalidRequestException("modelId", "modelId must be a pinned model ID but was blank");
    }
    try {
      ModelRef.parse(modelId);
    } catch (ConfigurationException e) {
      throw new InvalidRequestException("modelId", e.getMessage(), e);
    }
    Checks.notNull(body, "body");
    if (body.isBlank()) {
      throw new InvalidRequestException("body", "body must be a JSON document but was blank");
    }
    regions = List.copyOf(Checks.notNull(regions, "regions"));
    for (int i = 0; i < regions.size(); i++) {
      String region = regions.get(i);
      if (!AwsRegions.isValid(region)) {
        throw new InvalidRequestException(
            "regions[" + i + "]", "regions[" + i + "]: " + AwsRegions.invalidMessage(region));
      }
      if (regions.subList(0, i).contains(region)) {
        throw new InvalidRequestException(
            "regions[" + i + "]", "regions[" + i + "]: '" + region + "' is listed twice");
      }
    }
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
