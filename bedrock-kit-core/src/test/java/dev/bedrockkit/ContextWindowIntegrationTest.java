package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fitting conversations into small context windows, before and after Bedrock says "too long". */
class ContextWindowIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  /** A pinned ID for a model with a tiny window, known to both the emulator and the catalog. */
  static final String TINY = "amazon.titan-text-lite-v1";

  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  private BedrockKit kit(int catalogWindow, int emulatorWindow) {
    BEDROCK
        .emulator()
        .registerModel(
            ModelProfile.builder(TINY)
                .format(ModelProfile.BodyFormat.AMAZON_TITAN_TEXT)
                .contextWindow(emulatorWindow)
                .maxOutputTokens(50)
                .build());
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .models(TINY)
            .modelCatalog(
                ModelCatalog.ofDefaults().toBuilder().add(new ModelInfo(TINY, catalogWindow, 50)).build())
            .build();
    return kit;
  }

  /** Ten turns of about 100 tokens each, then a short question. */
  private static ChatRequest longConversation() {
    ChatRequest.Builder b = ChatRequest.builder().system("You are terse.");
    for (int i = 0; i < 10; i++) {
      b.user("turn " + i + " " + "lorem ipsum ".repeat(33)).assistant("ok " + i);
    }
    return b.user("What was turn 9 about?").maxTokens(50).build();
  }

  @Test
  void dropsTheOldestTurnsToFitAndSaysHowMany() {
    ChatResponse r = kit(600, 600).chat(longConversation());

    assertThat(r.droppedTurns()).isGreaterThan(0).isEven();
    var sent = BEDROCK.journal().last().body().at("/messages");
    assertThat(sent.size()).isEqualTo(21 - r.droppedTurns());
    assertThat(sent.get(0).at("/role").asText()).isEqualTo("user");
    assertThat(sent.get(sent.size() - 1).at("/content/0/text").asText()).isEqualTo("What was turn 9 about?");
    assertThat(BEDROCK.journal().last().body().at("/system/0/text").asText()).isEqualTo("You are terse.");
  }

  @Test
  void whenBedrockStillSaysTooLongItTrimsHarderAndRetriesOnce() {
    // The catalog believes the window is larger than it is, so the first call (about 1,100
    // tokens as the emulator counts) is rejected; trimmed to 75 % of our estimate it fits 950.
    ChatResponse r = kit(2_000, 950).chat(longConversation());

    assertThat(BEDROCK.journal().count(TINY)).isEqualTo(2);
    assertThat(BEDROCK.journal().all().get(0).errorType()).isEqualTo("ValidationException");
    assertThat(r.droppedTurns()).isGreaterThan(0);
  }

  @Test
  void aModelWhoseOutputLimitEqualsItsWindowStillTakesPromptsWithoutMaxTokens() {
    BEDROCK
        .emulator()
        .registerModel(
            ModelProfile.builder(TINY)
                .format(ModelProfile.BodyFormat.AMAZON_TITAN_TEXT)
                .contextWindow(4_096)
                .maxOutputTokens(4_096)
                .build());
    kit = BedrockKit.builder().client(BEDROCK.bedrockClient()).models(TINY).build();
    ChatResponse r = kit.chat(ChatRequest.of("A short question for Titan Text Lite"));
    assertThat(r.droppedTurns()).isZero();
    assertThat(r.modelId()).isEqualTo(TINY);
  }

  @Test
  void failsWithSizesWhenEvenTheLatestTurnDoesNotFit() {
    ChatRequest huge = ChatRequest.builder().user("word ".repeat(5_000)).maxTokens(50).build();
    assertThatThrownBy(() -> kit(600, 600).chat(huge))
        .isInstanceOfSatisfying(
            ContextWindowExceededException.class,
            e -> {
              assertThat(e.modelId()).isEqualTo(TINY);
              assertThat(e.contextWindowTokens()).isEqualTo(600);
              assertThat(e.estimatedInputTokens()).isGreaterThan(600);
              assertThat(e.getMessage()).contains("Shorten the input");
            });
    assertThat(BEDROCK.journal().size()).isZero();
  }
}
