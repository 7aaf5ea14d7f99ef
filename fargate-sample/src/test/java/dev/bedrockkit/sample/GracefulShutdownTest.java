package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.sample.local.LocalEmulator;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Closing the application (what SIGTERM does) lets open streams finish, ends those that cannot
 * finish in time with an error event, and refuses new ones meanwhile. Its own application, since
 * it closes it.
 */
class GracefulShutdownTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void openStreamsFinishOrEndCleanlyWhenTheApplicationCloses() throws Exception {
    ConfigurableApplicationContext app =
        new SpringApplicationBuilder(SampleApplication.class)
            .profiles("local")
            .run(
                "--server.port=0",
                "--sample.local.latency=zero",
                "--sample.stream.heartbeat=200ms",
                // 3 s phase: 2 s to let streams finish, 1 s to end the others.
                "--spring.lifecycle.timeout-per-shutdown-phase=3s",
                "--sample.stream.shutdown-end-grace=1s",
                "--bedrock-kit.health.probe.enabled=false");
    int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
    app.getBean(LocalEmulator.class).emulator().faults().slowStreams(Duration.ofMillis(150));
    String longMessage =
        IntStream.rangeClosed(1, 60).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));

    try (SseClient shortAnswer = SseClient.open(port, "/v1/chat/stream?message=short+one");
        SseClient longAnswer =
            SseClient.open(port, "/v1/chat/stream" + Http.query(Map.of("message", longMessage)))) {
      shortAnswer.await("delta", WAIT);
      longAnswer.await("delta", WAIT);

      long closing = System.nanoTime();
      CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close);
      ChatStreamTest.awaitTime(closing + Duration.ofMillis(300).toNanos());
      Http.Reply refused = new Http(port).get("/v1/chat/stream?message=too+late");

      // Finishes within the 2 s it is given: a normal answer.
      JsonNode done = shortAnswer.await("done", WAIT).json();
      assertThat(done.get("text").asString()).endsWith("echo: short one");
      // Would need 9 s: ended at the deadline with a problem that says to retry.
      JsonNode problem = longAnswer.await("error", WAIT).json();
      longAnswer.awaitEnd(WAIT);
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("type").asString()).endsWith("#problem-shutting-down");
      assertThat(longAnswer.events("done")).isEmpty();
      // New streams are refused while draining.
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().get("type").asString()).endsWith("#problem-shutting-down");
      assertThat(refused.header("Retry-After")).isEqualTo("1");

      closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
    } finally {
      app.close();
    }
  }
}
