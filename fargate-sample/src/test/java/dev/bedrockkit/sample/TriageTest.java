package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import dev.bedrockkit.test.ScriptedReply;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code POST /v1/tickets/triage}: the typed endpoint on the ticket-triage template. */
class TriageTest extends SampleTestBase {
  private static final String TICKET =
      "{\"subject\": \"Cannot log in\", \"body\": \"Since this morning the app says my password is wrong.\"}";

  @Test
  void triagesATicketIntoTypedFields() {
    emulator()
        .script(
            ScriptedReply.forAnyModel()
                .toolUse(
                    "{\"category\": \"ACCOUNT\", \"priority\": \"HIGH\","
                        + " \"summary\": \"The customer cannot log in since this morning.\"}"));

    Http.Reply reply = http.post("/v1/tickets/triage", TICKET, Map.of("X-Request-Id", "test-triage"));

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("triage"))
        .isEqualTo(
            Http.JSON.readTree(
                "{\"category\": \"ACCOUNT\", \"priority\": \"HIGH\","
                    + " \"summary\": \"The customer cannot log in since this morning.\"}"));
    assertThat(json.get("model").asString()).isEqualTo(FIRST);
    assertThat(json.get("stopReason").asString()).isEqualTo("tool_use");
    assertThat(json.get("requestId").asString()).isEqualTo("test-triage");
    assertThat(json.get("costUsd").asString()).isNotBlank();
  }

  @Test
  void theTemplateFileAndTheRecordsSchemaReachTheModel() {
    http.post("/v1/tickets/triage", TICKET);

    RecordedCall call = emulator().journal().last();
    assertThat(call.operation()).isEqualTo(Operation.CONVERSE);
    JsonNode body = Http.JSON.readTree(call.rawBody());
    assertThat(body.at("/system/0/text").asString())
        .startsWith("You triage customer support tickets for ACME.");
    assertThat(body.at("/messages/0/content/0/text").asString())
        .isEqualTo(
            "Subject: <subject>Cannot log in</subject>\n"
                + "Body: <body>Since this morning the app says my password is wrong.</body>");
    JsonNode tool = body.at("/toolConfig/tools/0/toolSpec");
    assertThat(body.at("/toolConfig/toolChoice/tool/name").asString())
        .isEqualTo(tool.get("name").asString());
    JsonNode properties = tool.at("/inputSchema/json/properties");
    assertThat(properties.at("/category/enum"))
        .isEqualTo(Http.JSON.readTree("[\"BILLING\", \"TECHNICAL\", \"ACCOUNT\", \"SHIPPING\", \"OTHER\"]"));
    assertThat(properties.at("/priority/enum"))
        .isEqualTo(Http.JSON.readTree("[\"LOW\", \"MEDIUM\", \"HIGH\", \"URGENT\"]"));
  }

  @Test
  void anAnswerThatStaysInvalidAfterOneRepairIs502() {
    emulator().script(ScriptedReply.forAnyModel().toolUse("{\"category\": \"LOST\"}"));

    Http.Reply reply = http.post("/v1/tickets/triage", TICKET, Map.of("X-Request-Id", "test-502"));

    assertThat(reply.status()).isEqualTo(502);
    JsonNode problem = reply.json();
    assertThat(problem.get("type").asString()).endsWith("#problem-invalid-model-output");
    assertThat(problem.get("title").asString()).isEqualTo("The model's answer was not valid");
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "The model's answer did not have the expected structure, even after one repair;"
                + " try again.");
    assertThat(reply.body()).doesNotContain("LOST");
    // The first answer and the one repair.
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(2);
  }

  @Test
  void noModelAnsweringIs503RatherThanATriageWithoutFields() {
    emulator().faults().throttleNext(2);

    Http.Reply reply = http.post("/v1/tickets/triage", TICKET);

    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.header("Retry-After")).isEqualTo("10");
    assertThat(reply.json().get("type").asString()).endsWith("#problem-models-unavailable");
  }

  @Test
  void anInvalidTicketNamesEveryField() {
    Http.Reply reply = http.post("/v1/tickets/triage", "{\"subject\": \" \"}");

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("errors"))
        .isEqualTo(
            Http.JSON.readTree(
                "[{\"field\": \"subject\", \"message\": \"must not be blank\"},"
                    + " {\"field\": \"body\", \"message\": \"must not be blank\"}]"));
    assertThat(emulator().journal().calls(Operation.CONVERSE)).isEmpty();
  }
}
