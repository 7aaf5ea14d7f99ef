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

/**
 * Gives every request an id ({@link RequestIds}): answered in {@code X-Request-Id}, put in the MDC
 * for every log line of the request (JSON logs carry it as a field), and logged with the method,
 * path, status and duration when the request ends, streams included (their async dispatch ends
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
            request.getRequestURI(),
            response.getStatus(),
            (System.nanoTime() - started) / 1_000_000);
      }
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  @Override
  protected boolean shouldNotFilterAsyncDispatch() {
    return false;
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }
}
