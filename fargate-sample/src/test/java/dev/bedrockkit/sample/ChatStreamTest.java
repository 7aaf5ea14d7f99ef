package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code GET /v1/chat/stream}: Server-Sent Events against the in-process emulator. */
class ChatStreamTest extends SampleTestBase {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired MeterRegistry meters;

  private SseClient open(String message) {
    return SseClient.open(port, "/v1/chat/stream" + Http.query(Map.of("message", message)));
  }

  @Test
  void deltasArriveOneByOneBeforeTheDoneEvent() {
    emulator().faults().slowStreams(Duration.ofMillis(100));

    try (SseClient sse = open("one two three four five six")) {
      SseClient.Event done = sse.await("done", WAIT);

      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.header("Content-Type")).startsWith("text/event-stream");
      List<SseClient.Event> deltas = sse.events("delta");
      String text = deltas.stream().map(e -> e.json().get("text").asString()).collect(Collectors.joining());
      assertThat(text).isEqualTo("[" + FIRST + "] echo: one two three four five six");
      assertThat(deltas).hasSize(8);
      // Paced 100 ms apart by the emulator: if the service buffered the answer, the deltas would
      // arrive together with done.
      SseClient.Event first = deltas.get(0);
      SseClient.Event last = deltas.get(deltas.size() - 1);
      assertThat(Duration.ofNanos(last.atNanos() - first.atNanos())).isGreaterThan(Duration.ofMillis(350));
      assertThat(Duration.ofNanos(done.atNanos() - first.atNanos())).isGreaterThan(Duration.ofMillis(350));
      assertThat(done.json().get("text").asString()).isEqualTo(text);
    }
  }

  @Test
  void doneCarriesTheSameFieldsAsTheJsonAnswer() {
    JsonNode posted = http.post("/v1/chat", "{\"message\": \"same\"}").json();

    try (SseClient sse =
        SseClient.open(
            port,
            "/v1/chat/stream?message=same",
            Map.of("X-Request-Id", "test-stream-1", "X-Forwarded-For", Http.newClient()))) {
      JsonNode done = sse.await("done", WAIT).json();

      assertThat(sse.header("X-Request-Id")).isEqualTo("test-stream-1");
      assertThat(fieldNames(done)).isEqualTo(fieldNames(posted));
      assertThat(done.get("text")).isEqualTo(posted.get("text"));
      assertThat(done.get("model").asString()).isEqualTo(FIRST);
      assertThat(done.get("usage")).isEqualTo(posted.get("usage"));
      assertThat(done.get("costUsd")).isEqualTo(posted.get("costUsd"));
      assertThat(done.get("requestId").asString()).isEqualTo("test-stream-1");
      sse.awaitEnd(WAIT);
      assertThat(sse.events("done")).hasSize(1);
    }
  }

  @Test
  void heartbeatCommentsFlowWhileTheModelIsSilent() {
    emulator().faults().delayNext(1, Duration.ofMillis(1000));

    try (SseClient sse = open("wait for it")) {
      SseClient.Event firstDelta = sse.await("delta", WAIT);
      sse.await("done", WAIT);

      List<SseClient.Event> before =
          sse.comments().stream().filter(c -> c.atNanos() < firstDelta.atNanos()).toList();
      assertThat(before).hasSizeGreaterThanOrEqualTo(2);
      assertThat(before.get(0).data()).isEqualTo("heartbeat");
    }
  }

  @Test
  void fallbackBeforeTheFirstTokenIsVisibleInDone() {
    emulator().faults().forModel(FIRST).throttleNext(1);

    try (SseClient sse = open("hello")) {
      JsonNode done = sse.await("done", WAIT).json();

      assertThat(done.get("model").asString()).isEqualTo(SECOND);
      assertThat(done.get("fellBack").asBoolean()).isTrue();
      assertThat(done.get("attempts").get(0).get("outcome").asString()).isEqualTo("THROTTLED");
      assertThat(sse.events("delta").get(0).json().get("text").asString())
          .isEqualTo("[" + SECOND + "] ");
    }
  }

  @Test
  void aFailureAfterTheFirstTokenEndsWithAnErrorEvent() {
    emulator().faults().breakNextStreamAfter(3, "modelStreamErrorException");

    try (SseClient sse = open("one two three four five")) {
      SseClient.Event error = sse.await("error", WAIT);
      sse.awaitEnd(WAIT);

      assertThat(sse.events("delta")).isNotEmpty();
      assertThat(sse.events("done")).isEmpty();
      JsonNode problem = error.json();
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("type").asString()).endsWith("#problem-models-unavailable");
      assertThat(problem.get("instance").asString()).isEqualTo("/v1/chat/stream");
      assertThat(problem.get("requestId").asString()).isEqualTo(sse.header("X-Request-Id"));
      assertThat(problem.toString()).doesNotContain("Exception");
      // Committed after the first token: no retry, no fallback.
      assertThat(emulator().journal().calls(Operation.CONVERSE_STREAM)).hasSize(1);
    }
  }

  @Test
  void theKillSwitchEndsTheStreamWithAProblem() {
    putModels(chainWithoutDegradedMessage(false));

    try (SseClient sse = open("hello")) {
      JsonNode problem = sse.await("error", WAIT).json();
      sse.awaitEnd(WAIT);

      assertThat(sse.status()).isEqualTo(200);
      assertThat(problem.get("status").asInt()).isEqualTo(503);
      assertThat(problem.get("title").asString()).isEqualTo("Assistant switched off");
      assertThat(emulator().journal().calls(Operation.CONVERSE_STREAM)).isEmpty();
    }
  }

  @Test
  void anInvalidStreamRequestIsRefusedBeforeTheStreamOpens() {
    Http.Reply reply = http.get("/v1/chat/stream?maxTokens=0", Map.of("X-Request-Id", "test-bad-stream"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json())
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"type": "https://github.com/bedrock-kit/bedrock-kit/blob/main/fargate-sample/README.md#problem-invalid-request",
                 "title": "Invalid request",
                 "status": 400,
                 "detail": "2 fields are invalid; see errors",
                 "instance": "/v1/chat/stream",
                 "field": "message",
                 "errors": [{"field": "message", "message": "must not be blank"},
                            {"field": "maxTokens", "message": "must be between 1 and 4096 but was 0"}],
                 "requestId": "test-bad-stream"}
                """));
  }

  @Test
  void aClientThatGoesAwayCancelsTheModelStream() {
    // 40 words paced 50 ms apart: about 2 s of answer if nobody cancelled it.
    emulator().faults().slowStreams(Duration.ofMillis(50));
    String words = IntStream.rangeClosed(1, 40).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    double cancelledBefore = streams("cancelled");
    long opened = System.nanoTime();

    try (SseClient sse = open(words)) {
      sse.await("delta", WAIT);
    } // drops the connection after the first token

    awaitTrue(() -> streams("cancelled") == cancelledBefore + 1, Duration.ofSeconds(10));
    double deltasAtCancel = modelDeltas();
    // Let the time the whole answer would have taken pass: no further text may arrive.
    awaitTime(opened + Duration.ofMillis(42 * 50 + 700).toNanos());
    double lateDeltas = modelDeltas() - deltasAtCancel;
    assertThat(lateDeltas).isLessThanOrEqualTo(1);
    assertThat(deltasAtCancel).isLessThan(42);
    assertThat(emulator().journal().calls(Operation.CONVERSE_STREAM)).hasSize(1);
    assertThat(meters.get("sample.chat.streams.active").gauge().value()).isZero();
  }

  private double streams(String outcome) {
    return meters.get("sample.chat.streams").tag("outcome", outcome).counter().count();
  }

  private double modelDeltas() {
    return meters.get("sample.chat.stream.model.deltas").counter().count();
  }

  private static java.util.Set<String> fieldNames(JsonNode node) {
    return new java.util.TreeSet<>(node.propertyNames());
  }

  static void awaitTrue(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + timeout);
      }
      parkMillis(20);
    }
  }

  /** Proving that nothing more happens needs the time to pass. */
  static void awaitTime(long nanoTime) {
    while (System.nanoTime() < nanoTime) {
      parkMillis(Math.max(1, (nanoTime - System.nanoTime()) / 1_000_000));
    }
  }

  private static void parkMillis(long millis) {
    java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
