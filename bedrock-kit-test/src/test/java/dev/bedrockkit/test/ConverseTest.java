package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_5_HAIKU;
import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_5_HAIKU_US;
import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.Requests.converse;
import static dev.bedrockkit.test.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

class ConverseTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @Test
  void echoesTheLastUserTextWithTheModelIdAsMarker(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(converse(CLAUDE_3_HAIKU, "What is the capital of France?"));

    assertThat(r.output().message().role()).isEqualTo(ConversationRole.ASSISTANT);
    assertThat(r.output().message().content()).hasSize(1);
    assertThat(r.output().message().content().get(0).text())
        .isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: What is the capital of France?");
    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void countsTokensAsCharactersDividedByFourRoundedUp(BedrockRuntimeClient client) {
    String prompt = "What is the capital of France?"; // 30 chars -> 8 tokens
    ConverseResponse r = client.converse(converse(CLAUDE_3_HAIKU, prompt));

    String reply = r.output().message().content().get(0).text();
    assertThat(r.usage().inputTokens()).isEqualTo(8);
    assertThat(r.usage().outputTokens()).isEqualTo((reply.length() + 3) / 4);
    assertThat(r.usage().totalTokens()).isEqualTo(8 + (reply.length() + 3) / 4);
    assertThat(r.usage().cacheReadInputTokens()).isNull();
    assertThat(r.metrics().latencyMs()).isZero();
  }

  @Test
  void returnsTheRequestIdHeader(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(converse(CLAUDE_3_HAIKU, "hi"));

    assertThat(r.responseMetadata().requestId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void syncClientUsesTheSdksDefaultApache5HttpClient(BedrockRuntimeClient client) {
    client.converse(converse(CLAUDE_3_HAIKU, "hi"));

    assertThat(BEDROCK.journal().last().header("user-agent")).contains("md/http#Apache5");
    assertThat(BEDROCK.journal().last().protocol()).isEqualTo("HTTP/1.1");
  }

  @Test
  void maxTokensTruncatesTheReplyAndStopsWithMaxTokens(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU)
        .messages(user("tell me a long story"))
        .inferenceConfig(c -> c.maxTokens(3)));

    assertThat(r.output().message().content().get(0).text()).isEqualTo("[anthropic.c"); // 3 tokens = 12 characters
    assertThat(r.usage().outputTokens()).isEqualTo(3);
    assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
  }

  @Test
  void stopSequenceCutsTheReplyBeforeTheSequence(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU)
        .messages(user("alpha STOP beta"))
        .inferenceConfig(c -> c.stopSequences("STOP")));

    assertThat(r.output().message().content().get(0).text())
        .isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: alpha ");
    assertThat(r.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
  }

  @Test
  void cachePointWritesOnFirstCallAndReadsOnTheNextWithTheSamePrefix(BedrockRuntimeClient client) {
    String system = "You are a meticulous assistant. ".repeat(40); // 1280 chars -> 320 tokens
    ConverseRequest request = ConverseRequest.builder()
        .modelId(CLAUDE_3_HAIKU)
        .system(SystemContentBlock.fromText(system),
            SystemContentBlock.fromCachePoint(CachePointBlock.builder().type(CachePointType.DEFAULT).build()))
        .messages(user("first question")) // 14 chars -> 4 tokens
        .build();

    ConverseResponse first = client.converse(request);
    ConverseResponse second = client.converse(request.toBuilder().messages(user("other question")).build());

    assertThat(first.usage().cacheWriteInputTokens()).isEqualTo(320);
    assertThat(first.usage().cacheReadInputTokens()).isZero();
    assertThat(first.usage().inputTokens()).isEqualTo(4);
    assertThat(first.usage().totalTokens()).isEqualTo(324 + first.usage().outputTokens());
    assertThat(second.usage().cacheReadInputTokens()).isEqualTo(320);
    assertThat(second.usage().cacheWriteInputTokens()).isZero();
    assertThat(second.usage().inputTokens()).isEqualTo(4);
  }

  @Test
  void aLaterCachePointWritesOnlyTheTokensAfterTheCachedPrefix(BedrockRuntimeClient client) {
    CachePointBlock cp = CachePointBlock.builder().type(CachePointType.DEFAULT).build();
    String system = "s".repeat(400); // 100 tokens
    ConverseRequest base = ConverseRequest.builder().modelId(CLAUDE_3_HAIKU)
        .system(SystemContentBlock.fromText(system), SystemContentBlock.fromCachePoint(cp))
        .messages(user("q")).build();
    client.converse(base);

    ConverseResponse r = client.converse(base.toBuilder()
        .messages(Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("d".repeat(200)), ContentBlock.fromCachePoint(cp)).build())
        .build());

    assertThat(r.usage().cacheReadInputTokens()).isEqualTo(100);
    assertThat(r.usage().cacheWriteInputTokens()).isEqualTo(50);
    assertThat(r.usage().inputTokens()).isZero();
  }

  @Test
  void inferenceProfileIdOfAModelThatNeedsOneIsAccepted(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(converse(CLAUDE_3_5_HAIKU_US, "hi"));

    assertThat(r.output().message().content().get(0).text())
        .isEqualTo("[us.anthropic.claude-3-5-haiku-20241022-v1:0] echo: hi");
  }

  @Test
  void inferenceProfileArnIsAcceptedAndRecordedDecoded(BedrockRuntimeClient client) {
    String arn = ModelCatalog.inferenceProfileArn("us-east-1", "us." + CLAUDE_3_5_HAIKU);

    ConverseResponse r = client.converse(converse(arn, "hi"));

    assertThat(r.output().message().content().get(0).text()).isEqualTo("[" + arn + "] echo: hi");
    assertThat(BEDROCK.journal().last().modelId()).isEqualTo(arn);
  }

  @Test
  void foundationModelArnIsAccepted(BedrockRuntimeClient client) {
    String arn = ModelCatalog.foundationModelArn("us-west-2", CLAUDE_3_HAIKU);

    ConverseResponse r = client.converse(converse(arn, "hi"));

    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(BEDROCK.journal().last().modelId()).isEqualTo(arn);
  }

  @Test
  void multiTurnConversationEchoesTheLastUserTurn(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU)
        .messages(user("one"), Requests.assistant("two"), user("three")));

    assertThat(r.output().message().content().get(0).text()).endsWith("echo: three");
  }

  @Test
  void registeredModelIsCallableUntilReset(BedrockEmulator emulator, BedrockRuntimeClient client) {
    String arn = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    emulator.registerModel(ModelProfile.builder(arn).contextWindow(10).build());

    assertThat(client.converse(converse(arn, "hi")).stopReason()).isEqualTo(StopReason.END_TURN);
    emulator.reset();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.converse(converse(arn, "hi")))
        .isInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ValidationException.class)
        .hasMessageStartingWith("The provided model identifier is invalid.");
  }
}
