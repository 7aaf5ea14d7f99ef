package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.Operation;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** BedrockKit.chat and chatAsync against the emulator through the real SDK clients. */
class ChatIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;

  private BedrockKit kit;

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
  }

  private BedrockKit kit(String... models) {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .models(models)
            .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
            .build();
    return kit;
  }

  @Test
  void answersThroughTheFirstModelOfTheChain() {
    ChatResponse r = kit(HAIKU, SONNET).chat(ChatRequest.of("What is Amazon Bedrock?"));

    assertThat(r.text()).contains("What is Amazon Bedrock?");
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.region()).isEqualTo("us-east-1");
    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
    assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.SUCCESS);
    assertThat(r.fromCache()).isFalse();
    assertThat(r.degraded()).isFalse();
    assertThat(r.fellBack()).isFalse();
    assertThat(r.requestId()).isNotBlank();
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(1);
  }

  @Test
  void asyncTwinAnswersTheSame() {
    ChatResponse r = kit(HAIKU).chatAsync(ChatRequest.of("hello async")).join();
    assertThat(r.text()).contains("hello async");
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(BEDROCK.journal().calls(Operation.CONVERSE)).hasSize(1);
  }

  @Test
  void sendsSystemPromptHistoryAndInferenceParameters() {
    kit(HAIKU)
        .chat(
            ChatRequest.builder()
                .system("be brief")
                .user("hi")
                .assistant("hello")
                .user("and now?")
                .maxTokens(77)
                .temperature(0.3f)
                .topP(0.9f)
                .stopSequences("END")
                .build());
    var body = BEDROCK.journal().last().body();
    assertThat(body.at("/system/0/text").asText()).isEqualTo("be brief");
    assertThat(body.at("/messages").size()).isEqualTo(3);
    assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(77);
    assertThat(body.at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(body.at("/inferenceConfig/stopSequences/0").asText()).isEqualTo("END");
  }

  @Test
  void throttledOnceThenSucceedsOnTheSameModel() {
    BEDROCK.faults().throttleNext(1);
    ChatResponse r = kit(HAIKU, SONNET).chat(ChatRequest.of("retry me"));
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
    assertThat(r.attempts().get(0).errorType()).isEqualTo("ThrottlingException");
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(2);
  }

  @Test
  void asyncTwinRetriesTheSameWay() {
    BEDROCK.faults().throttleNext(1);
    ChatResponse r = kit(HAIKU, SONNET).chatAsync(ChatRequest.of("retry me async")).join();
    assertThat(r.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
  }

  @Test
  void aThrottlingStormMovesToTheNextModelAndSaysSo() {
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 42);
    ChatResponse r = kit(HAIKU, SONNET).chat(ChatRequest.of("storm"));
    assertThat(r.modelId()).isEqualTo(SONNET);
    assertThat(r.fellBack()).isTrue();
    assertThat(r.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(HAIKU, Outcome.THROTTLED),
            org.assertj.core.groups.Tuple.tuple(HAIKU, Outcome.THROTTLED),
            org.assertj.core.groups.Tuple.tuple(HAIKU, Outcome.THROTTLED),
            org.assertj.core.groups.Tuple.tuple(SONNET, Outcome.SUCCESS));
  }

  @Test
  void anInvalidModelIdFailsAtOnceWithoutFallingBack() {
    String unknown = "anthropic.claude-9-opus-20990101-v1:0";
    assertThatThrownBy(() -> kit(unknown, SONNET).chat(ChatRequest.of("hi")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("The provided model identifier is invalid.")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("modelId"))
        .hasCauseInstanceOf(software.amazon.awssdk.services.bedrockruntime.model.ValidationException.class);
    assertThat(BEDROCK.journal().count(SONNET)).isZero();
  }

  @Test
  void everyModelFailingListsEachAttempt() {
    BEDROCK.faults().serverErrorNext(100);
    assertThatThrownBy(() -> kit(HAIKU, SONNET).chat(ChatRequest.of("doomed")))
        .isInstanceOfSatisfying(
            AllModelsFailedException.class,
            e -> {
              assertThat(e.chain()).isEqualTo("default");
              assertThat(e.attempts()).hasSize(6);
              assertThat(e.attempts()).allMatch(a -> a.outcome() == Outcome.SERVER_ERROR);
              assertThat(e.getCause()).isInstanceOf(ModelUnavailableException.class);
              assertThat(e.getMessage())
                  .startsWith("All models of chain 'default' failed after 6 attempt(s): [");
            });
  }

  @Test
  void theAsyncTwinFailsWithTheSameTypedException() {
    BEDROCK.faults().serverErrorNext(100);
    assertThat(kit(HAIKU).chatAsync(ChatRequest.of("doomed")))
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(AllModelsFailedException.class);
  }
}
