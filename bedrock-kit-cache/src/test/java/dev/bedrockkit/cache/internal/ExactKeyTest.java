package dev.bedrockkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentFormat;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentSource;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class ExactKeyTest {
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";

  private static ChatRequest.Builder base() {
    return ChatRequest.builder()
        .model(HAIKU)
        .system("You answer questions about ACME orders.")
        .user("Where is my order?")
        .maxTokens(512)
        .temperature(0.2f)
        .topP(0.9f)
        .stopSequences("END")
        .tools(tools("{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}"))
        .additionalModelRequestFields(Document.mapBuilder().putNumber("top_k", 50).build())
        .template("order-status", "3", Map.of("question", "Where is my order?"))
        .cacheScope(CacheScope.tenant("acme"));
  }

  private static ToolConfiguration tools(String schemaJson) {
    return ToolConfiguration.builder()
        .tools(
            Tool.fromToolSpec(
                ToolSpecification.builder()
                    .name("respond")
                    .description("Answer as JSON")
                    .inputSchema(ToolInputSchema.fromJson(json(schemaJson)))
                    .build()))
        .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name("respond").build()))
        .build();
  }

  private static Document json(String json) {
    return dev.bedrockkit.cache.internal.SdkJson.jsonToDocument(parse(json));
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static ExactKey key(UnaryOperator<ChatRequest.Builder> change) {
    return ExactKey.of(change.apply(base()).build());
  }

  static List<Arguments> everyPartThatChangesTheAnswer() {
    return List.of(
        Arguments.of("chain instead of model", (UnaryOperator<ChatRequest.Builder>) b -> rebuild(b, null, "default")),
        Arguments.of("other model", op(b -> b.model("anthropic.claude-3-5-haiku-20241022-v1:0"))),
        Arguments.of("system prompt", op(b -> b.system("Be brief."))),
        Arguments.of("user text", op(b -> withUser(b, "Where is my parcel?"))),
        Arguments.of("history", op(b -> b.assistant("It shipped.").user("When?"))),
        Arguments.of("image", op(b -> withBlock(b, image(new byte[] {1, 2, 3})))),
        Arguments.of("document", op(b -> withBlock(b, document(new byte[] {4, 5, 6})))),
        Arguments.of("tool result", op(b -> withBlock(b, toolResult("42")))),
        Arguments.of("maxTokens", op(b -> b.maxTokens(1024))),
        Arguments.of("temperature", op(b -> b.temperature(0.3f))),
        Arguments.of("topP", op(b -> b.topP(0.8f))),
        Arguments.of("stop sequences", op(b -> b.stopSequences("STOP"))),
        Arguments.of("output schema", op(b -> b.tools(tools(
            "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}")))),
        Arguments.of("additional fields", op(b -> b.additionalModelRequestFields(
            Document.mapBuilder().putNumber("top_k", 40).build()))),
        Arguments.of("latency optimized", op(b -> b.latencyOptimized(true))),
        Arguments.of("template version", op(b -> b.template("order-status", "4",
            Map.of("question", "Where is my order?")))),
        Arguments.of("template id", op(b -> b.template("order-help", "3",
            Map.of("question", "Where is my order?")))),
        Arguments.of("template values", op(b -> b.template("order-status", "3",
            Map.of("question", "Where is my order?", "orderId", "1234")))),
        Arguments.of("tenant scope", op(b -> b.cacheScope(CacheScope.tenant("globex")))),
        Arguments.of("user scope", op(b -> b.cacheScope(CacheScope.user("acme")))),
        Arguments.of("global scope", op(b -> b.cacheScope(CacheScope.global()))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPartThatChangesTheAnswer")
  void changingAnyPartThatChangesTheAnswerChangesTheKey(
      String part, UnaryOperator<ChatRequest.Builder> change) {
    assertThat(key(change)).isNotEqualTo(key(b -> b));
    assertThat(key(change).hex()).isNotEqualTo(key(b -> b).hex());
  }

  @Test
  void attributionAndDeadlineDoNotChangeTheKey() {
    ExactKey plain = key(b -> b);

    assertThat(key(b -> b.attribution("team-a"))).isEqualTo(plain);
    assertThat(key(b -> b.deadline(Duration.ofSeconds(3)))).isEqualTo(plain);
    assertThat(key(b -> b.attribution("team-b").deadline(Duration.ofMinutes(1))).hex())
        .isEqualTo(plain.hex());
  }

  @Test
  void keyIsDeterministicAndIgnoresMapInsertionOrder() {
    Map<String, Document> a = new LinkedHashMap<>();
    a.put("top_k", Document.fromNumber(50));
    a.put("anthropic_beta", Document.fromList(List.of(Document.fromString("x"))));
    Map<String, Document> b = new LinkedHashMap<>();
    b.put("anthropic_beta", Document.fromList(List.of(Document.fromString("x"))));
    b.put("top_k", Document.fromNumber(50));

    assertThat(key(x -> x.additionalModelRequestFields(Document.fromMap(a))))
        .isEqualTo(key(x -> x.additionalModelRequestFields(Document.fromMap(b))));
    assertThat(key(x -> x).hex()).isEqualTo(key(x -> x).hex()).hasSize(64);
  }

  @Test
  void numbersCompareByValueNotSpelling() {
    assertThat(key(x -> x.additionalModelRequestFields(
            Document.mapBuilder().putNumber("top_k", new java.math.BigDecimal("50.0")).build())))
        .isEqualTo(key(x -> x.additionalModelRequestFields(
            Document.mapBuilder().putNumber("top_k", 50).build())));
  }

  @Test
  void imageBytesCountByContentNotByInstance() {
    ExactKey one = key(b -> withBlock(b, image(new byte[] {1, 2, 3})));
    ExactKey same = key(b -> withBlock(b, image(new byte[] {1, 2, 3})));
    ExactKey other = key(b -> withBlock(b, image(new byte[] {1, 2, 4})));

    assertThat(one).isEqualTo(same);
    assertThat(one).isNotEqualTo(other);
  }

  @Test
  void toolUseInHistoryIsPartOfTheKey() {
    ExactKey a = key(b -> b.message(toolUse("{\"id\":\"1\"}")).message(userResult("ok")));
    ExactKey c = key(b -> b.message(toolUse("{\"id\":\"2\"}")).message(userResult("ok")));
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void stringsWithDelimitersCannotCollide() {
    // "ab" + "c" and "a" + "bc" must differ: every string is length-prefixed.
    ExactKey one = key(b -> b.system("ab").stopSequences("c"));
    ExactKey two = key(b -> b.system("a").stopSequences("bc"));
    assertThat(one).isNotEqualTo(two);
  }

  @Test
  void aKeyComputedAfterAFailedOneIsUnaffected() {
    ExactKey before = key(b -> b);
    Canonical half = Canonical.forThread().field("left over");
    half.string("x".repeat(200_000)); // flushed into the digest, then abandoned

    assertThat(key(b -> b)).isEqualTo(before);
  }

  @Test
  void largeRequestsHashTheSameEveryTime() {
    String big = "lorem ipsum ".repeat(20_000);
    assertThat(key(b -> b.system(big))).isEqualTo(key(b -> b.system(big)));
    assertThat(key(b -> b.system(big))).isNotEqualTo(key(b -> b.system(big + ".")));
  }

  // ---------------------------------------------------------------- helpers

  private static UnaryOperator<ChatRequest.Builder> op(UnaryOperator<ChatRequest.Builder> f) {
    return f;
  }

  private static ChatRequest.Builder rebuild(ChatRequest.Builder b, String model, String chain) {
    ChatRequest r = b.build();
    ChatRequest.Builder n = ChatRequest.builder();
    if (chain != null) {
      n.chain(chain);
    }
    if (model != null) {
      n.model(model);
    }
    r.system().forEach(n::system);
    n.messages(r.messages())
        .maxTokens(r.maxTokens())
        .temperature(r.temperature())
        .topP(r.topP())
        .stopSequences(r.stopSequences().toArray(new String[0]))
        .tools(r.toolConfig())
        .additionalModelRequestFields(r.additionalModelRequestFields())
        .template(r.templateId(), r.templateVersion(), r.templateValues())
        .cacheScope(r.cacheScope());
    return n;
  }

  private static ChatRequest.Builder withUser(ChatRequest.Builder b, String text) {
    ChatRequest r = b.build();
    ChatRequest base = r;
    return ChatRequest.builder()
        .model(HAIKU)
        .system(base.system().get(0))
        .user(text)
        .maxTokens(base.maxTokens())
        .temperature(base.temperature())
        .topP(base.topP())
        .stopSequences("END")
        .tools(base.toolConfig())
        .additionalModelRequestFields(base.additionalModelRequestFields())
        .template(r.templateId(), r.templateVersion(), r.templateValues())
        .cacheScope(r.cacheScope());
  }

  private static ChatRequest.Builder withBlock(ChatRequest.Builder b, ContentBlock block) {
    ChatRequest base = b.build();
    Message first = base.messages().get(0);
    Message withExtra =
        first.toBuilder()
            .content(
                java.util.stream.Stream.concat(first.content().stream(),
                    java.util.stream.Stream.of(block)).toList())
            .build();
    return ChatRequest.builder()
        .model(HAIKU)
        .system(base.system().get(0))
        .message(withExtra)
        .maxTokens(base.maxTokens())
        .temperature(base.temperature())
        .topP(base.topP())
        .stopSequences("END")
        .tools(base.toolConfig())
        .additionalModelRequestFields(base.additionalModelRequestFields())
        .template(base.templateId(), base.templateVersion(), base.templateValues())
        .cacheScope(base.cacheScope());
  }

  private static ContentBlock image(byte[] png) {
    return ContentBlock.fromImage(
        ImageBlock.builder()
            .format(ImageFormat.PNG)
            .source(ImageSource.fromBytes(SdkBytes.fromByteArray(png)))
            .build());
  }

  private static ContentBlock document(byte[] pdf) {
    return ContentBlock.fromDocument(
        DocumentBlock.builder()
            .format(DocumentFormat.PDF)
            .name("invoice")
            .source(DocumentSource.fromBytes(SdkBytes.fromByteArray(pdf)))
            .build());
  }

  private static ContentBlock toolResult(String text) {
    return ContentBlock.fromToolResult(
        ToolResultBlock.builder()
            .toolUseId("t1")
            .content(ToolResultContentBlock.fromText(text))
            .build());
  }

  private static Message toolUse(String inputJson) {
    return Message.builder()
        .role(ConversationRole.ASSISTANT)
        .content(
            ContentBlock.fromToolUse(
                ToolUseBlock.builder().toolUseId("t1").name("lookup").input(json(inputJson))
                    .build()))
        .build();
  }

  private static Message userResult(String text) {
    return Message.builder().role(ConversationRole.USER).content(toolResult(text)).build();
  }
}
