package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration in code: {@link ModelConfig}, {@link ModelTarget} and the static source. */
class ModelConfigTest {
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  @Test
  void ofBuildsOneDefaultChainInOrder() {
    ModelConfig config = ModelConfig.of(SONNET, HAIKU);

    assertThat(config.enabled()).isTrue();
    assertThat(config.version()).isEqualTo("static");
    assertThat(config.degradedMessage()).isNull();
    assertThat(config.defaultChain())
        .extracting(ModelTarget::modelId)
        .containsExactly(SONNET, HAIKU);
  }

  @Test
  void builderSetsEverySetting() {
    ModelConfig config =
        ModelConfig.builder()
            .enabled(false)
            .chain(
                "default",
                ModelTarget.builder(SONNET)
                    .regions("us-east-1", "us-west-2")
                    .maxTokens(1024)
                    .temperature(0.5)
                    .topP(0.9)
                    .stopSequences("END")
                    .build(),
                ModelTarget.builder(HAIKU).enabled(false).build())
            .chain("cheap", ModelTarget.of(HAIKU))
            .degradedMessage("Busy, try again.")
            .version("v42")
            .build();

    assertThat(config.enabled()).isFalse();
    assertThat(config.version()).isEqualTo("v42");
    assertThat(config.degradedMessage()).isEqualTo("Busy, try again.");
    assertThat(config.chains().keySet()).containsExactly("default", "cheap");
    assertThat(config.chain("default").get(0))
        .isEqualTo(
            new ModelTarget(
                ModelRef.parse(SONNET),
                List.of("us-east-1", "us-west-2"),
                1024,
                0.5,
                0.9,
                List.of("END"),
                true));
    assertThat(config.chain("default").get(1).enabled()).isFalse();
  }

  @Test
  void equalsTheSameDocumentReadFromJson() {
    ModelConfig fromCode =
        ModelConfig.builder()
            .chain(
                "default",
                ModelTarget.builder(SONNET).regions("us-east-1", "us-west-2").maxTokens(1024).build(),
                ModelTarget.builder(HAIKU).temperature(0.2).build())
            .degradedMessage("The assistant is busy; please try again in a minute.")
            .version("7")
            .build();

    assertThat(ModelConfig.fromJson(ModelConfigJsonTest.EXAMPLE, "7")).isEqualTo(fromCode);
  }

  @Test
  void buildingTwiceGivesIndependentConfigurations() {
    ModelConfig.Builder builder = ModelConfig.builder().chain("default", ModelTarget.of(HAIKU));
    ModelConfig first = builder.build();
    ModelConfig second = builder.chain("cheap", ModelTarget.of(HAIKU)).build();

    assertThat(first.chains()).containsOnlyKeys("default");
    assertThat(second.chains()).containsOnlyKeys("default", "cheap");
  }

