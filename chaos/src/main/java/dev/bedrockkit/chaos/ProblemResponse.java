package dev.bedrockkit.chaos;

/**
 * An HTTP service answered a request with an RFC 9457 problem of a documented type (a 4xx, or a
 * 503 with Retry-After): the HTTP counterpart of a typed {@link dev.bedrockkit.BedrockKitException}.
 * A 500 {@code internal-error}, or an error that is not a problem, is not one of these.
 *
 * <p>Immutable.
 */
public final class ProblemResponse extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;

  public ProblemResponse(int status, String type) {
    super("HTTP " + status + " " + type, null, false, false);
    this.status = status;
    this.type = type;
  }

  public int status() {
    return status;
  }

  /** The problem type's short name, e.g. {@code models-unavailable}. */
  public String type() {
    return type;
  }
}
