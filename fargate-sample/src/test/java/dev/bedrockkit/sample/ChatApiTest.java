package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/chat} against the in-process emulator. */
class ChatApiTest extends SampleTestBase {

  @Test
  void answersWithTheModelsTextTokensCostModelAndRequestId() {
    Http.Reply reply =
        http.post(
            "/v1/chat",
            "{\"message\": \"What is Amazon Bedrock?\"}",
            Map.of("X-Request-Id", "test-chat-1"));

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.header("X-Request-Id")).isEqualTo("test-chat-1");
    JsonNode json = reply.json();
    assertThat(json.get("text").asString())
        .isEqualTo("[" + FIRST + "] echo: What is Amazon Bedrock?");
    assertThat(json.get("model").asString()).isEqualTo(FIRST);
    assertThat(json.get("region").asString()).isEqualTo("us-east-1");
    assertThat(json.get("usage"))
        .isEqualTo(
            Http.JSON.readTree(
                "{\"inputTokens\":6,\"outputTokens\":19,\"cacheReadInputTokens\":0,"
                    + "\"cacheWriteInputTokens\":0,\"totalTokens\":25}"));
    // Claude 3.5 Haiku list price: 6 x $0.80 + 19 x $4.00 per million tokens.
    assertThat(json.get("costUsd").asString()).isEqualTo("0.00008080");
    assertThat(json.get("fromCache").asBoolean()).isFalse();
    assertThat(json.get("degraded").asBoolean()).isFalse();
    assertThat(json.get("fellBack").asBoolean()).isFalse();
    assertThat(json.get("attempts")).hasSize(1);
    assertThat(json.get("attempts").get(0).get("model").asString()).isEqualTo(FIRST);
    assertThat(json.get("attempts").get(0).get("outcome").asString()).isEqualTo("SUCCESS");
    assertThat(json.get("stopReason").asString()).isEqualTo("end_turn");
    assertThat(json.get("requestId").asString()).isEqualTo("test-chat-1");
    assertThat(json.get("bedrockRequestId").asString()).isNotBlank();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(1);
  }

  @Test
  void sendsHistoryAndInferenceSettingsToTheModel() {
    Http.Reply reply =
        http.post(
            "/v1/chat",
            """
            {"message": "And in Paris?",
             "history": [{"role": "user", "text": "Weather in Rome?"},
                         {"role": "assistant", "text": "Sunny."}],
             "maxTokens": 64, "temperature": 0.25}
            """);

    assertThat(reply.status()).isEqualTo(200);
    RecordedCall call = emulator().journal().last();
    assertThat(call.operation()).isEqualTo(Operation.CONVERSE);
    JsonNode body = Http.JSON.readTree(call.rawBody());
    assertThat(body.at("/messages/0/role").asString()).isEqualTo("user");
    assertThat(body.at("/messages/0/content/0/text").asString()).isEqualTo("Weather in Rome?");
    assertThat(body.at("/messages/1/role").asString()).isEqualTo("assistant");
    assertThat(body.at("/messages/1/content/0/text").asString()).isEqualTo("Sunny.");
    assertThat(body.at("/messages/2/content/0/text").asString()).isEqualTo("And in Paris?");
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(64);
    assertThat(body.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.25);
  }

  @Test
  void fallbackIsVisibleWhenTheFirstModelIsThrottled() {
    emulator().faults().forModel(FIRST).throttleNext(1);

    JsonNode json = http.post("/v1/chat", "{\"message\": \"hello\"}").json();

    assertThat(json.get("model").asString()).isEqualTo(SECOND);
    assertThat(json.get("text").asString()).isEqualTo("[" + SECOND + "] echo: hello");
    assertThat(json.get("fellBack").asBoolean()).isTrue();
    assertThat(json.get("attempts")).hasSize(2);
    JsonNode first = json.get("attempts").get(0);
    assertThat(first.get("model").asString()).isEqualTo(FIRST);
    assertThat(first.get("outcome").asString()).isEqualTo("THROTTLED");
    assertThat(first.get("errorType").asString()).isEqualTo("ThrottlingException");
    JsonNode second = json.get("attempts").get(1);
    assertThat(second.get("model").asString()).isEqualTo(SECOND);
    assertThat(second.get("outcome").asString()).isEqualTo("SUCCESS");
  }

  @Test
  void degradedAnswerWhenEveryModelFails() {
    emulator().faults().throttleNext(2);

    Http.Reply reply = http.post("/v1/chat", "{\"message\": \"hello\"}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("degraded").asBoolean()).isTrue();
    assertThat(json.get("text").asString())
        .isEqualTo("The assistant is busy; please try again in a minute.");
    assertThat(json.get("model").isNull()).isTrue();
    assertThat(json.get("attempts")).hasSize(2);
  }

  @Test
  void everyModelFailingWithoutADegradedMessageIs503WithRetryAfter() {
    putModels(chainWithoutDegradedMessage(true));
    emulator().faults().throttleNext(2);

    Http.Reply reply =
        http.post("/v1/chat", "{\"message\": \"hello\"}", Map.of("X-Request-Id", "test-503"));

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.header("Retry-After")).isEqualTo("10");
    assertThat(reply.json())
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"type": "https://github.com/bedrock-kit/bedrock-kit/blob/main/fargate-sample/README.md#problem-models-unavailable",
                 "title": "No model could answer",
                 "status": 503,
                 "detail": "Every model is busy or failing right now; try again in 10 seconds.",
                 "instance": "/v1/chat",
                 "attempts": 2,
                 "requestId": "test-503"}
                """));
  }

  @Test
  void killSwitchFlippedInParameterStoreRefusesWith503() {
    putModels(chainWithoutDegradedMessage(false));

    Http.Reply reply =
        http.post("/v1/chat", "{\"message\": \"hello\"}", Map.of("X-Request-Id", "test-kill"));

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("60");
    assertThat(reply.json())
        .isEqualTo(
            Http.JSON.readTree(
                """
                {"type": "https://github.com/bedrock-kit/bedrock-kit/blob/main/fargate-sample/README.md#problem-assistant-disabled",
                 "title": "Assistant switched off",
                 "status": 503,
                 "detail": "The operators have switched model calls off; try again later.",
                 "instance": "/v1/chat",
                 "requestId": "test-kill"}
                """));
    assertThat(emulator().journal().calls(Operation.CONVERSE)).isEmpty();
  }

  @Test
  void killSwitchWithADegradedMessageAnswersWithIt() {
    putModels(chainWithDegradedMessage(false, "Switched off for maintenance."));

    Http.Reply reply = http.post("/v1/chat", "{\"message\": \"hello\"}");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("degraded").asBoolean()).isTrue();
    assertThat(json.get("text").asString()).isEqualTo("Switched off for maintenance.");
    assertThat(json.get("attempts")).isEmpty();
    assertThat(emulator().journal().calls(Operation.CONVERSE)).isEmpty();
  }

  @Test
  void switchingTheKillSwitchBackOnAnswersAgain() {
    putModels(chainWithoutDegradedMessage(false));
    assertThat(http.post("/v1/chat", "{\"message\": \"hello\"}").status()).isEqualTo(503);

    putModels(chainWithoutDegradedMessage(true));

    Http.Reply reply = http.post("/v1/chat", "{\"message\": \"hello\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().get("model").asString()).isEqualTo(FIRST);
  }

  @Test
  void anUnsafeIncomingRequestIdIsReplaced() {
    Http.Reply reply =
        http.post(
            "/v1/chat", "{\"message\": \"hello\"}", Map.of("X-Request-Id", "bad id <script>"));

    String id = reply.header("X-Request-Id");
    assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(reply.json().get("requestId").asString()).isEqualTo(id);
  }
}
