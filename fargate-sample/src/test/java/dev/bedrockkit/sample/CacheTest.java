package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.Operation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The exact response cache, scoped per client (the default). */
class CacheTest extends SampleTestBase {
  private static final String TICKET =
      "{\"subject\": \"Parcel late\", \"body\": \"My order has not arrived after two weeks.\"}";

  @Test
  void theSecondIdenticalRequestIsACacheHit() {
    Map<String, String> client = Map.of("X-Forwarded-For", Http.newClient());
    JsonNode first = http.post("/v1/chat", "{\"message\": \"What is a cache?\"}", client).json();

    JsonNode second = http.post("/v1/chat", "{\"message\": \"What is a cache?\"}", client).json();

    assertThat(first.get("fromCache").asBoolean()).isFalse();
    assertThat(second.get("fromCache").asBoolean()).isTrue();
    assertThat(second.get("text")).isEqualTo(first.get("text"));
    assertThat(second.get("model")).isEqualTo(first.get("model"));
    assertThat(second.get("usage").get("totalTokens").asInt()).isZero();
    assertThat(second.get("costUsd").asString()).isEqualTo("0");
    assertThat(second.get("attempts")).isEmpty();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(1);
  }

  @Test
  void anotherClientDoesNotGetTheCachedAnswer() {
    http.post("/v1/chat", "{\"message\": \"Mine only\"}", Map.of("X-Forwarded-For", Http.newClient()));

    JsonNode other =
        http.post("/v1/chat", "{\"message\": \"Mine only\"}", Map.of("X-Forwarded-For", Http.newClient()))
            .json();

    assertThat(other.get("fromCache").asBoolean()).isFalse();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(2);
  }

  @Test
  void aDifferentHistoryOrSettingIsADifferentQuestion() {
    Map<String, String> client = Map.of("X-Forwarded-For", Http.newClient());
    http.post("/v1/chat", "{\"message\": \"Again?\"}", client);

    JsonNode withHistory =
        http.post(
                "/v1/chat",
                "{\"message\": \"Again?\", \"history\": [{\"role\": \"user\", \"text\": \"Hi\"},"
                    + " {\"role\": \"assistant\", \"text\": \"Hello\"}]}",
                client)
            .json();
    JsonNode withMaxTokens =
        http.post("/v1/chat", "{\"message\": \"Again?\", \"maxTokens\": 50}", client).json();

    assertThat(withHistory.get("fromCache").asBoolean()).isFalse();
    assertThat(withMaxTokens.get("fromCache").asBoolean()).isFalse();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(3);
  }

  @Test
  void aHighTemperatureAsksForVarietyAndIsNotCached() {
    Map<String, String> client = Map.of("X-Forwarded-For", Http.newClient());
    String body = "{\"message\": \"Surprise me\", \"temperature\": 0.9}";

    http.post("/v1/chat", body, client);
    JsonNode second = http.post("/v1/chat", body, client).json();

    assertThat(second.get("fromCache").asBoolean()).isFalse();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(2);
  }

  @Test
  void aCachedAnswerIsReplayedAsAStream() {
    String client = Http.newClient();
    String path = "/v1/chat/stream?message=stream+it+twice";
    try (SseClient first = SseClient.open(port, path, Map.of("X-Forwarded-For", client))) {
      first.await("done", Duration.ofSeconds(20));
    }

    try (SseClient second = SseClient.open(port, path, Map.of("X-Forwarded-For", client))) {
      JsonNode done = second.await("done", Duration.ofSeconds(20)).json();

      assertThat(done.get("fromCache").asBoolean()).isTrue();
      String replayed =
          second.events("delta").stream()
              .map(e -> e.json().get("text").asString())
              .collect(java.util.stream.Collectors.joining());
      assertThat(replayed).isEqualTo(done.get("text").asString());
    }
    assertThat(emulator().journal().calls(Operation.CONVERSE_STREAM)).hasSize(1);
  }

  @Test
  void aDegradedAnswerIsNeverCached() {
    Map<String, String> client = Map.of("X-Forwarded-For", Http.newClient());
    emulator().faults().throttleNext(2);
    assertThat(http.post("/v1/chat", "{\"message\": \"busy?\"}", client).json().get("degraded").asBoolean())
        .isTrue();

    JsonNode next = http.post("/v1/chat", "{\"message\": \"busy?\"}", client).json();

    assertThat(next.get("degraded").asBoolean()).isFalse();
    assertThat(next.get("fromCache").asBoolean()).isFalse();
  }

  @Test
  void anIdenticalTicketIsTriagedOnce() {
    Map<String, String> client = Map.of("X-Forwarded-For", Http.newClient());
    JsonNode first = http.post("/v1/tickets/triage", TICKET, client).json();

    JsonNode second = http.post("/v1/tickets/triage", TICKET, client).json();

    assertThat(second.get("fromCache").asBoolean()).isTrue();
    assertThat(second.get("triage")).isEqualTo(first.get("triage"));
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(1);
  }
}
