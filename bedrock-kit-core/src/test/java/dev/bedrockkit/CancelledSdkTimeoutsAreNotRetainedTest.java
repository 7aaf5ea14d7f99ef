package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.ModelCatalog;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Regression: every call of the kit sets SDK timeouts, and the SDK's default timer keeps each
 * cancelled timeout queued until it would have fired (30 s). The overhead benchmark's heap
 * histogram showed 74,000 retained ScheduledFutureTasks after 8 s at 200 callers. Clients from
 * BedrockClients now use a timer that removes a timeout when it is cancelled.
 */
class CancelledSdkTimeoutsAreNotRetainedTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @Test
  void theTimerOfBedrockClientsDropsCancelledTimeouts() {
    ScheduledThreadPoolExecutor timer =
        (ScheduledThreadPoolExecutor) BedrockClients.noRetries().scheduledExecutorService().orElseThrow();
    assertThat(timer.getRemoveOnCancelPolicy()).isTrue();

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

    assertThat(timer.getQueue()).as("timeouts still queued after their calls returned").isEmpty();
  }
}
