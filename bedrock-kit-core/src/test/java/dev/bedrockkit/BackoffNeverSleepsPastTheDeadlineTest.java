package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a retry's backoff used to be cut to the time left, so the request slept until its
 * deadline and answered after it (the chaos benchmark saw requests 1-140 ms past a 1 s deadline).
 * A retry whose backoff would reach the deadline is now not taken; the failure moves on at once.
 * The clock is frozen, so the 2 s left never shrink, and the backoff cap is a year: a drawn delay
 * shorter than 2 s has a chance of about 6 in 100 million.
 */
class BackoffNeverSleepsPastTheDeadlineTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;

  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  private BedrockKit kit(String... models) {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .models(models)
            .callPolicy(
                CallPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofDays(365), Duration.ofDays(365))
                    .build())
            .clock(new TestClock())
            .build();
    return kit;
  }

  private static ChatRequest request() {
    return ChatRequest.builder().user("hello").deadline(Duration.ofSeconds(2)).build();
  }

  @Test
  void aRetryThatCannotStartBeforeTheDeadlineIsNotTaken() {
    BEDROCK.faults().forModel(HAIKU).throttleNext(10);

    assertThatThrownBy(() -> kit(HAIKU).chat(request())).isInstanceOf(AllModelsFailedException.class);

    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(1);
  }

  @Test
  void theFailureMovesToTheNextModelAtOnceInsteadOfSleepingToTheDeadline() {
    BEDROCK.faults().forModel(SONNET).throttleNext(10);

    ChatResponse r = kit(SONNET, HAIKU).chat(request());

    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(tuple(SONNET, Outcome.THROTTLED), tuple(HAIKU, Outcome.SUCCESS));
  }
}
