package dev.bedrockkit.sample.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives every request an id ({@link RequestIds}): answered in {@code X-Request-Id}, put in the MDC
 * for every log line of the request (JSON logs carry it as a field), and logged with the method,
 * route, status and duration when the request ends, streams included (their async dispatch ends
 * them). Runs first, on every dispatch.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestIdFilter extends OncePerRequestFilter {
  private static final Logger access = LoggerFactory.getLogger("dev.bedrockkit.sample.access");
  private static final String STARTED = RequestIdFilter.class.getName() + ".started";

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String id = RequestIds.of(request);
    if (request.getAttribute(STARTED) == null) {
      request.setAttribute(STARTED, System.nanoTime());
      response.setHeader(RequestIds.HEADER, id);
    }
    MDC.put(RequestIds.MDC_KEY, id);
    try {
      chain.doFilter(request, response);
    } finally {
      if (!request.isAsyncStarted()) {
        long started = (Long) request.getAttribute(STARTED);
        access.info(
            "{} {} {} {} ms",
            request.getMethod(),
            route(request),
            response.getStatus(),
            (System.nanoTime() - started) / 1_000_000);
      }
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /**
   * The route that handled the request ({@code /v1/chat}), never the raw path a client typed: an
   * unknown path is the client's text, and client text stays out of logs at INFO. Paths the
   * application does not know are logged as {@code <unmatched>}; the raw path goes to DEBUG.
   */
  static String route(HttpServletRequest request) {
    Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    String path = request.getRequestURI();
    if (pattern instanceof String p && !p.contains("*")) {
      return p;
    }
    if (KNOWN.contains(path)) {
      return path;
    }
    if (access.isDebugEnabled()) {
      access.debug("unmatched path {}", path);
    }
    return "<unmatched>";
  }

  /** Fixed paths served without a handler pattern of their own (the page, health, the favicon). */
  private static final java.util.Set<String> KNOWN =
      java.util.Set.of("/", "/index.html", "/app.js", "/app.css", "/favicon.ico", "/health", "/error");

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
