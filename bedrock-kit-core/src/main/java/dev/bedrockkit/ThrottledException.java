package dev.bedrockkit;

/**
 * Bedrock refused a call because a quota or rate limit was reached (HTTP 429 ThrottlingException,
 * or a mid-stream {@code throttlingException}). Retried with backoff by the call policy, then the
 * chain moves to the next region or model.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ThrottledException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final String region;

  public ThrottledException(String modelId, String region, String message, Throwable cause) {
    super(message, cause);
    this.modelId = modelId;
    this.region = region;
  }

  /** The model that was throttled. */
  public String modelId() {
    return modelId;
  }

  /** The region of the throttled call, or {@code null} when the client's region is unknown. */
  public String region() {
    return region;
  }
}
