package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Per-client rate limiting over HTTP (the tests' context: a burst of 10, 6 a minute, one trusted
 * proxy).
 */
class RateLimitTest extends SampleTestBase {

  @Test
  void aClientOverItsBurstGets429WithRetryAfter() {
    String client = "203.0.113.9";
    for (int i = 0; i < 10; i++) {
      Http.Reply ok =
          http.post("/v1/chat", "{\"message\": \"hi\"}", Map.of("X-Forwarded-For", client));
      assertThat(ok.status()).as("request %d", i + 1).isEqualTo(200);
    }

    Http.Reply limited =
        http.post(
            "/v1/chat",
            "{\"message\": \"hi\"}",
            Map.of("X-Forwarded-For", client, "X-Request-Id", "rl-1"));

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 10);
    assertThat(limited.json().get("type").asString()).endsWith("#problem-rate-limited");
    assertThat(limited.json().get("title").asString()).isEqualTo("Too many requests");
    assertThat(limited.json().get("detail").asString())
        .matches("This client sent too many requests; try again in \\d+ seconds\\.");
    assertThat(limited.json().get("requestId").asString()).isEqualTo("rl-1");

    // A forged first entry does not make a new client: the proxy's entry is the last one.
    assertThat(
            http.post(
                    "/v1/chat",
                    "{\"message\": \"hi\"}",
                    Map.of("X-Forwarded-For", "192.0.2.1, " + client))
                .status())
        .isEqualTo(429);
    // A stream counts too, and is refused before it opens.
    assertThat(http.get("/v1/chat/stream?message=hi", Map.of("X-Forwarded-For", client)).status())
        .isEqualTo(429);
    // Other clients are not affected.
    assertThat(http.post("/v1/chat", "{\"message\": \"hi\"}").status()).isEqualTo(200);
  }

  @Test
  void thePageAndTheHealthCheckAreNotLimited() {
    String client = "203.0.113.10";
    for (int i = 0; i < 12; i++) {
      assertThat(http.get("/health", Map.of("X-Forwarded-For", client)).status()).isEqualTo(200);
      assertThat(http.get("/", Map.of("X-Forwarded-For", client)).status()).isEqualTo(200);
    }
  }
}
