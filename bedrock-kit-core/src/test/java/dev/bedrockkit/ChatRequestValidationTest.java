package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

class ChatRequestValidationTest {

  private static InvalidRequestException invalid(ChatRequest.Builder b) {
    try {
      b.build();
    } catch (InvalidRequestException e) {
      return e;
    }
    throw new AssertionError("expected InvalidRequestException");
  }

  @Test
  void rejectsARequestWithoutMessagesNamingTheField() {
    InvalidRequestException e = invalid(ChatRequest.builder().system("be brief"));
    assertThat(e.field()).isEqualTo("messages");
    assertThat(e.getMessage())
        .isEqualTo(
            "messages must contain at least one message; add one with"
                + " ChatRequest.builder().user(...)");
  }

  @Test
  void rejectsAConversationStartingWithTheAssistant() {
    InvalidRequestException e = invalid(ChatRequest.builder().assistant("hi").user("hello"));
    assertThat(e.field()).isEqualTo("messages[0].role");
    assertThat(e.getMessage())
        .isEqualTo("messages[0].role the first message must come from the user but was assistant");
  }

  @Test
  void rejectsTwoUserMessagesInARow() {
    InvalidRequestException e = invalid(ChatRequest.builder().user("a").user("b"));
    assertThat(e.field()).isEqualTo("messages[1].role");
    assertThat(e.getMessage()).contains("roles must alternate").contains("are both user");
  }

  @Test
  void rejectsBlankText() {
    InvalidRequestException e = invalid(ChatRequest.builder().user("   "));
    assertThat(e.field()).isEqualTo("messages[0].content[0].text");
    assertThat(e.getMessage()).isEqualTo("messages[0].content[0].text must not be blank");
  }

  @Test
  void rejectsBlankSystemPrompt() {
    InvalidRequestException e = invalid(ChatRequest.builder().system("").user("hi"));
    assertThat(e.field()).isEqualTo("system[0].text");
  }

  @Test
  void rejectsNonPositiveMaxTokens() {
    InvalidRequestException e = invalid(ChatRequest.builder().user("hi").maxTokens(-5));
    assertThat(e.field()).isEqualTo("inferenceConfig.maxTokens");
    assertThat(e.getMessage()).isEqualTo("inferenceConfig.maxTokens must be > 0 but was -5");
  }

  @Test
  void rejectsTemperatureOutsideTheUnitInterval() {
    InvalidRequestException e = invalid(ChatRequest.builder().user("hi").temperature(1.5f));
    assertThat(e.field()).isEqualTo("inferenceConfig.temperature");
    assertThat(e.getMessage())
        .isEqualTo("inferenceConfig.temperature must be between 0 and 1 but was 1.5");
  }

  @Test
  void rejectsTopPOutsideTheUnitInterval() {
    assertThat(invalid(ChatRequest.builder().user("hi").topP(-0.1f)).field())
        .isEqualTo("inferenceConfig.topP");
  }

  @Test
  void rejectsEmptyStopSequences() {
    assertThat(invalid(ChatRequest.builder().user("hi").stopSequences("ok", "")).field())
        .isEqualTo("inferenceConfig.stopSequences[1]");
  }

  @Test
  void rejectsAnOversizedImageBeforeAnyNetworkCall() {
    byte[] big = new byte[3_750_001];
    Message m =
        Message.builder()
            .role(ConversationRole.USER)
            .content(
                ContentBlock.fromText("what is this?"),
                ContentBlock.fromImage(
                    ImageBlock.builder()
                        .format(ImageFormat.PNG)
                        .source(ImageSource.fromBytes(SdkBytes.fromByteArray(big)))
                        .build()))
            .build();
    InvalidRequestException e = invalid(ChatRequest.builder().message(m));
    assertThat(e.field()).isEqualTo("messages[0].content[1].image.source.bytes");
    assertThat(e.getMessage())
        .isEqualTo(
            "messages[0].content[1].image.source.bytes image is 3750001 bytes but Bedrock accepts"
                + " at most 3750000; resize or recompress it");
  }

  @Test
  void rejectsAToolWithAnInvalidName() {
    ToolConfiguration tools =
        ToolConfiguration.builder()
            .tools(Tool.fromToolSpec(ToolSpecification.builder().name("has space").build()))
            .build();
    InvalidRequestException e = invalid(ChatRequest.builder().user("hi").tools(tools));
    assertThat(e.field()).isEqualTo("toolConfig.tools[0].toolSpec.name");
  }

  @Test
  void rejectsBothAChainAndAModel() {
    InvalidRequestException e =
        invalid(
            ChatRequest.builder()
                .chain("default")
                .model("anthropic.claude-3-haiku-20240307-v1:0")
                .user("hi"));
    assertThat(e.field()).isEqualTo("modelId");
  }

  @Test
  void acceptsAValidMultiTurnConversationAndAnAssistantPrefill() {
    ChatRequest r =
        ChatRequest.builder()
            .system("be brief")
            .user("hi")
            .assistant("hello")
            .user("how are you?")
            .assistant("{")
            .maxTokens(100)
            .temperature(0.2f)
            .build();
    assertThat(r.messages()).hasSize(4);
    assertThat(r.lastUserText()).isEqualTo("how are you?");
  }

  @Test
  void cachePointIsAppendedToTheLastMessage() {
    ChatRequest r = ChatRequest.builder().user("long document...").cachePoint().build();
    assertThat(r.messages().get(0).content()).hasSize(2);
    assertThat(r.messages().get(0).content().get(1).cachePoint()).isNotNull();
  }

  @Test
  void requestsAreImmutable() {
    ChatRequest r = ChatRequest.of("hi");
    assertThatThrownBy(() -> r.messages().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
