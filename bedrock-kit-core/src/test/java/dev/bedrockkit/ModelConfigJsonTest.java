package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** The Parameter Store document: {@link ModelConfig#fromJson}. */
class ModelConfigJsonTest {
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";

  /** The document from the architecture note. */
  static final String EXAMPLE =
      "{\n"
          + "  \"enabled\": true,\n"
          + "  \"chains\": {\n"
          + "    \"default\": [\n"
          + "      {\"modelId\": \"anthropic.claude-3-5-sonnet-20240620-v1:0\",\n"
          + "       \"regions\": [\"us-east-1\", \"us-west-2\"], \"maxTokens\": 1024},\n"
          + "      {\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\", \"enabled\": true,"
          + " \"temperature\": 0.2}\n"
          + "    ]\n"
          + "  },\n"
          + "  \"degradedMessage\": \"The assistant is busy; please try again in a minute.\"\n"
          + "}";

  private static String oneModel(String modelFields) {
    return "{\"chains\": {\"default\": [{" + modelFields + "}]}}";
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRejected(
      String json, String path, String message) {
    return assertThatThrownBy(() -> ModelConfig.fromJson(json, "7"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo(path))
        .hasMessage(message);
  }

  // Valid documents

  @Test
  void readsTheDocumentedExample() {
    ModelConfig config = ModelConfig.fromJson(EXAMPLE, "7");

    assertThat(config.enabled()).isTrue();
    assertThat(config.version()).isEqualTo("7");
    assertThat(config.degradedMessage())
        .isEqualTo("The assistant is busy; please try again in a minute.");
    assertThat(config.chains()).containsOnlyKeys("default");
    List<ModelTarget> chain = config.chain("default");
    assertThat(chain)
        .containsExactly(
            new ModelTarget(
                ModelRef.parse(SONNET),
                List.of("us-east-1", "us-west-2"),
                1024,
                null,
                null,
                List.of(),
                true),
            new ModelTarget(ModelRef.parse(HAIKU), List.of(), null, 0.2, null, List.of(), true));
  }

  @Test
  void minimalDocumentGetsTheDefaults() {
    ModelConfig config = ModelConfig.fromJson(oneModel("\"modelId\": \"" + HAIKU + "\""), "1");

    assertThat(config.enabled()).as("enabled defaults to true").isTrue();
    assertThat(config.degradedMessage()).isNull();
    ModelTarget target = config.defaultChain().get(0);
    assertThat(target.modelId()).isEqualTo(HAIKU);
    assertThat(target.regions()).isEmpty();
    assertThat(target.maxTokens()).isNull();
    assertThat(target.temperature()).isNull();
    assertThat(target.topP()).isNull();
    assertThat(target.stopSequences()).isEmpty();
    assertThat(target.enabled()).isTrue();
  }

  @Test
  void readsEveryModelField() {
    ModelTarget target =
        ModelConfig.fromJson(
                oneModel(
                    "\"modelId\": \"us.anthropic.claude-3-5-sonnet-20241022-v2:0\","
                        + " \"regions\": [\"us-east-1\"], \"maxTokens\": 512,"
                        + " \"temperature\": 0, \"topP\": 1, \"stopSequences\": [\"\\n\\nHuman:\"],"
                        + " \"enabled\": false"),
                "3")
            .defaultChain()
            .get(0);

    assertThat(target)
        .isEqualTo(
            new ModelTarget(
                ModelRef.parse("us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
                List.of("us-east-1"),
                512,
                0.0,
                1.0,
                List.of("\n\nHuman:"),
                false));
  }

  @Test
  void killSwitchAndNullOptionalsAreRead() {
    ModelConfig config =
        ModelConfig.fromJson(
            "{\"enabled\": false, \"degradedMessage\": null, \"chains\": {\"default\": [{"
                + "\"modelId\": \""
                + HAIKU
                + "\", \"maxTokens\": null, \"regions\": null, \"enabled\": null}]}}",
            "9");

    assertThat(config.enabled()).isFalse();
    assertThat(config.degradedMessage()).isNull();
    assertThat(config.defaultChain().get(0).enabled()).isTrue();
    assertThat(config.defaultChain().get(0).regions()).isEmpty();
  }

  @Test
  void keepsChainsInDocumentOrder() {
    ModelConfig config =
        ModelConfig.fromJson(
            "{\"chains\": {\"zeta\": [{\"modelId\": \""
                + HAIKU
                + "\"}], \"alpha\": [{\"modelId\": \""
                + SONNET
                + "\"}], \"default\": [{\"modelId\": \""
                + HAIKU
                + "\"}]}}",
            "2");

    assertThat(config.chains().keySet()).containsExactly("zeta", "alpha", "default");
  }

  @Test
  void sameModelMayAppearInDifferentChains() {
    ModelConfig config =
        ModelConfig.fromJson(
            "{\"chains\": {\"a\": [{\"modelId\": \"" + HAIKU + "\"}], \"b\": [{\"modelId\": \""
                + HAIKU
                + "\"}]}}",
            "2");

    assertThat(config.chain("a")).isEqualTo(config.chain("b"));
  }

  // Rejections: malformed input

  @Test
  void rejectsMalformedJsonWithLineAndColumn() {
    assertRejected(
        "{\n  \"chains\": {\n    \"default\": [\n      {\"modelId\": \"" + HAIKU + "\"}\n",
        "",
        "malformed JSON at line 5, column 1: Unexpected end-of-input: expected close marker for"
            + " Array (start marker at [line: 3, column: 16])");
  }

  @Test
  void malformedJsonMessageNeverQuotesTheDocument() {
    assertRejected(
        "{\"chains\": s3cr3t-t0ken}",
        "",
        "malformed JSON at line 1, column 12: Unrecognized token '…': was expecting (JSON String,"
            + " Number, Array, Object or token 'null', 'true' or 'false')");
  }

  @Test
  void rejectsDuplicateFields() {
    assertRejected(
        "{\"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\", \"modelId\": \"" + SONNET
            + "\"}]}}",
        "",
        "malformed JSON at line 1, column 88: duplicate field 'modelId'");
  }

  @Test
  void rejectsTrailingContent() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\"") + " {}",
        "",
        "malformed JSON at line 1, column 82: more content after the end of the top-level"
            + " object");
  }

  @Test
  void rejectsAnEmptyDocument() {
    assertRejected(
        "  ",
        "",
        "the document is empty: expected a JSON object such as {\"chains\": {\"default\":"
            + " [{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\"}]}}");
  }

  @Test
  void rejectsATopLevelArray() {
    assertRejected("[1, 2]", "", "expected a JSON object at the top level, found an array");
  }

  @Test
  void rejectsHugeDocuments() {
    String padding = " ".repeat(64 * 1024);
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\"") + padding,
        "",
        "the document is 65616 bytes, more than the limit of 65536 (a Parameter Store parameter"
            + " holds at most 4 KB, or 8 KB in the advanced tier)");
  }

  @Test
  void rejectsDeeplyNestedInput() {
    String nested = "[".repeat(40) + "]".repeat(40);
    assertRejected(
        "{\"chains\": " + nested + "}", "", "malformed JSON: nested more than 16 levels deep");
  }

  // Rejections: structure

  @Test
  void rejectsUnknownTopLevelFields() {
    assertRejected(
        "{\"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\"}]}, \"killSwitch\": true}",
        "killSwitch",
        "killSwitch: unknown field: the top-level fields are enabled, chains, degradedMessage");
  }

  @Test
  void rejectsUnknownModelFieldsSuggestingTheRightCase() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxtokens\": 10"),
        "chains.default[0].maxtokens",
        "chains.default[0].maxtokens: unknown field (did you mean 'maxTokens'?): the fields of a"
            + " model are modelId, regions, maxTokens, temperature, topP, stopSequences, enabled");
  }

  @Test
  void rejectsMissingChains() {
    assertRejected(
        "{\"enabled\": true}",
        "chains",
        "chains: is required: define at least one chain, e.g. \"chains\": {\"default\":"
            + " [{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\"}]}");
  }

  @Test
  void rejectsNoChains() {
    assertRejected(
        "{\"chains\": {}}", "chains", "chains: must define at least one chain, e.g. \"default\"");
  }

  @Test
  void rejectsChainsThatAreNotAnObject() {
    assertRejected(
        "{\"chains\": [\"default\"]}",
        "chains",
        "chains: expected an object of named chains, found an array");
  }

  @Test
  void rejectsAnEmptyChain() {
    assertRejected(
        "{\"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\"}], \"cheap\": []}}",
        "chains.cheap",
        "chains.cheap: must list at least one model");
  }

  @Test
  void rejectsAChainThatIsNotAnArray() {
    assertRejected(
        "{\"chains\": {\"default\": {\"modelId\": \"" + HAIKU + "\"}}}",
        "chains.default",
        "chains.default: expected an array of models, found an object");
  }

  @Test
  void rejectsInvalidChainNames() {
    assertRejected(
        "{\"chains\": {\"my chain\": [{\"modelId\": \"" + HAIKU + "\"}]}}",
        "chains",
        "chains: chain name 'my chain' is invalid: use 1 to 64 letters, digits, '-' or '_', e.g."
            + " \"default\"");
  }

  @Test
  void rejectsAModelThatIsNotAnObject() {
    assertRejected(
        "{\"chains\": {\"default\": [\"" + HAIKU + "\"]}}",
        "chains.default[0]",
        "chains.default[0]: expected an object with a modelId, found a string");
  }

  // Rejections: model fields

  @Test
  void rejectsAnUnpinnedModelId() {
    assertRejected(
        "{\"chains\": {\"default\": [{\"modelId\": \"" + SONNET
            + "\"}, {\"modelId\": \"anthropic.claude-3-haiku\"}]}}",
        "chains.default[1].modelId",
        "chains.default[1].modelId: 'anthropic.claude-3-haiku' is not pinned: use a versioned"
            + " model ID such as 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region"
            + " inference profile ID (us./eu./apac./global. prefix) or an ARN");
  }

  @Test
  void rejectsAMissingModelId() {
    assertRejected(
        oneModel("\"maxTokens\": 10"),
        "chains.default[0].modelId",
        "chains.default[0].modelId: is required: name a pinned model such as"
            + " 'anthropic.claude-3-haiku-20240307-v1:0'");
  }

  @Test
  void rejectsAModelIdThatIsNotAString() {
    assertRejected(
        oneModel("\"modelId\": 42"),
        "chains.default[0].modelId",
        "chains.default[0].modelId: expected a string, found a number");
  }

  @Test
  void rejectsDuplicateModelsInAChain() {
    assertRejected(
        "{\"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\"}, {\"modelId\": \"" + SONNET
            + "\"}, {\"modelId\": \"" + HAIKU + "\", \"maxTokens\": 5}]}}",
        "chains.default[2].modelId",
        "chains.default[2].modelId: 'anthropic.claude-3-haiku-20240307-v1:0' is already at"
            + " chains.default[0]: list a model once per chain and give it several regions"
            + " instead");
  }

  @Test
  void rejectsInvalidRegions() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"regions\": [\"us-east-1\", \"US-WEST-2\"]"),
        "chains.default[0].regions[1]",
        "chains.default[0].regions[1]: 'US-WEST-2' is not an AWS Region code: expected a code"
            + " such as 'us-east-1', 'eu-west-1' or 'us-gov-west-1'");
  }

  @Test
  void rejectsARegionListedTwice() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"regions\": [\"us-east-1\", \"us-east-1\"]"),
        "chains.default[0].regions[1]",
        "chains.default[0].regions[1]: 'us-east-1' is listed twice");
  }

  @Test
  void rejectsRegionsThatAreNotStrings() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"regions\": \"us-east-1\""),
        "chains.default[0].regions",
        "chains.default[0].regions: expected an array of strings, found a string");
  }

  @Test
  void rejectsARegionOtherThanTheArnsOwn() {
    assertRejected(
        oneModel(
            "\"modelId\": \"arn:aws:bedrock:us-east-1::foundation-model/"
                + HAIKU
                + "\", \"regions\": [\"us-west-2\"]"),
        "chains.default[0].regions[0]",
        "chains.default[0].regions[0]: 'us-west-2' is not the Region of the model ARN"
            + " (us-east-1): an ARN is called in its own Region; leave regions empty or list"
            + " us-east-1");
  }

  @Test
  void rejectsMaxTokensOfZero() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxTokens\": 0"),
        "chains.default[0].maxTokens",
        "chains.default[0].maxTokens: must be greater than 0, found 0");
  }

  @Test
  void rejectsNegativeMaxTokens() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxTokens\": -5"),
        "chains.default[0].maxTokens",
        "chains.default[0].maxTokens: must be greater than 0, found -5");
  }

  @Test
  void rejectsFractionalMaxTokens() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxTokens\": 10.5"),
        "chains.default[0].maxTokens",
        "chains.default[0].maxTokens: expected a whole number, found 10.5");
  }

  @Test
  void rejectsMaxTokensAsAString() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxTokens\": \"1024\""),
        "chains.default[0].maxTokens",
        "chains.default[0].maxTokens: expected a whole number, found a string");
  }

  @Test
  void rejectsMaxTokensBeyondAnInt() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"maxTokens\": 3000000000"),
        "chains.default[0].maxTokens",
        "chains.default[0].maxTokens: must be at most 2147483647, found 3000000000");
  }

  @Test
  void rejectsTemperatureAboveOne() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"temperature\": 1.5"),
        "chains.default[0].temperature",
        "chains.default[0].temperature: must be between 0 and 1, found 1.5");
  }

  @Test
  void rejectsNegativeTemperature() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"temperature\": -0.1"),
        "chains.default[0].temperature",
        "chains.default[0].temperature: must be between 0 and 1, found -0.1");
  }

  @Test
  void rejectsTopPOutsideTheUnitInterval() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"topP\": 2"),
        "chains.default[0].topP",
        "chains.default[0].topP: must be between 0 and 1, found 2.0");
  }

  @Test
  void rejectsTemperatureAsABoolean() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"temperature\": true"),
        "chains.default[0].temperature",
        "chains.default[0].temperature: expected a number, found a boolean");
  }

  @Test
  void rejectsEmptyStopSequences() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"stopSequences\": [\"END\", \"\"]"),
        "chains.default[0].stopSequences[1]",
        "chains.default[0].stopSequences[1]: must not be empty");
  }

  @Test
  void rejectsStopSequencesThatAreNotStrings() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"stopSequences\": [7]"),
        "chains.default[0].stopSequences[0]",
        "chains.default[0].stopSequences[0]: expected a string, found a number");
  }

  @Test
  void rejectsAModelEnabledFlagThatIsNotABoolean() {
    assertRejected(
        oneModel("\"modelId\": \"" + HAIKU + "\", \"enabled\": \"yes\""),
        "chains.default[0].enabled",
        "chains.default[0].enabled: expected true or false, found a string");
  }

  // Rejections: top-level fields

  @Test
  void rejectsAKillSwitchThatIsNotABoolean() {
    assertRejected(
        "{\"enabled\": 0, \"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\"}]}}",
        "enabled",
        "enabled: expected true or false, found a number");
  }

  @Test
  void rejectsABlankDegradedMessage() {
    assertRejected(
        "{\"degradedMessage\": \" \", \"chains\": {\"default\": [{\"modelId\": \"" + HAIKU
            + "\"}]}}",
        "degradedMessage",
        "degradedMessage: must not be blank: leave it out to fail without a degraded answer"
            + " instead");
  }

  @Test
  void rejectsADegradedMessageThatIsNotAString() {
    assertRejected(
        "{\"degradedMessage\": [\"busy\"], \"chains\": {\"default\": [{\"modelId\": \"" + HAIKU
            + "\"}]}}",
        "degradedMessage",
        "degradedMessage: expected a string, found an array");
  }

  // Several problems at once

  @Test
  void listsEveryProblemWithItsPath() {
    assertRejected(
        "{\"enabled\": \"true\", \"chains\": {\"default\": [{\"modelId\": \"claude-3-haiku\","
            + " \"maxTokens\": 0}, {\"modelId\": \""
            + SONNET
            + "\", \"regions\": [\"mars-1\"]}]}}",
        "enabled",
        "4 problems in the model configuration: (1) enabled: expected true or false, found a"
            + " string; (2) chains.default[0].modelId: 'claude-3-haiku' is not pinned: use a"
            + " versioned model ID such as 'anthropic.claude-3-haiku-20240307-v1:0', a"
            + " cross-region inference profile ID (us./eu./apac./global. prefix) or an ARN; (3)"
            + " chains.default[0].maxTokens: must be greater than 0, found 0; (4)"
            + " chains.default[1].regions[0]: 'mars-1' is not an AWS Region code: expected a code"
            + " such as 'us-east-1', 'eu-west-1' or 'us-gov-west-1'");
  }

  @Test
  void listsAtMostTenProblems() {
    StringBuilder models = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      models.append(i == 0 ? "" : ", ").append("{\"modelId\": \"m").append(i).append("\"}");
    }
    assertThatThrownBy(
            () -> ModelConfig.fromJson("{\"chains\": {\"default\": [" + models + "]}}", "1"))
        .hasMessageStartingWith("12 problems in the model configuration: (1) chains.default[0]")
        .hasMessageContaining("(10) chains.default[9].modelId")
        .hasMessageEndingWith("; and 2 more");
  }

  @Test
  void rejectionsNeverQuoteTheDegradedMessageOrUnknownValues() {
    String secret = "sk-live-0123456789";
    assertThatThrownBy(
            () ->
                ModelConfig.fromJson(
                    "{\"degradedMessage\": 5, \"token\": \""
                        + secret
                        + "\", \"chains\": {\"default\": [{\"modelId\": \""
                        + HAIKU
                        + "\", \"apiKey\": \""
                        + secret
                        + "\"}]}}",
                    "1"))
        .isInstanceOf(ConfigurationException.class)
        .message()
        .doesNotContain(secret);
  }
}
