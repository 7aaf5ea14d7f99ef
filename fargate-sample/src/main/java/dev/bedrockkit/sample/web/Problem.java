package dev.bedrockkit.sample.web;

import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * An RFC 9457 problem and its {@code Retry-After}, answered as a JSON body or sent as a stream's
 * {@code error} event.
 *
 * @param body the problem details
 * @param retryAfter when to try again, or {@code null}
 */
public record Problem(ProblemDetail body, Duration retryAfter) {

  /** The HTTP answer: status, {@code application/problem+json}, {@code Retry-After}. */
  public ResponseEntity<Object> toResponse() {
    HttpHeaders headers = new HttpHeaders();
    if (retryAfter != null) {
      headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds()));
    }
    return ResponseEntity.status(body.getStatus()).headers(headers).body(body);
  }

  /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
  public long retryAfterSeconds() {
    long seconds = (retryAfter.toMillis() + 999) / 1000;
    return Math.max(1, seconds);
  }
}
