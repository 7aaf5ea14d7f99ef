package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BedrockKit reading its chains from the emulator's Parameter Store, with hot reload. */
class ParameterStoreKitIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String PARAMETER = "/bedrock-kit/test/models";
  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;

  private BedrockKit kit;
  private ParameterStoreConfigSource source;

  @AfterEach
  void close() {
    kit.close();
  }

  private static String document(boolean enabled, String... models) {
    StringBuilder chain = new StringBuilder();
    for (String m : models) {
      chain.append(chain.length() == 0 ? "" : ",").append("{\"modelId\":\"").append(m).append("\"}");
    }
    return "{\"enabled\":" + enabled + ",\"chains\":{\"default\":[" + chain + "]}}";
  }

  private BedrockKit kit() {
    source =
        ParameterStoreConfigSource.builder()
            .ssmClient(BEDROCK.ssmClient())
            .parameterName(PARAMETER)
            .refreshInterval(Duration.ofHours(1)) // refreshed by hand below
            .build();
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .modelConfig(source)
            .build();
    return kit;
  }

  @Test
  void aNewChainTakesEffectOnTheNextRequestWithoutARedeploy() {
    BEDROCK.emulator().putParameter(PARAMETER, document(true, HAIKU));
    BedrockKit k = kit();
    assertThat(k.chat(ChatRequest.of("one")).modelId()).isEqualTo(HAIKU);

    BEDROCK.emulator().putParameter(PARAMETER, document(true, SONNET, HAIKU));
    source.refreshNow();

    assertThat(k.chat(ChatRequest.of("two")).modelId()).isEqualTo(SONNET);
    assertThat(k.modelConfig().version()).isEqualTo("2");
  }

  @Test
  void flippingTheKillSwitchInParameterStoreStopsFurtherModelCalls() {
    BEDROCK.emulator().putParameter(PARAMETER, document(true, HAIKU));
    BedrockKit k = kit();
    k.chat(ChatRequest.of("before"));
    int callsBefore = BEDROCK.journal().count(HAIKU);

    BEDROCK.emulator().putParameter(PARAMETER, document(false, HAIKU));
    source.refreshNow();

    assertThatThrownBy(() -> k.chat(ChatRequest.of("after")))
        .isInstanceOf(KillSwitchEngagedException.class);
    assertThatThrownBy(() -> k.invoke(InvokeRequest.of(HAIKU, "{\"x\":1}")))
        .isInstanceOf(KillSwitchEngagedException.class);
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(callsBefore);
  }

  @Test
  void aBadNewDocumentKeepsTheLastGoodChain() {
    BEDROCK.emulator().putParameter(PARAMETER, document(true, HAIKU));
    BedrockKit k = kit();
    BEDROCK.emulator().putParameter(PARAMETER, document(true, "anthropic.claude-3-haiku"));
    source.refreshNow();
    assertThat(k.chat(ChatRequest.of("still works")).modelId()).isEqualTo(HAIKU);
    assertThat(source.status().rejectedVersion()).isEqualTo("2");
  }

  @Test
  void aMissingParameterFailsStartUpWithAClearMessage() {
    assertThatThrownBy(this::kit)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(PARAMETER);
    kit = BedrockKit.builder().client(BEDROCK.bedrockClient()).models(HAIKU).build();
  }
}
