package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: the kill switch and a model's own switch were read once, when a request started.
 * A request in flight when the switch was thrown kept retrying and falling back, so calls reached
 * a switched-off model after the switch took effect (found by the chaos suite's "kill switch" and
 * "model disabled" scenarios: 4 and 9 such calls in 3 s). Here the switch is thrown from the
 * listener right after the first, throttled attempt, before the retry.
 */
class KillSwitchStopsRetriesInFlightTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = TestModels.HAIKU;
  static final String SONNET = TestModels.SONNET;

  private final AtomicReference<ModelConfig> config = new AtomicReference<>();
  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  /** A kit whose configuration becomes {@code after.apply(current)} once the first attempt ends. */
  private BedrockKit kit(ModelConfig initial, UnaryOperator<ModelConfig> after) {
    config.set(initial);
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .modelConfig(config::get)
            .callPolicy(
                CallPolicy.builder()
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .maxAttempts(3)
                    .build())
            .listener(
                new BedrockKitListener() {
                  @Override
                  public void onAttempt(AttemptEvent event) {
                    config.updateAndGet(c -> c.version().equals("1") ? after.apply(c) : c);
                  }
                })
            .build();
    return kit;
  }

  private static ModelConfig chain(boolean enabled, boolean sonnetEnabled, String degraded) {
    return ModelConfig.builder()
        .enabled(enabled)
        .chain(
            "default",
            ModelTarget.builder(SONNET).enabled(sonnetEnabled).build(),
            ModelTarget.of(HAIKU))
        .degradedMessage(degraded)
        .version(enabled && sonnetEnabled ? "1" : "2")
        .build();
  }

  private static ModelConfig killSwitch(ModelConfig c) {
    return chain(false, true, c.degradedMessage());
  }

  private static ModelConfig sonnetOff(ModelConfig c) {
    return chain(true, false, c.degradedMessage());
  }

  @Test
  void aRetryAfterTheKillSwitchIsNotSent() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, null), KillSwitchStopsRetriesInFlightTest::killSwitch);

    assertThatThrownBy(() -> k.chat(ChatRequest.of("hello")))
        .isInstanceOf(KillSwitchEngagedException.class)
        .hasMessageContaining("while the request was in flight");
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }

  @Test
  void aRetryAfterTheKillSwitchIsNotSentAsync() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, null), KillSwitchStopsRetriesInFlightTest::killSwitch);

    assertThatThrownBy(() -> k.chatAsync(ChatRequest.of("hello")).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(KillSwitchEngagedException.class);
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }

  @Test
  void aStreamRetryAfterTheKillSwitchIsNotSent() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, null), KillSwitchStopsRetriesInFlightTest::killSwitch);

    assertThatThrownBy(() -> k.stream(ChatRequest.of("hello"), delta -> {}).join())
        .hasCauseInstanceOf(KillSwitchEngagedException.class);
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }

  @Test
  void theFallbackAfterTheKillSwitchIsNotSent() {
    // One attempt per model: the first failure moves straight on to the next model.
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    config.set(chain(true, true, null));
    BedrockKit k =
        kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .modelConfig(config::get)
            .callPolicy(CallPolicy.builder().maxAttempts(1).build())
            .listener(
                new BedrockKitListener() {
                  @Override
                  public void onAttempt(AttemptEvent event) {
                    config.set(chain(false, true, null));
                  }
                })
            .build();

    assertThatThrownBy(() -> k.chat(ChatRequest.of("hello")))
        .isInstanceOf(KillSwitchEngagedException.class);
    assertThat(BEDROCK.journal().count(HAIKU)).isZero();
  }

  @Test
  void aKillSwitchInFlightAnswersDegradedWhenAMessageIsConfigured() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, "Busy."), KillSwitchStopsRetriesInFlightTest::killSwitch);

    ChatResponse answer = k.chat(ChatRequest.of("hello"));

    assertThat(answer.degraded()).isTrue();
    assertThat(answer.text()).isEqualTo("Busy.");
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }

  @Test
  void aModelSwitchedOffInFlightIsSkippedByTheRetry() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, null), KillSwitchStopsRetriesInFlightTest::sonnetOff);

    ChatResponse answer = k.chat(ChatRequest.of("hello"));

    assertThat(answer.modelId()).isEqualTo(HAIKU);
    assertThat(BEDROCK.journal().count(SONNET)).isEqualTo(1);
    assertThat(answer.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(
            tuple(SONNET, Outcome.THROTTLED),
            tuple(SONNET, Outcome.DISABLED),
            tuple(HAIKU, Outcome.SUCCESS));
  }

  @Test
  void aModelSwitchedOffInFlightIsSkippedByTheRetryAsync() {
    BEDROCK.faults().forModel(SONNET).throttleNext(5);
    BedrockKit k = kit(chain(true, true, null), KillSwitchStopsRetriesInFlightTest::sonnetOff);

    ChatResponse answer = k.chatAsync(ChatRequest.of("hello")).join();

    assertThat(answer.modelId()).isEqualTo(HAIKU);
    assertThat(BEDROCK.journal().count(SONNET)).isEqualTo(1);
  }

  /**
   * An async first attempt runs on the kit's scheduler: it may start well after the request looked
   * at the switches (a busy 2-thread scheduler). Found by the chaos suite against the sample
   * service: 3 calls arrived after the service showed the kill switch. The switch is thrown here
   * by the scheduler itself, as it is handed the first attempt.
   */
  @Test
  void anAsyncFirstAttemptThatWaitedForTheSchedulerIsNotSent() {
    config.set(chain(true, true, null));
    java.util.concurrent.ScheduledThreadPoolExecutor scheduler =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1) {
          @Override
          public <V> java.util.concurrent.ScheduledFuture<V> schedule(
              java.util.concurrent.Callable<V> task, long delay, java.util.concurrent.TimeUnit unit) {
            config.set(chain(false, true, null));
            return super.schedule(task, delay, unit);
          }

          @Override
          public java.util.concurrent.ScheduledFuture<?> schedule(
              Runnable task, long delay, java.util.concurrent.TimeUnit unit) {
            config.set(chain(false, true, null));
            return super.schedule(task, delay, unit);
          }
        };
    try {
      BedrockKit k =
          kit =
              BedrockKit.builder()
                  .asyncClient(BEDROCK.bedrockAsyncClient())
                  .modelConfig(config::get)
                  .scheduler(scheduler)
                  .build();

      assertThatThrownBy(() -> k.chatAsync(ChatRequest.of("hello")).join())
          .hasCauseInstanceOf(KillSwitchEngagedException.class);
      assertThat(BEDROCK.journal().size()).isZero();
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void aRequestWithoutSwitchesStillRetries() {
    BEDROCK.faults().forModel(SONNET).throttleNext(1);
    BedrockKit k = kit(chain(true, true, null), UnaryOperator.identity());

    ChatResponse answer = k.chat(ChatRequest.of("hello"));

    assertThat(answer.modelId()).isEqualTo(SONNET);
    assertThat(BEDROCK.journal().count(SONNET)).isEqualTo(2);
  }
}
