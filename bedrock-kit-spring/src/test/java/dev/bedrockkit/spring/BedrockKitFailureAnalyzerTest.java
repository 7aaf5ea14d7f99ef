package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.ConfigurationException;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** Bad properties fail start-up with a message naming the property and the allowed values. */
class BedrockKitFailureAnalyzerTest {

  private static void failsWith(String[] properties, Consumer<FailureAnalysis> check) {
    Runners.runner()
        .withPropertyValues(properties)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              check.accept(analysis);
            });
  }

  private static String[] props(String... properties) {
    return properties;
  }

  @Test
  void isRegisteredInSpringFactories() {
    // Some of Boot's own analyzers need a bean factory; only the registration matters here.
    List<FailureAnalyzer> analyzers =
        SpringFactoriesLoader.forDefaultResourceLocation()
            .load(
                FailureAnalyzer.class,
                SpringFactoriesLoader.ArgumentResolver.none(),
                SpringFactoriesLoader.FailureHandler.handleMessage((message, failure) -> {}));
    assertThat(analyzers).hasAtLeastOneElementOfType(BedrockKitFailureAnalyzer.class);
  }

  @Test
  void unpinnedModelInModelsNamesTheListEntry() {
    failsWith(
        props("bedrock-kit.models=" + HAIKU + ",anthropic.claude-3-haiku"),
        analysis -> {
          assertThat(analysis.getDescription())
              .startsWith(
                  "Invalid bedrock-kit configuration:\n\n"
                      + "    Property: bedrock-kit.models[1]\n"
                      + "    Value:    \"anthropic.claude-3-haiku\"\n"
                      + "    Reason:   'anthropic.claude-3-haiku' is not pinned");
          assertThat(analysis.getAction()).isEqualTo(Settings.MODEL_ID_HINT);
        });
  }

  @Test
  void unpinnedModelInAChainNamesTheChainProperty() {
    failsWith(
        props("bedrock-kit.chains.default[0].model-id=claude-3-haiku"),
        analysis -> {
          assertThat(analysis.getDescription())
              .contains("Property: bedrock-kit.chains.default[0].model-id\n")
              .contains("Value:    \"claude-3-haiku\"");
          assertThat(analysis.getAction())
              .contains("anthropic.claude-3-haiku-20240307-v1:0")
              .contains("cross-region inference profile ID");
        });
  }

  @Test
  void invalidRegionOfAChainTarget() {
    failsWith(
        props(
            "bedrock-kit.chains.default[0].model-id=" + HAIKU,
            "bedrock-kit.chains.default[0].regions=us-east-1,useast2"),
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  "Invalid bedrock-kit configuration:\n\n"
                      + "    Property: bedrock-kit.chains.default[0].regions[1]\n"
                      + "    Value:    \"useast2\"\n"
                      + "    Reason:   'useast2' is not an AWS Region code: expected a code such as"
                      + " 'us-east-1', 'eu-west-1' or 'us-gov-west-1'");
          assertThat(analysis.getAction()).startsWith(Settings.REGION_HINT);
        });
  }

  @Test
  void maxTokensOutOfRange() {
    failsWith(
        props(
            "bedrock-kit.chains.fast[0].model-id=" + HAIKU,
            "bedrock-kit.chains.fast[0].max-tokens=0"),
        analysis -> {
          assertThat(analysis.getDescription())
              .contains("Property: bedrock-kit.chains.fast[0].max-tokens\n")
              .contains("Value:    \"0\"")
              .endsWith("Reason:   must be greater than 0, found 0");
          assertThat(analysis.getAction())
              .isEqualTo("Use a whole number greater than 0, within the model's output limit.");
        });
  }

  @Test
  void modelListedTwiceInAChain() {
    failsWith(
        props("bedrock-kit.models=" + HAIKU + "," + HAIKU),
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    "Invalid bedrock-kit configuration:\n\n"
                        + "    Property: bedrock-kit.models[1]\n"
                        + "    Value:    \"" + HAIKU + "\"\n"
                        + "    Reason:   '" + HAIKU + "' is already at bedrock-kit.models[0]: list a"
                        + " model once per chain and give it several regions instead"));
  }

  @Test
  void modelsAndDefaultChainTogether() {
    failsWith(
        props("bedrock-kit.models=" + HAIKU, "bedrock-kit.chains.default[0].model-id=" + HAIKU),
        analysis -> {
          assertThat(analysis.getDescription()).contains("Property: bedrock-kit.models\n");
          assertThat(analysis.getAction())
              .isEqualTo("Set either bedrock-kit.models or bedrock-kit.chains.default, not both.");
        });
  }

  @Test
  void negativeTimeout() {
    failsWith(
        props("bedrock-kit.resilience.attempt-timeout=-1s"),
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  "Invalid bedrock-kit configuration:\n\n"
                      + "    Property: bedrock-kit.resilience.attempt-timeout\n"
                      + "    Value:    \"-1s\"\n"
                      + "    Reason:   must be a positive duration");
          assertThat(analysis.getAction()).isEqualTo(Settings.DURATION_HINT);
        });
  }

  @Test
  void backoffMaxBelowBase() {
    failsWith(
        props("bedrock-kit.resilience.backoff.base=5s", "bedrock-kit.resilience.backoff.max=1s"),
        analysis ->
            assertThat(analysis.getDescription())
                .contains("Property: bedrock-kit.resilience.backoff.max\n")
                .endsWith("must not be less than bedrock-kit.resilience.backoff.base (5s)"));
  }

  @Test
  void unknownRegionFormat() {
    failsWith(
        props("bedrock-kit.aws.region=virginia"),
        analysis -> {
          assertThat(analysis.getDescription())
              .contains("Property: bedrock-kit.aws.region\n")
              .contains("Value:    \"virginia\"")
              .contains("'virginia' is not an AWS Region code");
          assertThat(analysis.getAction()).isEqualTo(Settings.REGION_HINT);
        });
  }

  @Test
  void endpointWithoutScheme() {
    failsWith(
        props("bedrock-kit.aws.endpoint=localhost:8080"),
        analysis ->
            assertThat(analysis.getDescription())
                .contains("Property: bedrock-kit.aws.endpoint\n")
                .endsWith("is not an absolute http or https URI with a host"));
  }

  @Test
  void zeroPoolSize() {
    failsWith(
        props("bedrock-kit.aws.http.max-connections=0"),
        analysis -> {
          assertThat(analysis.getDescription())
              .contains("Property: bedrock-kit.aws.http.max-connections\n")
              .endsWith("must be at least 1");
          assertThat(analysis.getAction()).isEqualTo("Use a whole number of 1 or more.");
        });
  }

  @Test
  void refreshIntervalBelowOneSecond() {
    failsWith(
        props(
            "bedrock-kit.config.parameter-name=/bedrock-kit/test/models",
            "bedrock-kit.config.refresh-interval=500ms"),
        analysis ->
            assertThat(analysis.getDescription())
                .contains("Property: bedrock-kit.config.refresh-interval\n")
                .endsWith("must be at least 1s"));
  }

  @Test
  void malformedTemplateFile() {
    failsWith(
        props("bedrock-kit.templates.location=bad-prompts"),
        analysis -> {
          assertThat(analysis.getDescription())
              .startsWith("A bedrock-kit prompt template is invalid: ")
              .contains("bad-prompts/broken/v1.txt");
          assertThat(analysis.getAction()).startsWith("Fix the template file");
        });
  }

  @Test
  void coreConfigurationExceptionPathBecomesThePropertyName() {
    FailureAnalysis analysis =
        new BedrockKitFailureAnalyzer()
            .analyze(
                new IllegalStateException(
                    "wrapped",
                    new ConfigurationException(
                        "chains.default[1].maxTokens",
                        "chains.default[1].maxTokens: must be greater than 0, found -5")));
    assertThat(analysis.getDescription())
        .isEqualTo(
            "The bedrock-kit configuration is invalid at 'chains.default[1].maxTokens':"
                + " chains.default[1].maxTokens: must be greater than 0, found -5");
    assertThat(analysis.getAction())
        .isEqualTo(
            "Update bedrock-kit.chains.default[1].max-tokens (or the same setting in the Parameter"
                + " Store document): Use a whole number greater than 0, within the model's output"
                + " limit.");
  }

  @Test
  void leavesOtherFailuresToOtherAnalyzers() {
    assertThat(new BedrockKitFailureAnalyzer().analyze(new IllegalStateException("boom"))).isNull();
  }
}
