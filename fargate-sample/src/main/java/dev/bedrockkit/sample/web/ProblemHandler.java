package dev.bedrockkit.sample.web;

import dev.bedrockkit.BedrockKitException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Answers every failure of a request as RFC 9457 problem details ({@code application/problem+json})
 * with the request id: this service's and bedrock-kit's errors through {@link Problems}, Spring
 * MVC's own (404, 405, 415 ...) as Spring describes them, malformed JSON and parameters as {@code
 * invalid-request} naming the field. Never a stack trace.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
  private final Problems problems;

  public ProblemHandler(Problems problems) {
    this.problems = problems;
  }

  @ExceptionHandler({ApiException.class, BedrockKitException.class})
  ResponseEntity<Object> handleKnown(RuntimeException e, HttpServletRequest request) {
    return problems.of(e, request.getRequestURI(), RequestIds.of(request)).toResponse();
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<Object> handleTypeMismatch(
      MethodArgumentTypeMismatchException e, HttpServletRequest request) {
    String expected =
        e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
    ApiException invalid = ApiException.invalid(e.getName(), "must be " + expected);
    return problems.of(invalid, request.getRequestURI(), RequestIds.of(request)).toResponse();
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<Object> handleUnexpected(Exception e, HttpServletRequest request) {
    return problems.of(e, request.getRequestURI(), RequestIds.of(request)).toResponse();
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ApiException invalid = ApiException.invalid(List.of(unreadable(e)));
    HttpServletRequest servlet = servletRequest(request);
    return problems.of(invalid, servlet.getRequestURI(), RequestIds.of(servlet)).toResponse();
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ApiException invalid = ApiException.invalid(e.getParameterName(), "is required");
    HttpServletRequest servlet = servletRequest(request);
    return problems.of(invalid, servlet.getRequestURI(), RequestIds.of(servlet)).toResponse();
  }

  /** Spring MVC's own problems (404, 405, 406, 415 ...) get the request id too. */
  @Override
  protected ResponseEntity<Object> createResponseEntity(
      Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
    if (body instanceof ProblemDetail problem) {
      problem.setProperty("requestId", RequestIds.of(servletRequest(request)));
    }
    return super.createResponseEntity(body, headers, statusCode, request);
  }

  private static FieldProblem unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause instanceof UnrecognizedPropertyException unknown) {
      return new FieldProblem(
          path(unknown.getPath()), "is not a known field; check the spelling");
    }
    if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
      return new FieldProblem(path(json.getPath()), "has the wrong type or format");
    }
    return new FieldProblem("body", "must be a JSON object");
  }

  /** {@code history[1].role} from Jackson's path. */
  private static String path(List<JacksonException.Reference> path) {
    StringBuilder s = new StringBuilder();
    for (JacksonException.Reference r : path) {
      if (r.getPropertyName() != null) {
        if (s.length() > 0) {
          s.append('.');
        }
        s.append(r.getPropertyName());
      } else if (r.getIndex() >= 0) {
        s.append('[').append(r.getIndex()).append(']');
      }
    }
    return s.length() == 0 ? "body" : s.toString();
  }

  private static String describe(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "a whole number";
    }
    if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    return "a valid value";
  }

  private static HttpServletRequest servletRequest(WebRequest request) {
    return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
  }
}
