package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad requests get RFC 9457 problem details with exact fields, never a stack trace. */
class ProblemDetailsTest extends SampleTestBase {
  private static final String TYPE =
      "https://github.com/bedrock-kit/bedrock-kit/blob/main/fargate-sample/README.md#problem-";

  private void assertProblem(Http.Reply reply, int status, String json) {
    assertThat(reply.status()).isEqualTo(status);
    assertThat(reply.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reply.json()).isEqualTo(Http.JSON.readTree(json));
    assertThat(reply.body()).doesNotContain("Exception", "\tat ", "trace");
  }

  @Test
  void everyInvalidFieldIsListedInTheRequestsOwnNames() {
    Http.Reply reply =
        http.post(
            "/v1/chat",
            """
            {"message": " ", "history": [{"role": "assistant", "text": ""}],
             "maxTokens": 0, "temperature": 2, "chain": "nope"}
            """,
            Map.of("X-Request-Id", "p-1"));

    assertProblem(
        reply,
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "7 fields are invalid; see errors", "instance": "/v1/chat",
         "field": "message",
         "errors": [
           {"field": "message", "message": "must not be blank"},
           {"field": "history[0].role", "message": "must be user (turns alternate, starting with user) but was 'assistant'"},
           {"field": "history[0].text", "message": "must not be blank"},
           {"field": "history", "message": "must end with an assistant turn (message is the next user turn)"},
           {"field": "chain", "message": "must name a configured chain: default"},
           {"field": "maxTokens", "message": "must be between 1 and 4096 but was 0"},
           {"field": "temperature", "message": "must be between 0 and 1 but was 2.0"}],
         "requestId": "p-1"}
        """
            .formatted(TYPE));
  }

  @Test
  void aMessageTooLongNamesTheLimit() {
    Http.Reply reply =
        http.post(
            "/v1/chat",
            "{\"message\": \"" + "x".repeat(8001) + "\"}",
            Map.of("X-Request-Id", "p-2"));

    assertProblem(
        reply,
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "message must be at most 8000 characters but was 8001", "instance": "/v1/chat",
         "field": "message",
         "errors": [{"field": "message", "message": "must be at most 8000 characters but was 8001"}],
         "requestId": "p-2"}
        """
            .formatted(TYPE));
  }

  @Test
  void anUnknownFieldIsNamed() {
    assertProblem(
        http.post("/v1/chat", "{\"mesage\": \"hi\"}", Map.of("X-Request-Id", "p-3")),
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "mesage is not a known field; check the spelling", "instance": "/v1/chat",
         "field": "mesage",
         "errors": [{"field": "mesage", "message": "is not a known field; check the spelling"}],
         "requestId": "p-3"}
        """
            .formatted(TYPE));
  }

  @Test
  void aWrongTypeIsNamed() {
    assertProblem(
        http.post("/v1/chat", "{\"message\": \"hi\", \"maxTokens\": \"many\"}", Map.of("X-Request-Id", "p-4")),
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "maxTokens has the wrong type or format", "instance": "/v1/chat",
         "field": "maxTokens",
         "errors": [{"field": "maxTokens", "message": "has the wrong type or format"}],
         "requestId": "p-4"}
        """
            .formatted(TYPE));
  }

  @Test
  void malformedJsonIsA400() {
    assertProblem(
        http.post("/v1/chat", "{\"message\": ", Map.of("X-Request-Id", "p-5")),
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "body must be a JSON object", "instance": "/v1/chat",
         "field": "body",
         "errors": [{"field": "body", "message": "must be a JSON object"}],
         "requestId": "p-5"}
        """
            .formatted(TYPE));
  }

  @Test
  void aStreamParameterOfTheWrongTypeIsNamed() {
    assertProblem(
        http.get("/v1/chat/stream?message=hi&maxTokens=many", Map.of("X-Request-Id", "p-6")),
        400,
        """
        {"type": "%sinvalid-request", "title": "Invalid request", "status": 400,
         "detail": "maxTokens must be a whole number", "instance": "/v1/chat/stream",
         "field": "maxTokens",
         "errors": [{"field": "maxTokens", "message": "must be a whole number"}],
         "requestId": "p-6"}
        """
            .formatted(TYPE));
  }

  @Test
  void aMalformedStreamHistoryIsNamed() {
    Http.Reply reply =
        http.get(
            "/v1/chat/stream" + Http.query(Map.of("message", "hi", "history", "[{\"role\":")),
            Map.of("X-Request-Id", "p-7"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.json().get("field").asString()).isEqualTo("history");
    assertThat(reply.json().get("detail").asString())
        .isEqualTo("history must be a JSON array of {\"role\": ..., \"text\": ...} objects");
  }

  @Test
  void springsOwnErrorsAreProblemsWithTheRequestId() {
    assertProblem(
        http.get("/nothing-here", Map.of("X-Request-Id", "p-8")),
        404,
        """
        {"title": "Not Found", "status": 404, "detail": "No static resource nothing-here.",
         "instance": "/nothing-here", "requestId": "p-8"}
        """);
    assertProblem(
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/chat")).DELETE(), Map.of("X-Request-Id", "p-9")),
        405,
        """
        {"title": "Method Not Allowed", "status": 405, "detail": "Method 'DELETE' is not supported.",
         "instance": "/v1/chat", "requestId": "p-9"}
        """);
    assertProblem(
        http.send(
            HttpRequest.newBuilder(http.uri("/v1/chat"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("hi")),
            Map.of("X-Request-Id", "p-10")),
        415,
        """
        {"title": "Unsupported Media Type", "status": 415,
         "detail": "Content-Type 'text/plain' is not supported.",
         "instance": "/v1/chat", "requestId": "p-10"}
        """);
  }
}
