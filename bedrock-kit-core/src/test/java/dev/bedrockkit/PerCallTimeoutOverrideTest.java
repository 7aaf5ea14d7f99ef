package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.internal.Clients;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.ModelCatalog;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * A per-call override costs the SDK about 1 µs and 4 KB per call; the kit sends one only when
 * the client's own API call timeout is not the attempt's timeout already.
 */
class PerCallTimeoutOverrideTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private BedrockRuntimeClient bedrockClientsClient() {
    return BedrockClients.syncBuilder(Region.US_EAST_1)
        .endpointOverride(BEDROCK.emulator().endpoint())
        .credentialsProvider(EmulatorClients.credentials())
        .build();
  }

  @Test
  void aClientWhoseTimeoutIsTheAttemptTimeoutNeedsNoOverride() {
    try (BedrockRuntimeClient client = bedrockClientsClient()) {
      Clients clients = new Clients(List.of(client), List.of(), null, null);

      assertThat(clients.timeoutOverride(client, CallPolicy.DEFAULT_ATTEMPT_TIMEOUT)).isNull();
      assertThat(clients.timeoutOverride(client, Duration.ofSeconds(7)))
          .as("a deadline closer than the attempt timeout")
          .isNotNull()
          .satisfies(o -> assertThat(o.apiCallTimeout()).contains(Duration.ofSeconds(7)));
    }
  }

  @Test
  void aClientWithoutATimeoutGetsOneOnEveryCall() {
    BedrockRuntimeClient client = BEDROCK.bedrockClient();
    Clients clients = new Clients(List.of(client), List.of(), null, null);

    assertThat(clients.timeoutOverride(client, CallPolicy.DEFAULT_ATTEMPT_TIMEOUT))
        .isNotNull()
        .satisfies(o -> assertThat(o.apiCallTimeout()).contains(CallPolicy.DEFAULT_ATTEMPT_TIMEOUT));
  }

  @Test
  void callsNameBedrockKitInTheUserAgentEitherWay() {
    try (BedrockRuntimeClient client = bedrockClientsClient();
        BedrockKit viaClientTimeout =
            BedrockKit.builder().client(client).models(ModelCatalog.CLAUDE_3_HAIKU).build();
        BedrockKit viaOverride =
            BedrockKit.builder()
                .client(BEDROCK.bedrockClient())
                .models(ModelCatalog.CLAUDE_3_HAIKU)
                .build()) {
      BEDROCK.journal().clear();

      viaClientTimeout.chat(ChatRequest.of("one"));
      viaOverride.chat(ChatRequest.of("two"));

      assertThat(BEDROCK.journal().all())
          .hasSize(2)
          .allSatisfy(c -> assertThat(c.header("User-Agent")).contains("bedrock-kit/0.1.0"));
    }
  }
}
