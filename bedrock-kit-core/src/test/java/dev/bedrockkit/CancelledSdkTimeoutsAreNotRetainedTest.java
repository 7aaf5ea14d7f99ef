package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.internal.WheelTimerScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Regression: every call of the kit sets SDK timeouts, and the SDK's default timer keeps each
 * cancelled timeout queued until it would have fired (30 s). The overhead benchmark's heap
 * histogram showed 74,000 retained ScheduledFutureTasks after 8 s at 200 callers. Clients from
 * BedrockClients now use a hashed wheel that drops a cancelled timeout at its next tick.
 */
class CancelledSdkTimeoutsAreNotRetainedTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @Test
  void theTimerOfBedrockClientsDropsCancelledTimeouts() throws InterruptedException {
    WheelTimerScheduler timer =
        (WheelTimerScheduler) BedrockClients.noRetries().scheduledExecutorService().orElseThrow();

    try (BedrockRuntimeClient client =
            BedrockClients.syncBuilder(Region.US_EAST_1)
                .endpointOverride(BEDROCK.emulator().endpoint())
                .credentialsProvider(EmulatorClients.credentials())
                .build();
        BedrockKit kit = BedrockKit.builder().client(client).models(ModelCatalog.CLAUDE_3_HAIKU).build()) {
      for (int i = 0; i < 50; i++) {
        kit.chat(ChatRequest.of("call " + i));
      }
    }

    // Cancelled timeouts leave the wheel at its next tick (10 ms): wait for a few ticks at most.
    long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
    while (timer.pending() > 0 && System.nanoTime() < until) {
      Thread.sleep(5);
    }
    assertThat(timer.pending()).as("timeouts still armed after their calls returned").isZero();
  }

  @Test
  void anAttemptTimeoutFiresOnTheTimerOfBedrockClients() {
    BEDROCK.faults().delayNext(10, Duration.ofSeconds(5));
    try (BedrockRuntimeClient client =
            BedrockClients.syncBuilder(Region.US_EAST_1)
                .endpointOverride(BEDROCK.emulator().endpoint())
                .credentialsProvider(EmulatorClients.credentials())
                .build();
        BedrockKit kit =
            BedrockKit.builder()
                .client(client)
                .models(ModelCatalog.CLAUDE_3_HAIKU)
                .callPolicy(
                    CallPolicy.builder()
                        .attemptTimeout(Duration.ofMillis(200))
                        .deadline(Duration.ofSeconds(2))
                        .backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                        .maxAttempts(2)
                        .build())
                .build()) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> kit.chat(ChatRequest.of("slow")))
          .isInstanceOfSatisfying(
              AllModelsFailedException.class,
              e -> assertThat(e.attempts())
                  .hasSize(2)
                  .allMatch(a -> a.outcome() == Attempt.Outcome.TIMEOUT));
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("two 200 ms attempts, not the emulator's 5 s")
          .isLessThan(Duration.ofSeconds(3));
    }
  }
}