  @Test
  void isImmutableAndCopiesItsInputs() {
    List<ModelTarget> chain = new ArrayList<>(List.of(ModelTarget.of(HAIKU)));
    Map<String, List<ModelTarget>> chains = new LinkedHashMap<>(Map.of("default", chain));
    ModelConfig config = new ModelConfig(true, chains, null, "1");
    chain.add(ModelTarget.of(SONNET));
    chains.put("other", chain);

    assertThat(config.chains()).containsOnlyKeys("default");
    assertThat(config.defaultChain()).hasSize(1);
    assertThatThrownBy(() -> config.chains().put("x", List.of()))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> config.defaultChain().add(ModelTarget.of(SONNET)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unknownChainNamesTheKnownChains() {
    ModelConfig config =
        ModelConfig.builder()
            .chain("default", ModelTarget.of(HAIKU))
            .chain("cheap", ModelTarget.of(HAIKU))
            .version("12")
            .build();

    assertThatThrownBy(() -> config.chain("summarize"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("chains.summarize"))
        .hasMessage(
            "chains.summarize: no model chain named 'summarize' in model configuration version 12;"
                + " known chains: default, cheap");
  }

  @Test
  void defaultChainIsMissingWhenOnlyOthersAreDefined() {
    ModelConfig config = ModelConfig.builder().chain("cheap", ModelTarget.of(HAIKU)).build();

    assertThatThrownBy(config::defaultChain)
        .hasMessage(
            "chains.default: no model chain named 'default' in model configuration version static;"
                + " known chains: cheap");
  }

  @Test
  void rejectsNoChains() {
    assertThatThrownBy(() -> ModelConfig.builder().build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("chains"))
        .hasMessage("chains: must define at least one chain, e.g. \"default\"");
  }

  @Test
  void rejectsAnEmptyChain() {
    assertThatThrownBy(() -> ModelConfig.builder().chain("default", List.of()).build())
        .hasMessage("chains.default: must list at least one model");
  }

  @Test
  void rejectsTheSameModelTwiceInAChain() {
    assertThatThrownBy(
            () ->
                ModelConfig.builder()
                    .chain("default", ModelTarget.of(HAIKU), ModelTarget.builder(HAIKU).maxTokens(5).build())
                    .build())
        .hasMessage(
            "chains.default[1].modelId: 'anthropic.claude-3-haiku-20240307-v1:0' is already at"
                + " chains.default[0]: list a model once per chain and give it several regions"
                + " instead");
  }

  @Test
  void rejectsAnInvalidChainName() {
    assertThatThrownBy(() -> ModelConfig.builder().chain("", ModelTarget.of(HAIKU)).build())
        .hasMessage(
            "chains: chain name '' is invalid: use 1 to 64 letters, digits, '-' or '_', e.g."
                + " \"default\"");
  }

  @Test
  void rejectsABlankDegradedMessageOrVersion() {
    assertThatThrownBy(
            () ->
                ModelConfig.builder()
                    .chain("default", ModelTarget.of(HAIKU))
                    .degradedMessage("")
                    .version(" ")
                    .build())
        .hasMessage(
            "2 problems in the model configuration: (1) version: must not be blank; (2)"
                + " degradedMessage: must not be blank: leave it out to fail without a degraded"
                + " answer instead");
  }

  @Test
  void ofRejectsAnUnpinnedModel() {
    assertThatThrownBy(() -> ModelConfig.of(HAIKU, "anthropic.claude-3-5-sonnet"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("modelId: 'anthropic.claude-3-5-sonnet' is not pinned: use a versioned"
            + " model ID such as 'anthropic.claude-3-5-sonnet-20241022-v2:0'");
  }

  // ModelTarget in code

  @Test
  void targetRejectsMaxTokensOfZero() {
    assertThatThrownBy(() -> ModelTarget.builder(HAIKU).maxTokens(0).build())
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("maxTokens"))
        .hasMessage("maxTokens: must be greater than 0, found 0");
  }

  @Test
  void targetRejectsOutOfRangeSamplingSettings() {
    assertThatThrownBy(() -> ModelTarget.builder(HAIKU).temperature(1.01).topP(-1).build())
        .hasMessage(
            "2 problems in the model configuration: (1) temperature: must be between 0 and 1,"
                + " found 1.01; (2) topP: must be between 0 and 1, found -1.0");
  }

  @Test
  void targetRejectsNotANumber() {
    assertThatThrownBy(() -> ModelTarget.builder(HAIKU).temperature(Double.NaN).build())
        .hasMessage("temperature: must be between 0 and 1, found NaN");
  }

  @Test
  void targetRejectsInvalidAndNullRegions() {
    assertThatThrownBy(
            () -> ModelTarget.builder(HAIKU).regions(java.util.Arrays.asList("eu-west-1", null, "eu")).build())
        .hasMessage(
            "2 problems in the model configuration: (1) regions[1]: must not be null; (2)"
                + " regions[2]: 'eu' is not an AWS Region code: expected a code such as"
                + " 'us-east-1', 'eu-west-1' or 'us-gov-west-1'");
  }

  @Test
  void targetAcceptsTheArnsOwnRegion() {
    ModelTarget target =
        ModelTarget.builder("arn:aws:bedrock:eu-west-1::foundation-model/" + HAIKU)
            .regions("eu-west-1")
            .build();

    assertThat(target.regions()).containsExactly("eu-west-1");
  }

  @Test
  void targetAcceptsEveryPartitionsRegions() {
    assertThat(
            ModelTarget.builder(HAIKU)
                .regions("us-gov-west-1", "cn-northwest-1", "ap-southeast-7", "mx-central-1", "il-central-1")
                .build()
                .regions())
        .hasSize(5);
  }

  @Test
  void targetRejectsAnUnpinnedModelAtTheBuilder() {
    assertThatThrownBy(() -> ModelTarget.builder("amazon.titan-text-express"))
        .hasMessage(
            "modelId: 'amazon.titan-text-express' is not pinned: use a versioned model ID such as"
                + " 'amazon.titan-text-express-v1', a cross-region inference profile ID"
                + " (us./eu./apac./global. prefix) or an ARN");
  }

  @Test
  void targetRequiresAModel() {
    assertThatThrownBy(() -> new ModelTarget(null, List.of(), null, null, null, List.of(), true))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("model cannot be null");
  }

  @Test
  void targetTreatsNullListsAsEmpty() {
    ModelTarget target = new ModelTarget(ModelRef.parse(HAIKU), null, null, null, null, null, true);

    assertThat(target.regions()).isEmpty();
    assertThat(target.stopSequences()).isEmpty();
  }

  // IAM resources of a whole configuration

  @Test
  void invokeResourceArnsCoverEveryModelOfEveryChain() {
    ModelConfig config =
        ModelConfig.builder()
            .chain(
                "default",
                ModelTarget.builder("us.anthropic.claude-3-5-sonnet-20241022-v2:0").build(),
                ModelTarget.builder(HAIKU).regions("us-east-1", "us-west-2").build())
            .chain(
                "cheap",
                ModelTarget.builder(HAIKU).enabled(false).build(),
                ModelTarget.of(
                    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6"))
            .build();

    assertThat(config.invokeResourceArns("123456789012", "us-east-1"))
        .containsExactly(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-west-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6");
  }

  // Static sources

  @Test
  void staticSourceAlwaysReturnsTheSameConfiguration() {
    ModelConfig config = ModelConfig.of(HAIKU);
    ModelConfigSource source = ModelConfigSource.of(config);

    assertThat(source.current()).isSameAs(config);
    assertThat(source.current()).isSameAs(source.current());
    source.close();
    assertThat(source.current()).isSameAs(config);
  }

  @Test
  void staticSourceReadsTheParameterStoreFormat() {
    ModelConfigSource source = ModelConfigSource.ofJson(ModelConfigJsonTest.EXAMPLE);

    assertThat(source.current().version()).isEqualTo("static");
    assertThat(source.current().defaultChain()).extracting(ModelTarget::modelId).containsExactly(SONNET, HAIKU);
  }

  @Test
  void staticSourceRejectsAnInvalidDocument() {
    assertThatThrownBy(() -> ModelConfigSource.ofJson("{\"chains\": {}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("chains: must define at least one chain, e.g. \"default\"");
  }

  @Test
  void staticSourceRequiresAConfiguration() {
    assertThatThrownBy(() -> ModelConfigSource.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("config cannot be null");
  }
}
