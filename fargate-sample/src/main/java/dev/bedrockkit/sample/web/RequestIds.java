package dev.bedrockkit.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Request ids: the caller's {@code X-Request-Id} when it is a safe token (letters, digits and
 * {@code . _ : -}, at most 128), else a new random UUID. Stateless and thread-safe.
 */
public final class RequestIds {
  /** The header read and answered. */
  public static final String HEADER = "X-Request-Id";
  /** The MDC key, so every log line of the request carries it. */
  public static final String MDC_KEY = "requestId";
  /** The request attribute holding the id. */
  public static final String ATTRIBUTE = RequestIds.class.getName();

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestIds() {}

  /** The id of a request: the one already given to it, else a new one. */
  public static String of(HttpServletRequest request) {
    Object id = request.getAttribute(ATTRIBUTE);
    if (id instanceof String s) {
      return s;
    }
    String chosen = choose(request.getHeader(HEADER));
    request.setAttribute(ATTRIBUTE, chosen);
    return chosen;
  }

  /** The incoming id when it is safe to log and echo, else a new one. */
  static String choose(String incoming) {
    if (incoming != null && SAFE.matcher(incoming).matches()) {
      return incoming;
    }
    return UUID.randomUUID().toString();
  }
}
