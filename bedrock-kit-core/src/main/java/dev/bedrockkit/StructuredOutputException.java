package dev.bedrockkit;

import java.util.List;

/**
 * The model's answer could not be turned into the requested type, even after one repair round
 * in which the validation errors were fed back to the model. Carries the raw text.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class StructuredOutputException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String rawText;
  private final List<String> errors;

  public StructuredOutputException(String rawText, List<String> errors, String message) {
    this(rawText, errors, message, null);
  }

  public StructuredOutputException(
      String rawText, List<String> errors, String message, Throwable cause) {
    super(message, cause);
    this.rawText = rawText;
    this.errors = List.copyOf(errors);
  }

  /** The model's last answer, verbatim. */
  public String rawText() {
    return rawText;
  }

  /** What was wrong with it, one entry per problem, each naming the JSON path. */
  public List<String> errors() {
    return errors;
  }
}
