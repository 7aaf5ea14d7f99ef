package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Regression: a JSON document nested a few hundred levels deep in a request
 * ({@code additionalModelRequestFields}, a tool schema, a tool use's input) overflowed the SDK's
 * recursive marshaller: on a 256 KB thread stack at 500 levels the caller got {@code
 * InvalidRequestException("Bedrock rejected the request ... (StackOverflowError)")}, and Bedrock
 * had seen nothing. Found by the reliability suite's hostile-input corpus. {@link
 * ChatRequest.Builder#build()} now rejects documents deeper than 100 levels, naming the field.
 */
class DeeplyNestedDocumentIsAnInvalidRequestTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static Document nested(int depth) {
    Document d = Document.fromString("leaf");
    for (int i = 1; i < depth; i++) {
      d = Document.fromMap(Map.of("k", d));
    }
    return d;
  }

  private static InvalidRequestException invalid(Runnable r) {
    try {
      r.run();
    } catch (InvalidRequestException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidRequestException");
  }

  @Test
  void deepModelFieldsAreRejectedBeforeTheNetwork() {
    InvalidRequestException e =
        invalid(
            () -> ChatRequest.builder().user("hi").additionalModelRequestFields(nested(500)).build());
    assertThat(e.field()).isEqualTo("additionalModelRequestFields");
    assertThat(e)
        .hasMessage(
            "additionalModelRequestFields nests more than 100 levels deep; Bedrock's request"
                + " fields are shallow JSON: flatten it");
  }

  @Test
  void aDocumentAtTheLimitIsSent() {
    try (BedrockKit kit =
        BedrockKit.builder().client(BEDROCK.bedrockClient()).models(TestModels.HAIKU).build()) {
      kit.chat(ChatRequest.builder().user("hi").additionalModelRequestFields(nested(100)).build());
    }
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }

  @Test
  void aDeepToolSchemaIsRejected() {
    Tool tool =
        Tool.fromToolSpec(
            ToolSpecification.builder()
                .name("t")
                .inputSchema(ToolInputSchema.fromJson(nested(101)))
                .build());
    InvalidRequestException e =
        invalid(
            () ->
                ChatRequest.builder()
                    .user("hi")
                    .tools(ToolConfiguration.builder().tools(tool).build())
                    .build());
    assertThat(e.field()).isEqualTo("toolConfig.tools[0].toolSpec.inputSchema.json");
  }

  @Test
  void aDeepToolUseInputInTheHistoryIsRejected() {
    Message assistant =
        Message.builder()
            .role(ConversationRole.ASSISTANT)
            .content(
                ContentBlock.fromToolUse(
                    ToolUseBlock.builder().toolUseId("1").name("t").input(nested(1_000)).build()))
            .build();
    InvalidRequestException e =
        invalid(
            () ->
                ChatRequest.builder().user("hi").message(assistant).user("and?").build());
    assertThat(e.field()).isEqualTo("messages[1].content[0].toolUse.input");
  }

  @Test
  void onASmallStackTheCallerGetsTheTypedError() throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try (BedrockKit kit =
                  BedrockKit.builder().client(BEDROCK.bedrockClient()).models(TestModels.HAIKU).build()) {
                kit.chat(
                    ChatRequest.builder().user("hi").additionalModelRequestFields(nested(500)).build());
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    assertThat(thrown.get()).isInstanceOf(InvalidRequestException.class);
    assertThat(((InvalidRequestException) thrown.get()).field())
        .isEqualTo("additionalModelRequestFields");
    assertThat(BEDROCK.journal().size()).isZero();
  }
}
