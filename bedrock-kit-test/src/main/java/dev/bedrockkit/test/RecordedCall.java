package dev.bedrockkit.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One request the emulator received, as the {@link Journal} recorded it.
 *
 * <p>Immutable in practice: the body is a private copy, the header map is unmodifiable. Do not
 * mutate the {@link JsonNode}.
 *
 * @param operation the operation
 * @param modelId the model ID from the path, URL-decoded; null for SSM calls
 * @param region the region from the SigV4 credential scope of the {@code Authorization} header
 * @param body the request body parsed as JSON, or a {@code MissingNode} when it was not JSON
 * @param rawBody the request body as UTF-8 text
 * @param headers request headers, names in lower case
 * @param protocol the HTTP protocol of the request, e.g. {@code HTTP/1.1} or {@code HTTP/2.0}
 * @param timestamp when the request arrived, from the emulator's clock
 * @param status the HTTP status the emulator answered with
 * @param errorType the error type sent ({@code ThrottlingException}, {@code ParameterNotFound},
 *     or a mid-stream {@code :exception-type}), or null for a clean success
 */
public record RecordedCall(
    Operation operation,
    String modelId,
    String region,
    JsonNode body,
    String rawBody,
    Map<String, List<String>> headers,
    String protocol,
    Instant timestamp,
    int status,
    String errorType) {

  /**
   * Returns the first value of a request header.
   *
   * @param name header name, any case
   * @return the value, or null when absent
   */
  public String header(String name) {
    List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * Returns whether the call was answered without an error, including mid-stream errors.
   *
   * @return true when {@link #errorType()} is null and the status is 2xx
   */
  public boolean succeeded() {
    return errorType == null && status / 100 == 2;
  }
}
