package dev.bedrockkit.sample.deploy;

import static dev.bedrockkit.sample.deploy.Fixtures.ACCOUNT;
import static dev.bedrockkit.sample.deploy.Fixtures.CHAIN;
import static dev.bedrockkit.sample.deploy.Fixtures.KMS_KEY;
import static dev.bedrockkit.sample.deploy.Fixtures.REGION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelRef;
import dev.bedrockkit.sample.deploy.IamAudit.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Template;

/**
 * The task role may invoke exactly the chain's models and read exactly its parameter; nothing in
 * the template grants a wildcard. Both stacks (String parameter, SecureString parameter) are checked.
 */
class TaskRolePolicyTest {
  private static final String PARAMETER_ARN =
      "arn:aws:ssm:us-east-1:123456789012:parameter/bedrock-kit/sample/models";
  private static final String SECURE_PARAMETER_ARN =
      "arn:aws:ssm:us-east-1:123456789012:parameter/bedrock-kit/prod/models";

  /** What the chain's models need, derived by core exactly as the stack must. */
  private static List<String> chainArns() {
    return ModelConfig.fromJson(CHAIN, "test").invokeResourceArns(ACCOUNT, REGION);
  }

  private static List<String> secureArns() {
    List<String> arns = new ArrayList<>(chainArns());
    arns.addAll(
        ModelRef.parse("amazon.titan-embed-text-v2:0").invokeResourceArns(ACCOUNT, List.of(REGION)));
    return arns;
  }

  @Test
  void defaultStackKeepsEveryIamRule() {
    assertThat(IamAudit.violations(Fixtures.defaultTemplate(), chainArns())).isEmpty();
  }

  @Test
  void secureStringStackKeepsEveryIamRule() {
    assertThat(IamAudit.violations(Fixtures.secureTemplate(), secureArns())).isEmpty();
  }

  @Test
  void bedrockResourcesAreExactlyTheArnsDerivedFromTheChain() {
    assertThat(IamAudit.resourcesOf(Fixtures.defaultTemplate(), "bedrock"))
        .containsExactlyElementsOf(chainArns());
    assertThat(IamAudit.resourcesOf(Fixtures.secureTemplate(), "bedrock"))
        .containsExactlyElementsOf(secureArns());
  }

