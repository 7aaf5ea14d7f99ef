package dev.bedrockkit;

/**
 * A model could not answer: a server error, a timeout, a broken stream, a model that is not
 * ready, retired, not enabled for the account, or switched off in configuration.
 * {@link #reason()} tells which; the call policy uses it to decide between retrying, moving on,
 * or failing at once.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ModelUnavailableException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  /** Why a model could not answer. */
  public enum Reason {
    /** HTTP 5xx: InternalServerException or ServiceUnavailableException. */
    SERVER_ERROR,
    /** ModelNotReadyException (HTTP 429 while the model warms up). */
    NOT_READY,
    /** The attempt timed out, client side or ModelTimeoutException (HTTP 408). */
    TIMEOUT,
    /** The stream broke after it started (ModelStreamErrorException or a mid-stream error). */
    STREAM_ERROR,
    /** The connection failed before an answer (I/O error, refused, reset). */
    CONNECTION,
    /** AccessDeniedException: the model is not enabled for the account, or IAM denies it. */
    ACCESS_DENIED,
    /** ResourceNotFoundException: the model reached end of life or is marked legacy. */
    NOT_FOUND,
    /** Too many calls to this model are in flight already (bulkhead full). */
    BULKHEAD_FULL,
    /** The model is disabled in the model configuration. */
    DISABLED
  }

  private final String modelId;
  private final String region;
  private final Reason reason;

  public ModelUnavailableException(
      String modelId, String region, Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.modelId = modelId;
    this.region = region;
    this.reason = reason;
  }

  /** The model that could not answer. */
  public String modelId() {
    return modelId;
  }

  /** The region of the call, or {@code null} when the client's region is unknown. */
  public String region() {
    return region;
  }

  /** Why the model could not answer. */
  public Reason reason() {
    return reason;
  }
}
