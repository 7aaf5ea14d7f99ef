package dev.bedrockkit.sample.deploy;

import static dev.bedrockkit.sample.deploy.Fixtures.ACCOUNT;
import static dev.bedrockkit.sample.deploy.Fixtures.CHAIN;
import static dev.bedrockkit.sample.deploy.Fixtures.IMAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Props and their validation; no synth, so these run in milliseconds. */
class SampleServicePropsTest {
  private static final String TWO_REGION_CHAIN =
      "{\"chains\": {\"default\": [{\"modelId\": \"anthropic.claude-3-5-sonnet-20240620-v1:0\","
          + " \"regions\": [\"us-east-1\", \"us-west-2\"]}]}}";

  private static String coreMessage(String json) {
    try {
      ModelConfig.fromJson(json, "deploy");
    } catch (ConfigurationException e) {
      return e.getMessage();
    }
    throw new AssertionError("valid: " + json);
  }

  @Test
  void defaultsFollowTheArchitecture() {
    SampleServiceProps props = Fixtures.props().availabilityZones(List.of()).build();
    assertThat(props.parameterName()).isEqualTo("/bedrock-kit/sample/models");
    assertThat(props.healthCheckPath()).isEqualTo("/health");
    assertThat(props.natGateways()).isZero();
    assertThat(props.availabilityZones()).isEmpty();
    assertThat(props.minTasks()).isEqualTo(3);
    assertThat(props.maxTasks()).isEqualTo(12);
    assertThat(props.logRetentionDays()).isEqualTo(30);
    assertThat(props.metricsNamespace()).isEqualTo("BedrockKit/Sample");
    assertThat(props.budgetUsd()).isEqualTo(100);
    assertThat(props.latencyP99Threshold()).isEqualTo(Duration.ofSeconds(20));
    assertThat(props.throttlesPerMinuteThreshold()).isEqualTo(10);
    assertThat(props.errorRatePercentThreshold()).isEqualTo(5);
    assertThat(props.ingressCidr()).isEqualTo("0.0.0.0/0");
    assertThat(props.certificateArn()).isNull();
    assertThat(props.secureStringParameter()).isFalse();
    assertThat(props.modelConfig().defaultChain()).hasSize(2);
  }

