package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.PayloadPart;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Model-native bodies on InvokeModel and InvokeModelWithResponseStream. */
class InvokeModelTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String CLAUDE_BODY = """
      {"anthropic_version":"bedrock-2023-05-31","max_tokens":200,"system":"Be brief.",
       "messages":[{"role":"user","content":[{"type":"text","text":"Hello Claude"}]}]}""";

  private static JsonNode json(SdkBytes bytes) throws Exception {
    return JSON.readTree(bytes.asUtf8String());
  }

  private static InvokeModelResponse invoke(BedrockRuntimeClient client, String model, String body) {
    return client.invokeModel(b -> b.modelId(model).contentType("application/json").accept("application/json")
        .body(SdkBytes.fromUtf8String(body)));
  }

  @Test
  void claudeMessagesBodyGetsAnAnthropicMessageAndTokenHeaders(BedrockRuntimeClient client) throws Exception {
    InvokeModelResponse r = invoke(client, ModelCatalog.CLAUDE_3_HAIKU, CLAUDE_BODY);

    JsonNode body = json(r.body());
    String text = "[anthropic.claude-3-haiku-20240307-v1:0] echo: Hello Claude";
    assertThat(body.get("id").asText()).matches("msg_bdrk_[0-9A-Za-z]{22}");
    assertThat(body.get("type").asText()).isEqualTo("message");
    assertThat(body.get("role").asText()).isEqualTo("assistant");
    assertThat(body.get("model").asText()).isEqualTo("claude-3-haiku-20240307");
    assertThat(body.at("/content/0/type").asText()).isEqualTo("text");
    assertThat(body.at("/content/0/text").asText()).isEqualTo(text);
    assertThat(body.get("stop_reason").asText()).isEqualTo("end_turn");
    assertThat(body.get("stop_sequence").isNull()).isTrue();
    assertThat(body.at("/usage/input_tokens").asInt()).isEqualTo(6); // "Be brief.Hello Claude" = 21 chars
    assertThat(body.at("/usage/output_tokens").asInt()).isEqualTo((text.length() + 3) / 4);
    assertThat(r.contentType()).isEqualTo("application/json");
    var headers = r.sdkHttpResponse().headers();
    assertThat(headers.get("X-Amzn-Bedrock-Input-Token-Count")).containsExactly("6");
    assertThat(headers.get("X-Amzn-Bedrock-Output-Token-Count")).containsExactly(Integer.toString((text.length() + 3) / 4));
    assertThat(headers.get("X-Amzn-Bedrock-Invocation-Latency")).containsExactly("0");
    assertThat(r.responseMetadata().requestId()).isNotBlank();
  }

  @Test
  void claudeMaxTokensTruncatesAndStopSequenceIsReported(BedrockRuntimeClient client) throws Exception {
    JsonNode truncated = json(invoke(client, ModelCatalog.CLAUDE_3_HAIKU, CLAUDE_BODY.replace("\"max_tokens\":200", "\"max_tokens\":1")).body());
    JsonNode stopped = json(invoke(client, ModelCatalog.CLAUDE_3_HAIKU,
        CLAUDE_BODY.replace("\"max_tokens\":200", "\"max_tokens\":200,\"stop_sequences\":[\"Claude\"]")).body());

    assertThat(truncated.at("/content/0/text").asText()).isEqualTo("[ant");
    assertThat(truncated.get("stop_reason").asText()).isEqualTo("max_tokens");
    assertThat(stopped.at("/content/0/text").asText()).isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: Hello ");
    assertThat(stopped.get("stop_reason").asText()).isEqualTo("stop_sequence");
    assertThat(stopped.get("stop_sequence").asText()).isEqualTo("Claude");
  }

  @Test
  void claudeForcedToolGetsAToolUseBlock(BedrockRuntimeClient client) throws Exception {
    String body = """
        {"anthropic_version":"bedrock-2023-05-31","max_tokens":200,
         "tools":[{"name":"person","input_schema":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"}},"required":["name","age"]}}],
         "tool_choice":{"type":"tool","name":"person"},
         "messages":[{"role":"user","content":"Ada Lovelace, 36"}]}""";

    JsonNode r = json(invoke(client, ModelCatalog.CLAUDE_3_5_SONNET, body).body());

    assertThat(r.at("/content/0/type").asText()).isEqualTo("tool_use");
    assertThat(r.at("/content/0/id").asText()).startsWith("toolu_bdrk_");
    assertThat(r.at("/content/0/name").asText()).isEqualTo("person");
    assertThat(r.at("/content/0/input").toString()).isEqualTo("{\"name\":\"Ada Lovelace, 36\",\"age\":1}");
    assertThat(r.get("stop_reason").asText()).isEqualTo("tool_use");
  }

  @Test
  void claudeBodyWithoutRequiredKeysIsMalformed(BedrockRuntimeClient client) {
    Throwable t = catchThrowable(() -> invoke(client, ModelCatalog.CLAUDE_3_HAIKU, "{\"anthropic_version\":\"bedrock-2023-05-31\"}"));

    assertThat(t).isInstanceOf(ValidationException.class);
    assertThat(((ValidationException) t).awsErrorDetails().errorMessage()).isEqualTo(
        "Malformed input request: #: required key [max_tokens] not found#: required key [messages] not found, please reformat your input and try again.");
  }

  @Test
  void nonObjectBodyIsMalformed(BedrockRuntimeClient client) {
    Throwable t = catchThrowable(() -> invoke(client, ModelCatalog.CLAUDE_3_HAIKU, "[1,2]"));

    assertThat(((ValidationException) t).awsErrorDetails().errorMessage()).isEqualTo(
        "Malformed input request: expected type: JSONObject, found: JSONArray, please reformat your input and try again.");
  }

  @Test
  void claudeMaxTokensAboveTheLimitIsRejected(BedrockRuntimeClient client) {
    Throwable t = catchThrowable(() -> invoke(client, ModelCatalog.CLAUDE_3_HAIKU, CLAUDE_BODY.replace("200", "5000")));

    assertThat(((ValidationException) t).awsErrorDetails().errorMessage()).isEqualTo(
        "max_tokens: 5000 > 4096, which is the maximum allowed number of output tokens for claude-3-haiku-20240307");
  }

  @Test
  void titanTextGetsResultsWithCompletionReason(BedrockRuntimeClient client) throws Exception {
    JsonNode r = json(invoke(client, ModelCatalog.TITAN_TEXT_EXPRESS,
        "{\"inputText\":\"Tell me about Lisbon\",\"textGenerationConfig\":{\"maxTokenCount\":100}}").body());

    assertThat(r.get("inputTextTokenCount").asInt()).isEqualTo(5);
    assertThat(r.at("/results/0/outputText").asText()).isEqualTo("[amazon.titan-text-express-v1] echo: Tell me about Lisbon");
    assertThat(r.at("/results/0/tokenCount").asInt()).isEqualTo(15);
    assertThat(r.at("/results/0/completionReason").asText()).isEqualTo("FINISH");
  }

  @Test
  void titanTextLengthLimitReportsLength(BedrockRuntimeClient client) throws Exception {
    JsonNode r = json(invoke(client, ModelCatalog.TITAN_TEXT_LITE,
        "{\"inputText\":\"x\",\"textGenerationConfig\":{\"maxTokenCount\":2}}").body());

    assertThat(r.at("/results/0/completionReason").asText()).isEqualTo("LENGTH");
    assertThat(r.at("/results/0/outputText").asText()).isEqualTo("[amazon.");
  }

  @Test
  void titanWithoutInputTextIsMalformed(BedrockRuntimeClient client) {
    Throwable t = catchThrowable(() -> invoke(client, ModelCatalog.TITAN_TEXT_EXPRESS, "{\"prompt\":\"x\"}"));

    assertThat(((ValidationException) t).awsErrorDetails().errorMessage())
        .isEqualTo("Malformed input request: #: required key [inputText] not found, please reformat your input and try again.");
  }

  @Test
  void llamaGetsAGenerationFromTheLastUserTurn(BedrockRuntimeClient client) throws Exception {
    String prompt = "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\\n\\nHi Llama<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\\n\\n";
    JsonNode r = json(invoke(client, ModelCatalog.LLAMA3_8B, "{\"prompt\":\"" + prompt + "\",\"max_gen_len\":64}").body());

    assertThat(r.get("generation").asText()).isEqualTo("[meta.llama3-8b-instruct-v1:0] echo: Hi Llama");
    assertThat(r.get("stop_reason").asText()).isEqualTo("stop");
    assertThat(r.get("generation_token_count").asInt()).isEqualTo(12); // 45 characters
  }

  @Test
  void titanEmbeddingsV2AreDeterministicUnitVectorsOfTheRequestedSize(BedrockRuntimeClient client) throws Exception {
    JsonNode a = json(invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"The cat sat on the mat\",\"dimensions\":256,\"normalize\":true}").body());
    JsonNode again = json(invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"The cat sat on the mat\",\"dimensions\":256,\"normalize\":true}").body());

    assertThat(a.get("embedding")).hasSize(256);
    assertThat(a.get("inputTextTokenCount").asInt()).isEqualTo(6);
    assertThat(a.get("embedding")).isEqualTo(again.get("embedding"));
    assertThat(norm(a.get("embedding"))).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
  }

  @Test
  void titanEmbeddingsDefaultTo1024DimensionsAndV1To1536(BedrockRuntimeClient client) throws Exception {
    assertThat(json(invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"x\"}").body()).get("embedding")).hasSize(1024);
    assertThat(json(invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V1, "{\"inputText\":\"x\"}").body()).get("embedding")).hasSize(1536);
  }

  @Test
  void similarTextsGetCloserEmbeddingsThanUnrelatedOnes(BedrockRuntimeClient client) throws Exception {
    double[] cat = vector(client, "the cat sat on the mat");
    double[] cats = vector(client, "a cat sat on a mat");
    double[] bond = vector(client, "quarterly bond yields rose sharply");

    assertThat(dot(cat, cats)).isGreaterThan(dot(cat, bond) + 0.3);
  }

  @Test
  void invalidEmbeddingDimensionsAreMalformed(BedrockRuntimeClient client) {
    Throwable t = catchThrowable(() -> invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"x\",\"dimensions\":100}"));

    assertThat(((ValidationException) t).awsErrorDetails().errorMessage())
        .isEqualTo("Malformed input request: #/dimensions: 100 is not a valid enum value, please reformat your input and try again.");
  }

  private static double[] vector(BedrockRuntimeClient client, String text) throws Exception {
    JsonNode e = json(invoke(client, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"" + text + "\",\"dimensions\":512}").body()).get("embedding");
    double[] v = new double[e.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = e.get(i).asDouble();
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(JsonNode v) {
    double s = 0;
    for (JsonNode x : v) {
      s += x.asDouble() * x.asDouble();
    }
    return Math.sqrt(s);
  }

  private static List<JsonNode> streamChunks(BedrockRuntimeAsyncClient async, String model, String body) {
    List<JsonNode> chunks = new ArrayList<>();
    async.invokeModelWithResponseStream(b -> b.modelId(model).body(SdkBytes.fromUtf8String(body)),
        InvokeModelWithResponseStreamResponseHandler.builder()
            .subscriber(InvokeModelWithResponseStreamResponseHandler.Visitor.builder()
                .onChunk((PayloadPart p) -> {
                  try {
                    chunks.add(JSON.readTree(p.bytes().asUtf8String()));
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }).build())
            .build()).join();
    return chunks;
  }

  @Test
  void claudeStreamSendsAnthropicEventsWithInvocationMetricsLast(BedrockRuntimeAsyncClient async) {
    List<JsonNode> chunks = streamChunks(async, ModelCatalog.CLAUDE_3_HAIKU, CLAUDE_BODY);

    assertThat(chunks).extracting(c -> c.get("type").asText()).containsExactly(
        "message_start", "content_block_start", "content_block_delta", "content_block_delta",
        "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
    StringBuilder text = new StringBuilder();
    chunks.stream().filter(c -> c.get("type").asText().equals("content_block_delta"))
        .forEach(c -> text.append(c.at("/delta/text").asText()));
    assertThat(text.toString()).isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: Hello Claude");
    assertThat(chunks.get(0).at("/message/usage/input_tokens").asInt()).isEqualTo(6);
    assertThat(chunks.get(7).at("/delta/stop_reason").asText()).isEqualTo("end_turn");
    JsonNode metrics = chunks.get(8).get("amazon-bedrock-invocationMetrics");
    assertThat(metrics.get("inputTokenCount").asInt()).isEqualTo(6);
    assertThat(metrics.get("outputTokenCount").asInt()).isEqualTo((text.length() + 3) / 4);
    assertThat(metrics.has("invocationLatency")).isTrue();
    assertThat(metrics.has("firstByteLatency")).isTrue();
  }

  @Test
  void titanStreamSendsOutputTextChunksWithTheReasonLast(BedrockRuntimeAsyncClient async) {
    List<JsonNode> chunks = streamChunks(async, ModelCatalog.TITAN_TEXT_EXPRESS, "{\"inputText\":\"a b\"}");

    StringBuilder text = new StringBuilder();
    chunks.forEach(c -> text.append(c.get("outputText").asText()));
    assertThat(text.toString()).isEqualTo("[amazon.titan-text-express-v1] echo: a b");
    assertThat(chunks).hasSize(4);
    assertThat(chunks.get(0).get("completionReason").isNull()).isTrue();
    assertThat(chunks.get(3).get("completionReason").asText()).isEqualTo("FINISH");
    assertThat(chunks.get(3).get("amazon-bedrock-invocationMetrics").get("outputTokenCount").asInt()).isEqualTo(10);
  }

  @Test
  void invokeStreamMidStreamThrottlingIsTyped(BedrockRuntimeAsyncClient async) {
    BEDROCK.faults().breakNextStreamAfter(2, "throttlingException");

    Throwable t = catchThrowable(() -> streamChunks(async, ModelCatalog.CLAUDE_3_HAIKU, CLAUDE_BODY));

    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(ThrottlingException.class);
  }

  @Test
  void streamChunksAreBase64InsideTheEventPayload() throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(BEDROCK.endpoint().resolve("/model/amazon.titan-text-express-v1/invoke-with-response-stream"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"inputText\":\"hi\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.headers().firstValue("X-Amzn-Bedrock-Content-Type")).hasValue("application/json");
    var first = software.amazon.awssdk.eventstream.Message.decode(java.nio.ByteBuffer.wrap(r.body()));
    assertThat(first.getHeaders().get(":event-type").getString()).isEqualTo("chunk");
    JsonNode payload = JSON.readTree(first.getPayload());
    assertThat(payload.get("p").asText()).startsWith("abcdefghijklmnop");
    assertThat(JSON.readTree(Base64.getDecoder().decode(payload.get("bytes").asText())).get("outputText").asText())
        .isEqualTo("[amazon.titan-text-express-v1] ");
  }

  @Test
  void embeddingModelCannotStream(BedrockRuntimeAsyncClient async) {
    Throwable t = catchThrowable(() -> streamChunks(async, ModelCatalog.TITAN_EMBED_TEXT_V2, "{\"inputText\":\"x\"}"));

    assertThat(t.getCause()).isInstanceOf(ValidationException.class).hasMessageStartingWith("The model is unsupported for streaming.");
  }
}
