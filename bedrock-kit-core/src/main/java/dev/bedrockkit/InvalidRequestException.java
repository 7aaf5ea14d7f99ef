package dev.bedrockkit;

/**
 * The request is malformed: a field is missing, empty, out of range or of the wrong kind.
 * Raised before any network call when bedrock-kit detects it, or from Bedrock's
 * ValidationException otherwise. {@link #field()} names the offending field, e.g.
 * {@code messages[2].role} or {@code inferenceConfig.maxTokens}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class InvalidRequestException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String field;

  public InvalidRequestException(String field, String message) {
    this(field, message, null);
  }

  public InvalidRequestException(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = field;
  }

  /** Path of the offending field, or {@code "request"} when Bedrock did not say which. */
  public String field() {
    return field;
  }
}