  @Test
  void invalidChainIsRejectedWithThePathOfEachProblem() {
    String json =
        "{\"chains\": {\"default\": [{\"modelId\": \"anthropic.claude-3-haiku\"}]}, \"colour\": 1}";
    String core = coreMessage(json);
    assertThat(core).contains("chains.default[0].modelId").contains("colour");

    assertThatThrownBy(() -> Fixtures.props().chainJson(json, "chain.json").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model chain document chain.json is invalid: " + core)
        .hasCauseInstanceOf(ConfigurationException.class);
  }

  @Test
  void missingChainSaysHowToPassOne() {
    assertThatThrownBy(() -> Fixtures.props().chainJson(null, null).build())
        .hasMessage("the model chain document is missing: pass -c chainFile=<path> or -c chain=<json>");
  }

  @Test
  void canadaProfileWithoutDocumentedRegionsFailsBeforeAnyPolicyIsWritten() {
    String json = "{\"chains\": {\"default\": [{\"modelId\": \"ca.anthropic.claude-3-haiku-20240307-v1:0\"}]}}";
    assertThatThrownBy(
            () -> Fixtures.props().region("ca-central-1").availabilityZones(List.of())
                .image("public.ecr.aws/example/sample:1.0").chainJson(json, "chain.json").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "model chain document chain.json: no documented destination Regions for 'ca.' inference"
                + " profiles");
  }

  @Test
  void chainCallingAnotherRegionNeedsANatGateway() {
    assertThatThrownBy(() -> Fixtures.props().chainJson(TWO_REGION_CHAIN, "chain.json").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "model chain document chain.json calls Bedrock in us-west-2 (chains.default[0].regions),"
                + " but with natGateways=0 the tasks reach only the VPC endpoints in us-east-1: set"
                + " -c natGateways=1, or call a cross-Region inference profile (e.g. us.<model-id>)"
                + " from us-east-1 instead");

    SampleServiceProps withNat =
        Fixtures.props().chainJson(TWO_REGION_CHAIN, "chain.json").natGateways(1).build();
    assertThat(withNat.modelConfig().invokeResourceArns(ACCOUNT, "us-east-1"))
        .containsExactly(
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0",
            "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-5-sonnet-20240620-v1:0");
  }

  @Test
  void clientRegionsNameTheSettingThatCausesEach() {
    ModelConfig config =
        ModelConfig.fromJson(
            "{\"chains\": {\"default\": [{\"modelId\": \"us.anthropic.claude-3-5-haiku-20241022-v1:0\"}],"
                + " \"batch\": [{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\","
                + " \"regions\": [\"us-west-2\", \"us-east-1\"]}, {\"modelId\":"
                + " \"arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0\"}]}}",
            "t");
    assertThat(BedrockAccess.clientRegions(config, "us-east-1"))
        .containsExactly(
            Map.entry("us-east-1", "chains.default[0]"),
            Map.entry("us-west-2", "chains.batch[0].regions"),
            Map.entry("eu-west-1", "chains.batch[1].modelId"));
  }

  @Test
  void imageMustBePinnedSoRollbackPullsTheOldImage() {
    String repo = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/bedrock-kit-sample";
    for (String image : List.of(repo, repo + ":latest")) {
      assertThatThrownBy(() -> Fixtures.props().image(image).build())
          .hasMessage(
              "image must be pinned by a tag other than latest or by a digest, found '" + image
                  + "'; a rollback to the previous task definition would otherwise pull the new image");
    }
    String digest = repo + "@sha256:" + "ab".repeat(32);
    assertThat(Fixtures.props().image(digest).build().image()).isEqualTo(digest);
  }

  @Test
  void missingSettingsNameTheirContextKey() {
    assertThatThrownBy(() -> Fixtures.props().account(null).build())
        .hasMessage(
            "account must be 12 digits, found 'null'; pass -c account=<id> or run cdk with"
                + " credentials for the target account");
    assertThatThrownBy(() -> Fixtures.props().alertEmail(null).build())
        .hasMessage(
            "alertEmail must be an e-mail address for budget and alarm notifications, found"
                + " 'null'; pass -c alertEmail=<address>");
    assertThatThrownBy(() -> Fixtures.props().logRetentionDays(31).build())
        .hasMessage(
            "logRetentionDays must be one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...),"
                + " found 31");
    assertThatThrownBy(() -> Fixtures.props().maxTasks(2).build())
        .hasMessage("maxTasks must be >= minTasks (3), found 2");
    assertThatThrownBy(() -> Fixtures.props().parameterKmsKeyArn("alias/aws/ssm").build())
        .hasMessage(
            "parameterKmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>),"
                + " found 'alias/aws/ssm'");
    assertThatThrownBy(() -> Fixtures.props().embeddingModelId("amazon.titan-embed-text").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("embeddingModelId: ");
  }

  @Test
  void contextOverridesDefaultsAndAccountFallsBackToTheCliEnvironment() {
    Map<String, Object> context = new HashMap<>();
    context.put("region", "us-east-1");
    context.put("image", IMAGE);
    context.put("alertEmail", "ops@example.com");
    context.put("maxTasks", "30");
    context.put("latencyP99Seconds", "15");
    context.put("metricsNamespace", "Acme/Chat");
    context.put("availabilityZones", "us-east-1a, us-east-1b, us-east-1d");
    Map<String, String> environment = Map.of("CDK_DEFAULT_ACCOUNT", ACCOUNT, "CDK_DEFAULT_REGION", "eu-west-1");
    Map<String, String> files = Map.of("chain.json", CHAIN);

    SampleServiceProps props =
        SampleServiceProps.fromContext(context::get, environment::get, files::get);

    assertThat(props.account()).isEqualTo(ACCOUNT);
    assertThat(props.region()).isEqualTo("us-east-1");
    assertThat(props.chainJson()).isEqualTo(CHAIN);
    assertThat(props.chainSource()).isEqualTo("chain.json");
    assertThat(props.maxTasks()).isEqualTo(30);
    assertThat(props.latencyP99Threshold()).isEqualTo(Duration.ofSeconds(15));
    assertThat(props.metricsNamespace()).isEqualTo("Acme/Chat");
    assertThat(props.availabilityZones()).containsExactly("us-east-1a", "us-east-1b", "us-east-1d");
  }

  @Test
  void numbersInContextMustBeWholeNumbers() {
    Map<String, Object> context =
        Map.of("account", ACCOUNT, "region", "us-east-1", "image", IMAGE, "chain", CHAIN,
            "alertEmail", "ops@example.com", "natGateways", "one");
    assertThatThrownBy(() -> SampleServiceProps.fromContext(context::get, k -> null, f -> null))
        .hasMessage("natGateways must be a whole number, found 'one'");
  }

  @Test
  void chainDocumentLargerThanAnAdvancedParameterIsRejected() {
    String big =
        "{\"chains\": {\"default\": [{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\"}]},"
            + " \"degradedMessage\": \"" + "x".repeat(9000) + "\"}";
    assertThatThrownBy(() -> Fixtures.props().chainJson(big, "big.json").build())
        .hasMessage(
            "model chain document big.json is " + big.length() + " bytes; a Parameter Store"
                + " parameter holds at most 8192 (advanced tier)");
    // A SecureString parameter is written outside the stack, so its size is not checked here.
    assertThat(Fixtures.props().chainJson(big, "big.json").parameterKmsKeyArn(Fixtures.KMS_KEY)
        .build().secureStringParameter()).isTrue();
  }

  /** The names the sample's EMF registry writes; its EmfMeterRegistryTest pins the same strings. */
  @Test
  void appMetricNamesAreTheSamplesEmfNamesOfCoresMeters() {
    assertThat(AppMetrics.THROTTLES).isEqualTo("bedrockkit.throttles.count");
    assertThat(AppMetrics.CIRCUIT_STATE).isEqualTo("bedrockkit.circuit.state.value");
    assertThat(AppMetrics.OPERATION_DURATION_AVG).isEqualTo("gen_ai.client.operation.duration.avg");
    assertThat(AppMetrics.OPERATION_DURATION_MAX).isEqualTo("gen_ai.client.operation.duration.max");
    assertThat(AppMetrics.COST).isEqualTo("bedrockkit.cost.count");
    assertThat(AppMetrics.DEGRADED).isEqualTo("bedrockkit.degraded.count");
    assertThat(AppMetrics.query("SUM", AppMetrics.THROTTLES, "BedrockKit/Sample"))
        .isEqualTo("SELECT SUM(\"bedrockkit.throttles.count\") FROM \"BedrockKit/Sample\"");
  }
}
