package dev.bedrockkit.internal.structured;

import java.util.List;

/**
 * The outcome of reading one model answer: the bound value, or every problem found; either way the
 * raw answer (tool-use input as JSON text, or the answer's text).
 *
 * @param value the bound value, or {@code null} when {@code errors} is not empty
 * @param errors problems, each starting with a JSON path; empty when valid
 * @param rawText the answer as received, for logs and {@code StructuredOutputException}
 * @param <O> the output type
 */
public record ParseResult<O>(O value, List<String> errors, String rawText) {
  public ParseResult {
    errors = List.copyOf(errors);
  }

  static <O> ParseResult<O> valid(O value, String rawText) {
    return new ParseResult<>(value, List.of(), rawText);
  }

  static <O> ParseResult<O> invalid(List<String> errors, String rawText) {
    return new ParseResult<>(null, errors, rawText);
  }

  /** Whether the answer was bound without problems. */
  public boolean isValid() {
    return errors.isEmpty();
  }
}
