package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.ModelProfile;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Fallback chains, circuit breakers, kill switch and degraded answers against the emulator. */
class ResilienceIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;
  static final String RETIRED = "anthropic.claude-3-opus-20240229-v1:0";

  /** Each behaviour is proven through chat and through its async twin, chatAsync. */
  enum Mode {
    SYNC,
    ASYNC
  }

  private Mode mode = Mode.SYNC;
  private final TestClock clock = new TestClock();
  private final List<BedrockKitListener.CircuitEvent> circuitEvents = new CopyOnWriteArrayList<>();
  private final List<BedrockKitListener.FallbackEvent> fallbacks = new CopyOnWriteArrayList<>();
  private BedrockKit kit;

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
  }

  private BedrockKit kit(ModelConfig config, CallPolicy.Builder policy) {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .client(BEDROCK.bedrockClient("us-west-2"))
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .asyncClient(BEDROCK.bedrockAsyncClient("us-west-2"))
            .modelConfig(ModelConfigSource.of(config))
            .callPolicy(policy.backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
            .clock(clock)
            .listener(
                new BedrockKitListener() {
                  @Override
                  public void onCircuitStateChange(CircuitEvent event) {
                    circuitEvents.add(event);
                  }

                  @Override
                  public void onFallback(FallbackEvent event) {
                    fallbacks.add(event);
                  }
                })
            .build();
    return mode == Mode.SYNC ? kit : asyncTwin(kit);
  }

  /** The kit with chat(...) served by chatAsync(...).join(), failures unwrapped. */
  private static BedrockKit asyncTwin(BedrockKit real) {
    return (BedrockKit)
        Proxy.newProxyInstance(
            BedrockKit.class.getClassLoader(),
            new Class<?>[] {BedrockKit.class},
            (proxy, method, args) -> {
              try {
                if (method.getName().equals("chat")) {
                  return real.chatAsync((ChatRequest) args[0]).join();
                }
                return method.invoke(real, args);
              } catch (CompletionException | InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private BedrockKit kit(String... models) {
    return kit(ModelConfig.of(models), CallPolicy.builder());
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRegionDownMovesToTheNextRegionOfTheSameModel(Mode mode) {
    this.mode = mode;
    ModelConfig config =
        ModelConfig.builder()
            .chain("default", ModelTarget.builder(HAIKU).regions("us-east-1", "us-west-2").build())
            .build();
    BEDROCK.faults().regionDown("us-east-1");

    ChatResponse r = kit(config, CallPolicy.builder()).chat(ChatRequest.of("hello"));

    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.region()).isEqualTo("us-west-2");
    assertThat(r.attempts())
        .extracting(Attempt::region, Attempt::outcome)
        .containsExactly(
            tuple("us-east-1", Outcome.SERVER_ERROR),
            tuple("us-east-1", Outcome.SERVER_ERROR),
            tuple("us-east-1", Outcome.SERVER_ERROR),
            tuple("us-west-2", Outcome.SUCCESS));
    assertThat(fallbacks)
        .extracting(BedrockKitListener.FallbackEvent::toRegion, BedrockKitListener.FallbackEvent::reason)
        .containsExactly(tuple("us-west-2", Outcome.SERVER_ERROR));
    assertThat(BEDROCK.journal().callsFrom("us-west-2")).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void fiveFailuresOpenTheCircuitAndTheSixthCallSkipsTheModelWithoutANetworkCall(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(1000);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));

    for (int i = 0; i < 5; i++) {
      assertThat(k.chat(ChatRequest.of("call " + i)).modelId()).isEqualTo(SONNET);
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(5);

    ChatResponse sixth = k.chat(ChatRequest.of("call 6"));

    assertThat(BEDROCK.journal().count(HAIKU)).as("no network call to an open circuit").isEqualTo(5);
    assertThat(sixth.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(tuple(HAIKU, Outcome.CIRCUIT_OPEN), tuple(SONNET, Outcome.SUCCESS));
    assertThat(sixth.attempts().get(0).duration()).isZero();
    assertThat(circuitEvents)
        .extracting(BedrockKitListener.CircuitEvent::modelId, BedrockKitListener.CircuitEvent::to)
        .containsExactly(tuple(HAIKU, CircuitState.OPEN));
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSuccessfulHalfOpenProbeClosesTheCircuit(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(5);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 5; i++) {
      k.chat(ChatRequest.of("call " + i));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);

    clock.advance(Duration.ofSeconds(29));
    assertThat(k.chat(ChatRequest.of("still open")).modelId()).isEqualTo(SONNET);
    clock.advance(Duration.ofSeconds(1));
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.HALF_OPEN);

    ChatResponse probe = k.chat(ChatRequest.of("probe"));

    assertThat(probe.modelId()).isEqualTo(HAIKU);
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
    assertThat(circuitEvents)
        .extracting(BedrockKitListener.CircuitEvent::to)
        .containsExactly(CircuitState.OPEN, CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aFailedHalfOpenProbeReopensTheCircuit(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(6);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 5; i++) {
      k.chat(ChatRequest.of("call " + i));
    }
    clock.advance(Duration.ofSeconds(30));

    ChatResponse probe = k.chat(ChatRequest.of("probe"));

    assertThat(probe.modelId()).isEqualTo(SONNET);
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);
  }

  @Test
  void theAsyncTwinSkipsAnOpenCircuitToo() {
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(1000);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 5; i++) {
      k.chatAsync(ChatRequest.of("call " + i)).join();
    }
    ChatResponse sixth = k.chatAsync(ChatRequest.of("call 6")).join();
    assertThat(sixth.attempts().get(0).outcome()).isEqualTo(Outcome.CIRCUIT_OPEN);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(5);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void throttlingAloneNeverOpensTheCircuitByDefault(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 3);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 8; i++) {
      assertThat(k.chat(ChatRequest.of("call " + i)).modelId()).isEqualTo(SONNET);
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
    assertThat(BEDROCK.journal().count(HAIKU)).as("every request still tried it").isEqualTo(8);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aModelThatThrottlesNearlyEveryCallIsSkippedByItsCircuit(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 3);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 20; i++) {
      k.chat(ChatRequest.of("call " + i));
      clock.advance(Duration.ofMillis(150)); // 20 calls over 3 s: a sustained share, not a burst
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);

    ChatResponse next = k.chat(ChatRequest.of("call 21"));

    assertThat(next.attempts().get(0).outcome()).isEqualTo(Outcome.CIRCUIT_OPEN);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(20);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aThrottledProbeOpensTheCircuitAgain(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 3);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 20; i++) {
      k.chat(ChatRequest.of("call " + i));
      clock.advance(Duration.ofMillis(150));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);
    clock.advance(Duration.ofSeconds(30));

    ChatResponse probed = k.chat(ChatRequest.of("the probe"));
    ChatResponse next = k.chat(ChatRequest.of("after the probe"));

    assertThat(probed.attempts().get(0).outcome()).isEqualTo(Outcome.THROTTLED);
    assertThat(next.attempts().get(0).outcome()).isEqualTo(Outcome.CIRCUIT_OPEN);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(21);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aThirtyPercentThrottlingStormNeverOpensTheCircuit(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).throttleRate(0.3, 11);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 60; i++) {
      k.chat(ChatRequest.of("call " + i));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(60);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void throttlingNeverOpensTheCircuitWhenTurnedOff(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 3);
    BedrockKit k =
        kit(
            ModelConfig.of(HAIKU, SONNET),
            CallPolicy.builder()
                .maxAttempts(1)
                .circuitBreaker(CircuitBreakerSettings.ofDefaults().withThrottledPercentToOpen(0)));
    for (int i = 0; i < 25; i++) {
      k.chat(ChatRequest.of("call " + i));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void failuresSpreadBeyondTheWindowDoNotOpenTheCircuit(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(1000);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 4; i++) {
      k.chat(ChatRequest.of("call " + i));
    }
    clock.advance(Duration.ofSeconds(61));
    k.chat(ChatRequest.of("a fifth failure, but 61 s after the first"));
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
    for (int i = 0; i < 4; i++) {
      k.chat(ChatRequest.of("again " + i));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.OPEN);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aSuccessBetweenFailuresStartsTheCountAgain(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(4);
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxAttempts(1));
    for (int i = 0; i < 4; i++) {
      k.chat(ChatRequest.of("fail " + i));
    }
    assertThat(k.chat(ChatRequest.of("succeeds")).modelId()).isEqualTo(HAIKU);
    BEDROCK.faults().forModel(HAIKU).serverErrorNext(4);
    for (int i = 0; i < 4; i++) {
      k.chat(ChatRequest.of("fail again " + i));
    }
    assertThat(k.circuitStates()).containsEntry(HAIKU + "@us-east-1", CircuitState.CLOSED);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void validationErrorsDoNotOpenTheCircuit(Mode mode) {
    this.mode = mode;
    String unknown = "anthropic.claude-9-opus-20990101-v1:0";
    BedrockKit k =
        kit(
            ModelConfig.of(unknown),
            CallPolicy.builder().circuitBreaker(CircuitBreakerSettings.countBased(2, Duration.ofSeconds(60))));
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> k.chat(ChatRequest.of("x"))).isInstanceOf(InvalidRequestException.class);
    }
    assertThat(k.circuitStates()).containsEntry(unknown + "@us-east-1", CircuitState.CLOSED);
    assertThat(BEDROCK.journal().count(unknown)).isEqualTo(3);
  }

  @Test
  void maxTokensAboveTheModelsLimitFailsBeforeTheCallNamingTheField() {
    assertThatThrownBy(() -> kit(HAIKU).chat(ChatRequest.builder().user("x").maxTokens(999_999).build()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("inferenceConfig.maxTokens");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "inferenceConfig.maxTokens must be <= 4096 for " + HAIKU + " but was 999999");
            });
    assertThat(BEDROCK.journal().size()).isZero();
  }

  @Test
  void aFullBulkheadSkipsToTheNextModelInsteadOfQueueing() {
    BEDROCK.faults().forModel(HAIKU).delayNext(1, Duration.ofSeconds(2));
    BedrockKit k = kit(ModelConfig.of(HAIKU, SONNET), CallPolicy.builder().maxConcurrentCallsPerModel(1));
    var slow = k.chatAsync(ChatRequest.of("slow one"));
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (BEDROCK.journal().count(HAIKU) == 0 && System.nanoTime() < until) {
      Thread.onSpinWait(); // the journal records a call when it arrives, before its delay
    }

    ChatResponse second = k.chat(ChatRequest.of("second"));

    assertThat(second.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(tuple(HAIKU, Outcome.BULKHEAD_FULL), tuple(SONNET, Outcome.SUCCESS));
    assertThat(slow.join().modelId()).isEqualTo(HAIKU);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aRetiredModelMovesToTheNextModel(Mode mode) {
    this.mode = mode;
    BEDROCK
        .emulator()
        .registerModel(
            ModelProfile.builder(RETIRED).availability(ModelProfile.Availability.END_OF_LIFE).build());
    ChatResponse r = kit(RETIRED, HAIKU).chat(ChatRequest.of("hello"));
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Outcome.NOT_FOUND, Outcome.SUCCESS);
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void accessDeniedFailsAtOnceAndSaysWhatToDo(Mode mode) {
    this.mode = mode;
    BEDROCK
        .emulator()
        .registerModel(
            ModelProfile.builder(RETIRED).availability(ModelProfile.Availability.NOT_ENABLED).build());
    assertThatThrownBy(() -> kit(RETIRED, HAIKU).chat(ChatRequest.of("hello")))
        .isInstanceOfSatisfying(
            ModelUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(ModelUnavailableException.Reason.ACCESS_DENIED);
              assertThat(e.getMessage())
                  .contains("You don't have access to the model with the specified model ID.")
                  .contains("Enable the model for this account and region");
            });
    assertThat(BEDROCK.journal().count(HAIKU)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void aDisabledModelIsSkippedWithoutACall(Mode mode) {
    this.mode = mode;
    ModelConfig config =
        ModelConfig.builder()
            .chain(
                "default",
                ModelTarget.builder(HAIKU).enabled(false).build(),
                ModelTarget.of(SONNET))
            .build();
    ChatResponse r = kit(config, CallPolicy.builder()).chat(ChatRequest.of("hello"));
    assertThat(r.attempts())
        .extracting(Attempt::modelId, Attempt::outcome)
        .containsExactly(tuple(HAIKU, Outcome.DISABLED), tuple(SONNET, Outcome.SUCCESS));
    assertThat(BEDROCK.journal().count(HAIKU)).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theKillSwitchStopsEveryModelCall(Mode mode) {
    this.mode = mode;
    ModelConfig off = ModelConfig.builder().enabled(false).chain("default", ModelTarget.of(HAIKU)).build();
    assertThatThrownBy(() -> kit(off, CallPolicy.builder()).chat(ChatRequest.of("hello")))
        .isInstanceOf(KillSwitchEngagedException.class)
        .hasMessageContaining("\"enabled\": false");
    assertThat(BEDROCK.journal().size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void theKillSwitchWithADegradedMessageAnswersDegraded(Mode mode) {
    this.mode = mode;
    ModelConfig off =
        ModelConfig.builder()
            .enabled(false)
            .degradedMessage("The assistant is busy; please try again in a minute.")
            .chain("default", ModelTarget.of(HAIKU))
            .build();
    ChatResponse r = kit(off, CallPolicy.builder()).chat(ChatRequest.of("hello"));
    assertThat(r.degraded()).isTrue();
    assertThat(r.text()).isEqualTo("The assistant is busy; please try again in a minute.");
    assertThat(r.modelId()).isNull();
    assertThat(BEDROCK.journal().size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void whenEveryModelFailsADegradedMessageIsMarkedDegraded(Mode mode) {
    this.mode = mode;
    BEDROCK.faults().serverErrorNext(1000);
    ModelConfig config =
        ModelConfig.builder()
            .degradedMessage("Busy, try later.")
            .chain("default", ModelTarget.of(HAIKU), ModelTarget.of(SONNET))
            .build();
    ChatResponse r = kit(config, CallPolicy.builder()).chatAsync(ChatRequest.of("hello")).join();
    assertThat(r.degraded()).isTrue();
    assertThat(r.text()).isEqualTo("Busy, try later.");
    assertThat(r.attempts()).hasSize(6);
  }

  @Test
  void noRequestWaitsPastItsDeadline() {
    BEDROCK.faults().delayNext(10, Duration.ofSeconds(5));
    // The deadline runs on the kit's clock: the system clock here, since the emulator hangs for real.
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .models(HAIKU, SONNET)
            .callPolicy(
                CallPolicy.builder()
                    .attemptTimeout(Duration.ofMillis(300))
                    .deadline(Duration.ofMillis(800))
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                    .build())
            .build();
    long start = System.nanoTime();

    assertThatThrownBy(() -> kit.chat(ChatRequest.of("slow")))
        .isInstanceOfSatisfying(
            AllModelsFailedException.class,
            e -> assertThat(e.attempts()).allMatch(a -> a.outcome() == Outcome.TIMEOUT));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .as("bounded by the 800 ms deadline, with generous slack for a slow machine")
        .isLessThan(Duration.ofSeconds(4));
  }
}
