package dev.bedrockkit.sample.deploy;

import static dev.bedrockkit.sample.deploy.Fixtures.CERTIFICATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * The stack as {@code cdk synth -c ...} builds it through {@link DeployApp}, with a certificate, a
 * SecureString parameter made outside the stack, one NAT gateway and an embedding model.
 */
class SecureStackFromContextTest {
  private static Template template() {
    return Fixtures.secureTemplate();
  }

  private static Map<String, Map<String, Object>> resources(String type) {
    return IamAudit.resources(template(), type);
  }

  private static Map<String, Object> listenerOnPort(int port) {
    return resources("AWS::ElasticLoadBalancingV2::Listener").values().stream()
        .map(r -> IamAudit.map(r.get("Properties")))
        .filter(p -> Integer.valueOf(port).equals(p.get("Port")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no listener on port " + port));
  }

  private static String targetGroupId() {
    return resources("AWS::ElasticLoadBalancingV2::TargetGroup").keySet().iterator().next();
  }

  @Test
  void httpsListenerServesTheCertificateWithTls13Policy() {
    template().resourceCountIs("AWS::ElasticLoadBalancingV2::Listener", 2);
    Map<String, Object> https = listenerOnPort(443);
    assertThat(https.get("Protocol")).isEqualTo("HTTPS");
    assertThat(https.get("Certificates")).isEqualTo(List.of(Map.of("CertificateArn", CERTIFICATE)));
    assertThat(https.get("SslPolicy")).isEqualTo("ELBSecurityPolicy-TLS13-1-2-2021-06");
    assertThat(https.get("DefaultActions"))
        .isEqualTo(List.of(Map.of("Type", "forward", "TargetGroupArn", Map.of("Ref", targetGroupId()))));
  }

  @Test
  void httpListenerRedirectsPermanentlyToHttps() {
    Map<String, Object> http = listenerOnPort(80);
    assertThat(http.get("Protocol")).isEqualTo("HTTP");
    assertThat(http.get("DefaultActions"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Type", "redirect",
                    "RedirectConfig",
                    Map.of("Protocol", "HTTPS", "Port", "443", "StatusCode", "HTTP_301"))));
  }

  @Test
  void loadBalancerAcceptsHttpsAndTheRedirectPortOnly() {
    Map<String, Object> group =
        IamAudit.map(resources("AWS::EC2::SecurityGroup").entrySet().stream()
            .filter(e -> e.getKey().startsWith("AlbSecurityGroup"))
            .findFirst().orElseThrow().getValue().get("Properties"));
    assertThat(group.get("SecurityGroupIngress"))
        .isEqualTo(
            List.of(
                Map.of("CidrIp", "0.0.0.0/0", "Description", "HTTPS from clients", "FromPort", 443,
                    "IpProtocol", "tcp", "ToPort", 443),
                Map.of("CidrIp", "0.0.0.0/0", "Description", "HTTP from clients", "FromPort", 80,
                    "IpProtocol", "tcp", "ToPort", 80)));
  }

  @Test
  void healthCheckPathComesFromContext() {
    template()
        .hasResourceProperties(
            "AWS::ElasticLoadBalancingV2::TargetGroup", Map.of("HealthCheckPath", "/actuator/health"));
  }

  @Test
  void secureStringParameterIsNotCreatedByTheStack() {
    template().resourceCountIs("AWS::SSM::Parameter", 0);
    template().hasOutput("ModelConfigParameter", Map.of("Value", "/bedrock-kit/prod/models"));
  }

  @Test
  void oneNatGatewayGivesThePrivateSubnetsEgress() {
    template().resourceCountIs("AWS::EC2::NatGateway", 1);
    long privateDefaultRoutes =
        resources("AWS::EC2::Route").entrySet().stream()
            .filter(e -> e.getKey().startsWith("VpcprivateSubnet"))
            .filter(e -> IamAudit.map(e.getValue().get("Properties")).containsKey("NatGatewayId"))
            .count();
    assertThat(privateDefaultRoutes).isEqualTo(3);
  }

  @Test
  void scalingMaximumAndStackNameComeFromContext() {
    template()
        .hasResourceProperties(
            "AWS::ApplicationAutoScaling::ScalableTarget", Map.of("MinCapacity", 3, "MaxCapacity", 20));
    template()
        .hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("AlarmName", "SecureSample-latency-p99"));
  }

  @Test
  void invalidChainFailsSynthNamingThePathOfTheProblem() {
    String chain =
        "{\"chains\": {\"default\": [{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\"},"
            + " {\"modelId\": \"anthropic.claude-3-5-haiku-20241022-v1:0\", \"temperature\": 3}]}}";
    Map<String, Object> context = new LinkedHashMap<>(Fixtures.secureContext());
    context.put("chain", chain);
    App app = DeployApp.app(context, Fixtures.OUTDIR.resolve("invalid").toString());
    String core =
        catchThrowableOfType(ConfigurationException.class, () -> ModelConfig.fromJson(chain, "deploy"))
            .getMessage();
    assertThat(core).isEqualTo("chains.default[1].temperature: must be between 0 and 1, found 3.0");

    assertThatThrownBy(() -> DeployApp.synth(app, name -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model chain document given in context key 'chain' is invalid: " + core);
    assertThat(app.getNode().getChildren()).isEmpty();
  }

  @Test
  void likelyTyposInContextKeysAreReported() {
    assertThat(
            DeployApp.unknownKeys(
                Map.of(
                    "certficateArn", "x",
                    "image", "x",
                    "stackName", "x",
                    "@aws-cdk/core:newStyleStackSynthesis", true,
                    "availability-zones:account=1:region=us-east-1", List.of(),
                    "aws:cdk:enable-path-metadata", true)))
        .containsExactly("certficateArn");
  }
}
