package dev.bedrockkit.sample.web;

import java.time.Duration;
import java.util.List;

/**
 * A failure of this service's own (not bedrock-kit's) that maps to one problem type. Immutable.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final transient List<FieldProblem> errors;
  private final Duration retryAfter;

  public ApiException(ProblemType type, String detail, List<FieldProblem> errors, Duration retryAfter) {
    super(detail);
    this.type = type;
    this.errors = List.copyOf(errors);
    this.retryAfter = retryAfter;
  }

  /** A 400 listing every invalid field. */
  public static ApiException invalid(List<FieldProblem> errors) {
    if (errors.isEmpty()) {
      throw new IllegalArgumentException("errors must not be empty");
    }
    String detail =
        errors.size() == 1
            ? errors.get(0).field() + " " + errors.get(0).message()
            : errors.size() + " fields are invalid; see errors";
    return new ApiException(ProblemType.INVALID_REQUEST, detail, errors, null);
  }

  /** A 400 for one invalid field. */
  public static ApiException invalid(String field, String message) {
    return invalid(List.of(new FieldProblem(field, message)));
  }

  public ProblemType type() {
    return type;
  }

  public List<FieldProblem> errors() {
    return errors;
  }

  /** When to try again, or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
