package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Regression: the access log wrote each request's raw path at INFO, so a client could put any text
 * in the log by asking for an unknown path (found by the reliability suite's hostile HTTP requests:
 * {@code GET /v1/<its canary>} appeared at INFO). It now names the route that answered, and
 * {@code <unmatched>} for paths the service does not know.
 */
class AccessLogNamesTheRouteNotTheRawPathTest extends SampleTestBase {
  static final String CANARY = "client-text-canary-51f0";
  private final Logger access = (Logger) LoggerFactory.getLogger("dev.bedrockkit.sample.access");
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private ch.qos.logback.classic.Level level;

  @BeforeEach
  void capture() {
    level = access.getLevel();
    access.setLevel(ch.qos.logback.classic.Level.INFO); // the tests' root level is WARN
    lines.start();
    access.addAppender(lines);
  }

  @AfterEach
  void release() {
    access.detachAppender(lines);
    access.setLevel(level);
  }

  /** Access lines at INFO (the raw path may go to DEBUG). */
  private List<String> messages() {
    synchronized (lines.list) {
      return lines.list.stream()
          .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.INFO))
          .map(ILoggingEvent::getFormattedMessage)
          .toList();
    }
  }

  private void awaitLine(String prefix) {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    while (messages().stream().noneMatch(m -> m.startsWith(prefix)) && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
  }

  @Test
  void anUnknownPathIsLoggedAsUnmatched() {
    assertThat(http.get("/v1/" + CANARY).status()).isEqualTo(404);
    assertThat(http.get("/" + CANARY + "/../x").status()).isEqualTo(404);
    awaitLine("GET <unmatched> 404 ");

    assertThat(messages()).isNotEmpty().noneMatch(m -> m.contains(CANARY));
    assertThat(messages()).anyMatch(m -> m.startsWith("GET <unmatched> 404 "));
  }

  @Test
  void aKnownRouteIsLoggedByItsName() {
    assertThat(http.post("/v1/chat", "{\"message\":\"hi\"}").status()).isEqualTo(200);
    assertThat(http.get("/health").status()).isEqualTo(200);
    assertThat(http.get("/app.js").status()).isEqualTo(200);

    // The line is written after the response is flushed: the client may read it first.
    awaitLine("GET /app.js 200 ");
    assertThat(messages())
        .anyMatch(m -> m.startsWith("POST /v1/chat 200 "))
        .anyMatch(m -> m.startsWith("GET /health 200 "))
        .anyMatch(m -> m.startsWith("GET /app.js 200 "));
  }
}
