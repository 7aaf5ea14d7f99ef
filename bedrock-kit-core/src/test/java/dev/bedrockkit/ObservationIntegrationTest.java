package dev.bedrockkit;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One observation per request and one child per attempt, for tracing. */
class ObservationIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private final TestObservationRegistry registry = TestObservationRegistry.create();
  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  private BedrockKit kit() {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .models(TestModels.HAIKU, TestModels.SONNET)
            .observationRegistry(registry)
            .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(2)).build())
            .build();
    return kit;
  }

  @Test
  void recordsOneObservationPerRequestAndOnePerAttempt() {
    BEDROCK.faults().throttleNext(1);
    kit().chat(ChatRequest.of("observe me"));

    assertThat(registry)
        .hasNumberOfObservationsWithNameEqualTo(MetricNames.OBSERVATION_REQUEST, 1)
        .hasNumberOfObservationsWithNameEqualTo(MetricNames.OBSERVATION_ATTEMPT, 2)
        .hasObservationWithNameEqualTo(MetricNames.OBSERVATION_REQUEST)
        .that()
        .hasBeenStarted()
        .hasBeenStopped()
        .hasContextualNameEqualTo("chat default")
        .hasLowCardinalityKeyValue(MetricNames.OPERATION_NAME, "chat")
        .hasLowCardinalityKeyValue(MetricNames.PROVIDER_NAME, "aws.bedrock")
        .hasLowCardinalityKeyValue(MetricNames.REQUEST_MODEL, TestModels.HAIKU)
        .hasLowCardinalityKeyValue(MetricNames.RESPONSE_MODEL, TestModels.HAIKU)
        .doesNotHaveError();
  }

  @Test
  void attemptsAreChildrenOfTheRequestAndCarryTheirOutcome() {
    List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
    registry
        .observationConfig()
        .observationHandler(
            new ObservationHandler<>() {
              @Override
              public boolean supportsContext(Observation.Context context) {
                return true;
              }

              @Override
              public void onStop(Observation.Context context) {
                stopped.add(context);
              }
            });
    BEDROCK.faults().throttleNext(1);
    kit().chatAsync(ChatRequest.of("observe me")).join();

    Observation.Context request =
        stopped.stream()
            .filter(c -> c.getName().equals(MetricNames.OBSERVATION_REQUEST))
            .findFirst()
            .orElseThrow();
    List<Observation.Context> attempts =
        stopped.stream().filter(c -> c.getName().equals(MetricNames.OBSERVATION_ATTEMPT)).toList();
    assertThat(attempts).hasSize(2);
    assertThat(attempts)
        .allSatisfy(a -> assertThat(a.getParentObservation().getContextView()).isSameAs(request));
    assertThat(attempts.get(0).getLowCardinalityKeyValue(MetricNames.TAG_OUTCOME).getValue())
        .isEqualTo("throttled");
    assertThat(attempts.get(1).getLowCardinalityKeyValue(MetricNames.TAG_OUTCOME).getValue())
        .isEqualTo("success");
  }

  @Test
  void aFailedRequestRecordsItsError() {
    BEDROCK.faults().serverErrorNext(100);
    try {
      kit().chat(ChatRequest.of("doomed"));
    } catch (AllModelsFailedException expected) {
      // asserted below
    }
    assertThat(registry)
        .hasObservationWithNameEqualTo(MetricNames.OBSERVATION_REQUEST)
        .that()
        .hasBeenStopped()
        .assertThatError()
        .isInstanceOf(AllModelsFailedException.class);
  }
}
