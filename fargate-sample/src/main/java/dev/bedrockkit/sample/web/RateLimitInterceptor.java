package dev.bedrockkit.sample.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses a request with 429 {@code rate-limited} and {@code Retry-After} when its client has no
 * token left. A stream counts as one request, when it opens. Thread-safe.
 */
final class RateLimitInterceptor implements HandlerInterceptor {
  private final RateLimiter limiter;
  private final ClientKeys clients;

  RateLimitInterceptor(RateLimiter limiter, ClientKeys clients) {
    this.limiter = limiter;
    this.clients = clients;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      return true; // async and error dispatches of a request already counted
    }
    Duration wait = limiter.tryAcquire(clients.of(request));
    if (!wait.isZero()) {
      throw new ApiException(
          ProblemType.RATE_LIMITED,
          "This client sent too many requests; try again in "
              + Math.max(1, (wait.toMillis() + 999) / 1000)
              + " seconds.",
          List.of(),
          wait);
    }
    return true;
  }
}
