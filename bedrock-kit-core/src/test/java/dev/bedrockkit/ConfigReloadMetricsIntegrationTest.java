package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code bedrockkit.config.reloads} from a real Parameter Store source on the emulator. */
class ConfigReloadMetricsIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String PARAMETER = "/bedrock-kit/test/models";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void loadsRejectionsAndFailedReadsAreCountedByResult() {
    BedrockKitMetrics metrics = BedrockKitMetrics.of(registry);
    BEDROCK.emulator().putParameter(
        PARAMETER,
        "{\"enabled\":true,\"chains\":{\"default\":[{\"modelId\":\"" + ModelCatalog.CLAUDE_3_HAIKU + "\"}]}}");
    try (ParameterStoreConfigSource source =
        ParameterStoreConfigSource.builder()
            .ssmClient(BEDROCK.ssmClient())
            .parameterName(PARAMETER)
            .refreshInterval(Duration.ofHours(1))
            .listener(metrics.configListener())
            .build()) {
      source.start();

      BEDROCK.emulator().putParameter(PARAMETER, "{\"enabled\": maybe}");
      source.refreshNow();
      BEDROCK.faults().ssmUnavailable();
      source.refreshNow();
    }

    assertThat(reloads("ok")).isEqualTo(1.0);
    assertThat(reloads("rejected")).isEqualTo(1.0);
    assertThat(reloads("unavailable")).isEqualTo(1.0);
  }

  private double reloads(String result) {
    return registry.get("bedrockkit.config.reloads").tag("result", result).counter().count();
  }
}
