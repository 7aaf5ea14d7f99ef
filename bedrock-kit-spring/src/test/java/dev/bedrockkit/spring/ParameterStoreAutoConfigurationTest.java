package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static dev.bedrockkit.spring.Runners.HAIKU_3_5;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ConfigListener;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.ssm.SsmClient;

class ParameterStoreAutoConfigurationTest {
  static final String PARAMETER = "/bedrock-kit/test/models";

  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static ApplicationContextRunner runner(String... properties) {
    return Runners.runner()
        .withBean(AwsCredentialsProvider.class, Runners::testCredentials)
        .withPropertyValues(
            "bedrock-kit.aws.endpoint=" + BEDROCK.endpoint(),
            "bedrock-kit.config.endpoint=" + BEDROCK.endpoint(),
            "bedrock-kit.config.parameter-name=" + PARAMETER)
        .withPropertyValues(properties);
  }

  private static String document(String... modelIds) {
    StringBuilder chain = new StringBuilder();
    for (String id : modelIds) {
      chain.append(chain.length() == 0 ? "" : ",").append("{\"modelId\":\"").append(id).append("\"}");
    }
    return "{\"enabled\":true,\"chains\":{\"default\":[" + chain + "]}}";
  }

  @Test
  void readsChainsFromTheParameterWithItsVersion() {
    BEDROCK.emulator().putParameter(PARAMETER, document(HAIKU));
    long version = BEDROCK.emulator().putParameter(PARAMETER, document(HAIKU_3_5, HAIKU));
    List<String> loaded = new CopyOnWriteArrayList<>();
    runner()
        .withBean(
            ConfigListener.class,
            () ->
                new ConfigListener() {
                  @Override
                  public void onLoaded(ModelConfig config) {
                    loaded.add(config.version());
                  }
                })
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(SsmClient.class);
              assertThat(context).getBean(ModelConfigSource.class)
                  .isInstanceOf(ParameterStoreConfigSource.class);
              ModelConfig config = context.getBean(BedrockKit.class).modelConfig();
              assertThat(config.version()).isEqualTo(String.valueOf(version));
              assertThat(config.defaultChain())
                  .extracting(ModelTarget::modelId)
                  .containsExactly(HAIKU_3_5, HAIKU);
              assertThat(loaded).containsExactly(String.valueOf(version));
              Info.Builder info = new Info.Builder();
              context.getBean("bedrockKitInfoContributor", InfoContributor.class).contribute(info);
              @SuppressWarnings("unchecked")
              Map<String, Object> kit = (Map<String, Object>) info.build().get("bedrockKit");
              assertThat(kit)
                  .containsEntry("source", "parameter-store")
                  .containsEntry("configVersion", String.valueOf(version));
              @SuppressWarnings("unchecked")
              Map<String, Object> parameter = (Map<String, Object>) kit.get("parameter");
              assertThat(parameter)
                  .containsEntry("name", PARAMETER)
                  .containsEntry("usingFallback", false);
            });
  }

  @Test
  void chainsInPropertiesAreTheFallbackWhenTheParameterIsMissing() {
    runner("bedrock-kit.models=" + HAIKU)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ParameterStoreConfigSource source = context.getBean(ParameterStoreConfigSource.class);
              assertThat(source.status().usingFallback()).isTrue();
              assertThat(context.getBean(BedrockKit.class).modelConfig().defaultChain())
                  .extracting(ModelTarget::modelId)
                  .containsExactly(HAIKU);
            });
  }

  @Test
  void aMissingParameterWithoutFallbackFailsStartUpNamingTheProperty() {
    runner()
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("Property: bedrock-kit.config.parameter-name\n")
                  .contains("Value:    \"" + PARAMETER + "\"")
                  .contains("not found");
              assertThat(analysis.getAction())
                  .endsWith(
                      "or set bedrock-kit.chains or bedrock-kit.models as the fallback used when the"
                          + " parameter cannot be loaded at start-up.");
            });
  }

  @Test
  void anInvalidDocumentFailsStartUpWithItsPath() {
    BEDROCK.emulator().putParameter(PARAMETER, document("anthropic.claude-3-haiku"));
    runner()
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("chains.default[0].modelId")
                  .contains("'anthropic.claude-3-haiku' is not pinned");
            });
  }
}