  @Test
  void crossRegionProfileAllowsItsFoundationModelInEachRegionOfTheProfile() {
    String model = "anthropic.claude-3-5-haiku-20241022-v1:0";
    assertThat(IamAudit.resourcesOf(Fixtures.defaultTemplate(), "bedrock"))
        .containsExactly(
            "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us." + model,
            "arn:aws:bedrock:us-east-1::foundation-model/" + model,
            "arn:aws:bedrock:us-east-2::foundation-model/" + model,
            "arn:aws:bedrock:us-west-1::foundation-model/" + model,
            "arn:aws:bedrock:us-west-2::foundation-model/" + model,
            "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void embeddingModelIsAllowedInTheStackRegionOnly() {
    assertThat(IamAudit.resourcesOf(Fixtures.secureTemplate(), "bedrock"))
        .endsWith("arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0");
  }

  @Test
  void bedrockIsGrantedOnlyInvokeModelAndItsStreamingTwinInOneStatement() {
    List<Statement> bedrock = statementsOf(Fixtures.defaultTemplate(), "bedrock");
    assertThat(bedrock).hasSize(1);
    assertThat(bedrock.get(0).sid()).isEqualTo("InvokeConfiguredModels");
    assertThat(bedrock.get(0).actions())
        .containsExactly("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");
    assertThat(bedrock.get(0).conditions()).isNull();
  }

  @Test
  void parameterStoreIsReadOnlyForTheOneParameter() {
    List<Statement> ssm = statementsOf(Fixtures.defaultTemplate(), "ssm");
    assertThat(ssm).hasSize(1);
    assertThat(ssm.get(0).actions()).containsExactly("ssm:GetParameter", "ssm:GetParameters");
    assertThat(ssm.get(0).resources()).containsExactly(PARAMETER_ARN);

    List<Statement> secure = statementsOf(Fixtures.secureTemplate(), "ssm");
    assertThat(secure).hasSize(1);
    assertThat(secure.get(0).resources()).containsExactly(SECURE_PARAMETER_ARN);
  }

  @Test
  void secureStringParameterAddsKmsDecryptOnItsKeyThroughParameterStoreOnly() {
    List<Statement> kms = statementsOf(Fixtures.secureTemplate(), "kms");
    assertThat(kms).hasSize(1);
    assertThat(kms.get(0).sid()).isEqualTo("DecryptModelConfiguration");
    assertThat(kms.get(0).actions()).containsExactly("kms:Decrypt");
    assertThat(kms.get(0).resources()).containsExactly(KMS_KEY);
    assertThat(kms.get(0).conditions())
        .isEqualTo(
            Map.of(
                "StringEquals",
                Map.of(
                    "kms:EncryptionContext:PARAMETER_ARN", SECURE_PARAMETER_ARN,
                    "kms:ViaService", "ssm.us-east-1.amazonaws.com")));
  }

  @Test
  void stringParameterNeedsNoKms() {
    assertThat(statementsOf(Fixtures.defaultTemplate(), "kms")).isEmpty();
  }

  /** Metrics are EMF lines in the service's logs, so nothing may call CloudWatch itself. */
  @Test
  void noRoleMayPublishMetrics() {
    assertThat(statementsOf(Fixtures.defaultTemplate(), "cloudwatch")).isEmpty();
    assertThat(statementsOf(Fixtures.secureTemplate(), "cloudwatch")).isEmpty();
  }

  /** The awslogs driver writes the logs (and with them the metrics) with the execution role. */
  @Test
  void onlyTheExecutionRoleWritesLogsAndOnlyToTheServiceLogGroup() {
    Template template = Fixtures.defaultTemplate();
    String logGroup =
        IamAudit.resources(template, "AWS::Logs::LogGroup").keySet().iterator().next();
    List<Statement> logs = statementsOf(template, "logs");
    assertThat(logs).hasSize(1);
    assertThat(logs.get(0).owner().get(0)).startsWith("ExecutionRole");
    assertThat(logs.get(0).actions()).containsExactly("logs:CreateLogStream", "logs:PutLogEvents");
    assertThat(logs.get(0).resources())
        .containsExactly(Map.of("Fn::GetAtt", List.of(logGroup, "Arn")));
  }

  @Test
  void taskRoleAndExecutionRoleAreSeparateAndEachHasOnlyItsOwnServices() {
    Template template = Fixtures.defaultTemplate();
    Set<String> taskServices = new LinkedHashSet<>();
    Set<String> executionServices = new LinkedHashSet<>();
    for (Statement s : IamAudit.statements(template)) {
      assertThat(s.owner()).hasSize(1);
      Set<String> services = s.owner().get(0).startsWith("TaskRole") ? taskServices
          : s.owner().get(0).startsWith("ExecutionRole") ? executionServices : null;
      assertThat(services).as("statement of an unexpected role: %s", s).isNotNull();
      s.actions().forEach(a -> services.add(a.substring(0, a.indexOf(':'))));
    }
    assertThat(taskServices).containsExactly("bedrock", "ssm");
    assertThat(executionServices).containsExactly("ecr", "logs");
  }

  @Test
  void imageIsPulledFromItsRepositoryOnly() {
    List<Statement> ecr = statementsOf(Fixtures.defaultTemplate(), "ecr");
    assertThat(ecr).hasSize(2);
    assertThat(ecr.get(0).actions())
        .containsExactly(
            "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage");
    assertThat(ecr.get(0).resources())
        .containsExactly("arn:aws:ecr:us-east-1:123456789012:repository/bedrock-kit-sample");
    assertThat(ecr.get(1).actions()).containsExactly("ecr:GetAuthorizationToken");
  }

  @Test
  void rolesTrustOnlyEcsTasksOfThisAccountAndRegion() {
    Map<String, Map<String, Object>> roles =
        IamAudit.resources(Fixtures.defaultTemplate(), "AWS::IAM::Role");
    assertThat(roles).hasSize(2);
    for (Map<String, Object> role : roles.values()) {
      Map<String, Object> trust =
          IamAudit.map(IamAudit.map(role.get("Properties")).get("AssumeRolePolicyDocument"));
      assertThat(trust.get("Statement"))
          .isEqualTo(
              List.of(
                  Map.of(
                      "Action", "sts:AssumeRole",
                      "Effect", "Allow",
                      "Principal", Map.of("Service", "ecs-tasks.amazonaws.com"),
                      "Condition",
                      Map.of(
                          "StringEquals", Map.of("aws:SourceAccount", ACCOUNT),
                          "ArnLike", Map.of("aws:SourceArn", "arn:aws:ecs:us-east-1:123456789012:*")))));
    }
  }

  @Test
  void auditCatchesWildcardsAndModelsOutsideTheChain() {
    Map<String, Object> policy =
        Map.of(
            "Type", "AWS::IAM::Policy",
            "Properties",
            Map.of(
                "PolicyName", "Bad",
                "Roles", List.of(Map.of("Ref", "TaskRole")),
                "PolicyDocument",
                Map.of(
                    "Version", "2012-10-17",
                    "Statement",
                    List.of(
                        Map.of("Effect", "Allow", "Action", "bedrock:*", "Resource",
                            "arn:aws:bedrock:us-east-1::foundation-model/*"),
                        Map.of("Effect", "Allow", "Action", "ssm:GetParameter", "Resource", "*"),
                        Map.of("Effect", "Allow", "Action", "cloudwatch:PutMetricData",
                            "Resource", "*"),
                        Map.of("Effect", "Allow", "Action", "bedrock:InvokeModel", "Resource",
                            "arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0")))));
    Template bad = Template.fromJSON(Map.of("Resources", Map.of("Bad", policy)));

    assertThat(IamAudit.violations(bad, chainArns()))
        .containsExactly(
            "[TaskRole] grants wildcard action bedrock:*",
            "[TaskRole] grants a wildcard resource arn:aws:bedrock:us-east-1::foundation-model/*",
            "[TaskRole] grants a model ARN not derived from the chain:"
                + " arn:aws:bedrock:us-east-1::foundation-model/*",
            "[TaskRole] grants ssm:GetParameter on *",
            "[TaskRole] grants cloudwatch:PutMetricData on *",
            "[TaskRole] grants a model ARN not derived from the chain:"
                + " arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0");
  }

  private static List<Statement> statementsOf(Template template, String service) {
    return IamAudit.statements(template).stream().filter(s -> s.hasActionOf(service)).toList();
  }
}
