package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModelRefTest {
  private static final String TAIL =
      ", a cross-region inference profile ID (us./eu./apac./global. prefix) or an ARN";

  @ParameterizedTest
  @ValueSource(
      strings = {
        // versioned foundation-model IDs, -vN:N
        "anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "amazon.titan-embed-text-v2:0",
        "amazon.nova-pro-v1:0",
        "amazon.nova-2-lite-v1:0",
        "meta.llama3-70b-instruct-v1:0",
        "meta.llama3-1-405b-instruct-v1:0",
        "mistral.mistral-7b-instruct-v0:2",
        "mistral.mistral-large-2407-v1:0",
        "cohere.command-r-plus-v1:0",
        "deepseek.r1-v1:0",
        "anthropic.claude-v2:1",
        // legacy IDs without :N
        "amazon.titan-text-express-v1",
        "amazon.titan-text-lite-v1",
        "amazon.titan-embed-text-v1",
        "amazon.titan-embed-image-v1",
        "anthropic.claude-v2",
        "anthropic.claude-instant-v1",
        "cohere.command-text-v14",
        "cohere.embed-english-v3",
        "meta.llama2-13b-chat-v1",
        "ai21.j2-ultra-v1",
        "anthropic.claude-opus-4-6-v1",
        "nvidia.nemotron-nano-9b-v2",
        // provisioned-throughput variants
        "anthropic.claude-3-haiku-20240307-v1:0:200k",
        "amazon.titan-embed-text-v1:2:8k",
        "cohere.embed-english-v3:0:512",
        "amazon.nova-premier-v1:0:mm",
        // real IDs without a -vN suffix, from the documented table
        "anthropic.claude-sonnet-4-6",
        "anthropic.claude-opus-4-7",
        "openai.gpt-oss-120b-1:0",
        "qwen.qwen3-coder-next",
        // cross-Region inference profile IDs
        "us.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "eu.anthropic.claude-3-haiku-20240307-v1:0",
        "apac.amazon.nova-lite-v1:0",
        "global.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
        "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "au.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "ca.amazon.nova-lite-v1:0",
        "global.anthropic.claude-sonnet-4-6",
        "us-gov.openai.gpt-oss-120b-1:0",
        // ARNs
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/x7y8z9w0v1u2",
        "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws-cn:bedrock:cn-north-1:123456789012:application-inference-profile/abc123",
      })
  void acceptsPinnedIdentifiers(String id) {
    assertThat(ModelRef.isPinned(id)).isTrue();
    assertThat(ModelRef.parse(id).id()).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "anthropic.claude-3-haiku|anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-haiku|anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-haiku-latest|anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-3-haiku-20240307|anthropic.claude-3-haiku-20240307-v1:0",
        "claude-3-5-sonnet-20241022|anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-3-5-sonnet|anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-sonnet-4|anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-sonnet-4-5|anthropic.claude-sonnet-4-5-20250929-v1:0",
        "us.anthropic.claude-3-5-sonnet|us.anthropic.claude-3-5-sonnet-20241022-v2:0",
        "meta.llama3-70b-instruct|meta.llama3-70b-instruct-v1:0",
        "amazon.titan-embed-text|amazon.titan-embed-text-v2:0",
        "amazon.titan-text-express|amazon.titan-text-express-v1",
        "cohere.command-r|cohere.command-r-v1:0",
        "gpt-oss-120b|openai.gpt-oss-120b-1:0",
        "mistral.mistral-large|mistral.mistral-large-2407-v1:0",
        "foo.bar|anthropic.claude-3-haiku-20240307-v1:0",
        "anthropic.claude-fable-5|anthropic.claude-3-haiku-20240307-v1:0",
      })
  void rejectsAliasesNamingAPinnedAlternative(String alias, String suggestion) {
    assertThatThrownBy(() -> ModelRef.requirePinned(alias, "chains.default[1].modelId"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "chains.default[1].modelId: '"
                + alias
                + "' is not pinned: use a versioned model ID such as '"
                + suggestion
                + "'"
                + TAIL)
        .extracting(e -> ((ConfigurationException) e).path())
        .isEqualTo("chains.default[1].modelId");
    assertThat(ModelRef.isPinned(alias)).isFalse();
  }

  @Test
  void rejectsTheBriefsExampleWithTheDocumentedMessage() {
    assertThatThrownBy(
            () -> ModelRef.requirePinned("anthropic.claude-3-haiku", "chains.default[1].modelId"))
        .hasMessage(
            "chains.default[1].modelId: 'anthropic.claude-3-haiku' is not pinned: use a versioned"
                + " model ID such as 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region"
                + " inference profile ID (us./eu./apac./global. prefix) or an ARN");
  }

  @Test
  void parseNamesThePathModelId() {
    assertThatThrownBy(() -> ModelRef.parse("claude-3-haiku"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("modelId"))
        .hasMessageStartingWith("modelId: 'claude-3-haiku' is not pinned: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Anthropic.Claude-3-Haiku-20240307-v1:0", "anthropic claude", "a/b"})
  void rejectsTextThatIsNoModelIdentifier(String id) {
    assertThatThrownBy(() -> ModelRef.parse(id))
        .hasMessageStartingWith("modelId: '" + id + "' is not a Bedrock model identifier: use a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void rejectsEmptyIdentifiers(String id) {
    assertThatThrownBy(() -> ModelRef.parse(id))
        .hasMessage(
            "modelId: must not be empty: use a versioned model ID such as"
                + " 'anthropic.claude-3-haiku-20240307-v1:0'"
                + TAIL);
  }

  @Test
  void rejectsNull() {
    assertThatThrownBy(() -> ModelRef.parse(null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("modelId: must not be empty");
  }

  @Test
  void rejectsAnUnknownGeographyPrefixNamingTheKnownOnes() {
    assertThatThrownBy(() -> ModelRef.parse("in.anthropic.claude-3-haiku-20240307-v1:0"))
        .hasMessage(
            "modelId: 'in.anthropic.claude-3-haiku-20240307-v1:0' is not pinned: 'in.' is not a"
                + " cross-region inference profile prefix; use one of us., us-gov., eu., apac.,"
                + " jp., au., ca., global.");
  }

  @Test
  void rejectsAProfileOfAnUnpinnedModel() {
    assertThatThrownBy(() -> ModelRef.parse("eu.anthropic.claude-3-haiku"))
        .hasMessage(
            "modelId: 'eu.anthropic.claude-3-haiku' is not pinned: use a versioned model ID such"
                + " as 'eu.anthropic.claude-3-haiku-20240307-v1:0'"
                + TAIL);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku"
            + "|'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku' is not"
            + " pinned: use a versioned model ID such as 'anthropic.claude-3-haiku-20240307-v1:0',"
            + " a cross-region inference profile ID (us./eu./apac./global. prefix) or an ARN",
        "arn:aws:s3:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            + "|'arn:aws:s3:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'"
            + " is not a valid Bedrock model ARN: the service is 's3', not 'bedrock'",
        "arn:aws:bedrock:cn-north-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            + "|'arn:aws:bedrock:cn-north-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'"
            + " is not a valid Bedrock model ARN: partition 'aws' does not match Region"
            + " cn-north-1 (expected 'aws-cn')",
        "arn:aws:bedrock:us-east-9x::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            + "|'arn:aws:bedrock:us-east-9x::foundation-model/anthropic.claude-3-haiku-20240307-v1:0'"
            + " is not a valid Bedrock model ARN: 'us-east-9x' is not an AWS Region code: expected"
            + " a code such as 'us-east-1', 'eu-west-1' or 'us-gov-west-1'",
        "arn:aws:bedrock:us-east-1:123456789012:foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            + "|'arn:aws:bedrock:us-east-1:123456789012:foundation-model/anthropic.claude-3-haiku-20240307-v1:0'"
            + " is not a valid Bedrock model ARN: a foundation-model ARN has no account ID, found"
            + " '123456789012'",
        "arn:aws:bedrock:us-east-1:1234:application-inference-profile/a1b2c3d4e5f6"
            + "|'arn:aws:bedrock:us-east-1:1234:application-inference-profile/a1b2c3d4e5f6' is not"
            + " a valid Bedrock model ARN: the account ID must be 12 digits, found '1234'",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/anthropic.claude-3-haiku-20240307-v1:0"
            + "|'arn:aws:bedrock:us-east-1:123456789012:inference-profile/anthropic.claude-3-haiku-20240307-v1:0'"
            + " is not a valid Bedrock model ARN: an inference-profile ARN names a cross-region"
            + " profile ID starting with one of us., us-gov., eu., apac., jp., au., ca., global.",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku"
            + "|'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku'"
            + " is not pinned: use a versioned model ID such as"
            + " 'us.anthropic.claude-3-haiku-20240307-v1:0', a cross-region inference profile ID"
            + " (us./eu./apac./global. prefix) or an ARN",
        "arn:aws:bedrock:us-east-1:123456789012:custom-model/abc"
            + "|'arn:aws:bedrock:us-east-1:123456789012:custom-model/abc' is not a valid Bedrock"
            + " model ARN: resource type 'custom-model' is not one bedrock-kit calls: use a"
            + " foundation-model, inference-profile, application-inference-profile or"
            + " provisioned-model ARN",
        "arn:aws:bedrock:us-east-1:123456789012:provisioned-model/ABC_1"
            + "|'arn:aws:bedrock:us-east-1:123456789012:provisioned-model/ABC_1' is not a valid"
            + " Bedrock model ARN: the provisioned-model ID must be lowercase letters and digits,"
            + " found 'ABC_1'",
        "arn:aws:bedrock"
            + "|'arn:aws:bedrock' is not a valid Bedrock model ARN: expected"
            + " arn:<partition>:bedrock:<region>:<account>:<resource-type>/<id>",
      })
  void rejectsMalformedOrUnpinnedArns(String arn, String message) {
    assertThatThrownBy(() -> ModelRef.parse(arn)).hasMessage("modelId: " + message);
  }

  @Test
  void foundationModelIdExposesProviderAndBaseModel() {
    ModelRef ref = ModelRef.parse("meta.llama3-70b-instruct-v1:0");
    assertThat(ref.kind()).isEqualTo(ModelRef.Kind.FOUNDATION_MODEL);
    assertThat(ref.provider()).contains("meta");
    assertThat(ref.baseModelId()).contains("meta.llama3-70b-instruct-v1:0");
    assertThat(ref.geography()).isEmpty();
    assertThat(ref.isArn()).isFalse();
    assertThat(ref.arnRegion()).isEmpty();
  }

  @Test
  void inferenceProfileIdExposesGeographyAndBaseModel() {
    ModelRef ref = ModelRef.parse("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0");
    assertThat(ref.kind()).isEqualTo(ModelRef.Kind.INFERENCE_PROFILE);
    assertThat(ref.geography()).contains(CrossRegionGeography.US_GOV);
    assertThat(ref.provider()).contains("anthropic");
    assertThat(ref.baseModelId()).contains("anthropic.claude-3-5-sonnet-20240620-v1:0");
  }

  @Test
  void inferenceProfileArnExposesRegionAccountAndGeography() {
    ModelRef ref =
        ModelRef.parse(
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.amazon.nova-pro-v1:0");
    assertThat(ref.kind()).isEqualTo(ModelRef.Kind.INFERENCE_PROFILE);
    assertThat(ref.isArn()).isTrue();
    assertThat(ref.arnRegion()).contains("eu-west-1");
    assertThat(ref.arnAccountId()).contains("123456789012");
    assertThat(ref.geography()).contains(CrossRegionGeography.EU);
    assertThat(ref.provider()).contains("amazon");
    assertThat(ref.baseModelId()).contains("amazon.nova-pro-v1:0");
  }

  @Test
  void applicationInferenceProfileArnHidesItsModel() {
    ModelRef ref =
        ModelRef.parse(
            "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6");
    assertThat(ref.kind()).isEqualTo(ModelRef.Kind.APPLICATION_INFERENCE_PROFILE);
    assertThat(ref.provider()).isEmpty();
    assertThat(ref.baseModelId()).isEmpty();
    assertThat(ref.arnAccountId()).contains("123456789012");
  }

  @Test
  void provisionedModelArnIsItsOwnKind() {
    assertThat(
            ModelRef.parse("arn:aws:bedrock:us-west-2:123456789012:provisioned-model/x7y8z9w0v1u2")
                .kind())
        .isEqualTo(ModelRef.Kind.PROVISIONED_MODEL);
  }

  @Test
  void equalWhenIdentifiersAreEqual() {
    assertThat(ModelRef.parse("amazon.nova-pro-v1:0"))
        .isEqualTo(ModelRef.parse("amazon.nova-pro-v1:0"))
        .hasSameHashCodeAs(ModelRef.parse("amazon.nova-pro-v1:0"))
        .isNotEqualTo(ModelRef.parse("us.amazon.nova-pro-v1:0"))
        .hasToString("amazon.nova-pro-v1:0");
  }

  // IAM resources

  @Test
  void foundationModelNeedsItsArnInEachSourceRegion() {
    assertThat(
            ModelRef.parse("anthropic.claude-3-haiku-20240307-v1:0")
                .invokeResourceArns("123456789012", List.of("us-east-1", "us-west-2")))
        .containsExactly(
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void geographicProfileNeedsProfileSourceModelAndDestinationModels() {
    assertThat(
            ModelRef.parse("us.anthropic.claude-3-5-sonnet-20241022-v2:0")
                .invokeResourceArns("123456789012", List.of("us-east-1")))
        .containsExactly(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-east-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-west-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0");
  }

  @Test
  void geographicProfileUsesExplicitDestinationRegions() {
    assertThat(
            ModelRef.parse("eu.anthropic.claude-3-haiku-20240307-v1:0")
                .invokeResourceArns(
                    "123456789012",
                    List.of("eu-west-1", "eu-central-1"),
                    List.of("eu-central-1", "eu-west-3")))
        .containsExactly(
            "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
            "arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void globalProfileNeedsTheRegionLessFoundationModelArn() {
    assertThat(
            ModelRef.parse("global.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .invokeResourceArns("123456789012", List.of("us-east-1")))
        .containsExactly(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/global.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @Test
  void govCloudProfileUsesTheGovCloudPartition() {
    assertThat(
            ModelRef.parse("us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0")
                .invokeResourceArns("123456789012", List.of("us-gov-west-1")))
        .containsExactly(
            "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/us-gov.anthropic.claude-3-5-sonnet-20240620-v1:0",
            "arn:aws-us-gov:bedrock:us-gov-west-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
            "arn:aws-us-gov:bedrock:us-gov-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0");
  }

  @Test
  void japanProfileRoutesToTokyoAndOsaka() {
    assertThat(
            ModelRef.parse("jp.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .invokeResourceArns("123456789012", List.of("ap-northeast-1")))
        .containsExactly(
            "arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:ap-northeast-3::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @Test
  void canadaProfileRequiresExplicitDestinations() {
    ModelRef ref = ModelRef.parse("ca.amazon.nova-lite-v1:0");
    assertThatThrownBy(() -> ref.invokeResourceArns("123456789012", List.of("ca-central-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no documented destination Regions for 'ca.' inference profiles: run aws bedrock"
                + " get-inference-profile --inference-profile-identifier ca.amazon.nova-lite-v1:0"
                + " and pass its Regions to invokeResourceArns(accountId, sourceRegions,"
                + " destinationRegions)");
    assertThat(
            ref.invokeResourceArns(
                "123456789012", List.of("ca-central-1"), List.of("ca-central-1", "us-east-1")))
        .containsExactly(
            "arn:aws:bedrock:ca-central-1:123456789012:inference-profile/ca.amazon.nova-lite-v1:0",
            "arn:aws:bedrock:ca-central-1::foundation-model/amazon.nova-lite-v1:0",
            "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0");
  }

  @Test
  void inferenceProfileArnNeedsItselfItsRegionsModelAndDestinations() {
    assertThat(
            ModelRef.parse(
                    "arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/jp.anthropic.claude-sonnet-4-5-20250929-v1:0")
                .invokeResourceArns("123456789012", List.of()))
        .containsExactly(
            "arn:aws:bedrock:ap-northeast-1:123456789012:inference-profile/jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:ap-northeast-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0",
            "arn:aws:bedrock:ap-northeast-3::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/x7y8z9w0v1u2",
      })
  void otherArnsAreTheirOwnResource(String arn) {
    assertThat(ModelRef.parse(arn).invokeResourceArns("123456789012", List.of("eu-west-1")))
        .containsExactly(arn);
  }

  @Test
  void rejectsAMalformedAccount() {
    assertThatThrownBy(
            () ->
                ModelRef.parse("amazon.nova-pro-v1:0")
                    .invokeResourceArns("12345", List.of("us-east-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("accountId must be 12 digits, found '12345'");
  }

  @Test
  void rejectsAMalformedRegion() {
    assertThatThrownBy(
            () ->
                ModelRef.parse("amazon.nova-pro-v1:0")
                    .invokeResourceArns("123456789012", List.of("us-east")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sourceRegions: 'us-east' is not an AWS Region code: expected a code such as"
                + " 'us-east-1', 'eu-west-1' or 'us-gov-west-1'");
  }

  @Test
  void plainIdsNeedASourceRegion() {
    assertThatThrownBy(
            () -> ModelRef.parse("amazon.nova-pro-v1:0").invokeResourceArns("123456789012", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "sourceRegions must name at least one Region: the Regions the client calls Bedrock in");
  }
}
