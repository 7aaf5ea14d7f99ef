package dev.bedrockkit.sample.deploy;

import static dev.bedrockkit.sample.deploy.Fixtures.AZS;
import static dev.bedrockkit.sample.deploy.Fixtures.CHAIN;
import static dev.bedrockkit.sample.deploy.Fixtures.EMAIL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The default stack (plain HTTP, the String parameter made by the stack, no NAT), synthesized once. */
class SampleServiceStackTest {
  private static Template template() {
    return Fixtures.defaultTemplate();
  }

  private static Map<String, Map<String, Object>> resources(String type) {
    return IamAudit.resources(template(), type);
  }

  private static Map<String, Object> props(Map<String, Object> resource) {
    return IamAudit.map(resource.get("Properties"));
  }

  @SuppressWarnings("unchecked")
  private static List<Object> objects(Object list) {
    return (List<Object>) list;
  }

  private static Map<String, Object> only(String type) {
    Map<String, Map<String, Object>> found = resources(type);
    assertThat(found).as(type).hasSize(1);
    return props(found.values().iterator().next());
  }

  private static Map<String, Object> ref(String logicalIdPrefix, String type) {
    String id =
        resources(type).keySet().stream()
            .filter(k -> k.startsWith(logicalIdPrefix))
            .findFirst()
            .orElseThrow();
    return Map.of("Ref", id);
  }

  @Test
  void vpcSpansThreeAvailabilityZonesWithPublicAndPrivateSubnets() {
    Map<String, Map<String, Object>> subnets = resources("AWS::EC2::Subnet");
    assertThat(subnets).hasSize(6);
    Set<Object> publicZones = new TreeSet<>();
    Set<Object> privateZones = new TreeSet<>();
    subnets.forEach((id, subnet) -> {
      Object zone = props(subnet).get("AvailabilityZone");
      if (id.startsWith("VpcpublicSubnet")) {
        assertThat(props(subnet).get("MapPublicIpOnLaunch")).isEqualTo(true);
        publicZones.add(zone);
      } else {
        assertThat(id).startsWith("VpcprivateSubnet");
        assertThat(props(subnet).get("MapPublicIpOnLaunch")).isEqualTo(false);
        privateZones.add(zone);
      }
    });
    assertThat(publicZones).containsExactlyElementsOf(AZS);
    assertThat(privateZones).containsExactlyElementsOf(AZS);
  }

  @Test
  void noNatGatewayByDefaultSoPrivateSubnetsHaveNoInternetRoute() {
    template().resourceCountIs("AWS::EC2::NatGateway", 0);
    template().resourceCountIs("AWS::EC2::InternetGateway", 1);
    // The three routes are the public subnets' default routes to the internet gateway.
    Map<String, Map<String, Object>> routes = resources("AWS::EC2::Route");
    assertThat(routes).hasSize(3);
    assertThat(routes.keySet()).allMatch(id -> id.startsWith("VpcpublicSubnet"));
  }

  @Test
  void interfaceEndpointsForEveryAwsApiTheTasksCall() {
    Set<Object> services =
        resources("AWS::EC2::VPCEndpoint").values().stream()
            .map(SampleServiceStackTest::props)
            .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
            .peek(p -> assertThat(p.get("PrivateDnsEnabled")).isEqualTo(true))
            .peek(p -> assertThat((List<?>) p.get("SubnetIds")).hasSize(3))
            .map(p -> p.get("ServiceName"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(services)
        .containsExactly(
            "com.amazonaws.us-east-1.bedrock-runtime",
            "com.amazonaws.us-east-1.ecr.api",
            "com.amazonaws.us-east-1.ecr.dkr",
            "com.amazonaws.us-east-1.logs",
            "com.amazonaws.us-east-1.ssm");
  }

  @Test
  void s3GatewayEndpointServesThePrivateSubnetsForEcrLayers() {
    template()
        .hasResourceProperties(
            "AWS::EC2::VPCEndpoint",
            Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName",
                Map.of("Fn::Join", List.of("", List.of("com.amazonaws.", Map.of("Ref", "AWS::Region"), ".s3"))),
                "RouteTableIds",
                List.of(
                    ref("VpcprivateSubnet1RouteTable", "AWS::EC2::RouteTable"),
                    ref("VpcprivateSubnet2RouteTable", "AWS::EC2::RouteTable"),
                    ref("VpcprivateSubnet3RouteTable", "AWS::EC2::RouteTable"))));
  }

  @Test
  void clusterHasContainerInsights() {
    assertThat(only("AWS::ECS::Cluster").get("ClusterSettings"))
        .isEqualTo(List.of(Map.of("Name", "containerInsights", "Value", "enabled")));
  }

  @Test
  void taskHasOneVcpuAndTwoGigabytesOnX86() {
    Map<String, Object> task = only("AWS::ECS::TaskDefinition");
    assertThat(task.get("Cpu")).isEqualTo("1024");
    assertThat(task.get("Memory")).isEqualTo("2048");
    assertThat(task.get("NetworkMode")).isEqualTo("awsvpc");
    assertThat(task.get("RequiresCompatibilities")).isEqualTo(List.of("FARGATE"));
    assertThat(task.get("RuntimePlatform"))
        .isEqualTo(Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"));
  }

  private static Map<String, Object> container() {
    List<?> containers = (List<?>) only("AWS::ECS::TaskDefinition").get("ContainerDefinitions");
    assertThat(containers).hasSize(1);
    return IamAudit.map(containers.get(0));
  }

  @Test
  void containerRunsAsNonRootOnPort8080WithTimeToFinishStreams() {
    Map<String, Object> container = container();
    assertThat(container.get("Name")).isEqualTo("app");
    assertThat(container.get("User")).isEqualTo("1000:1000");
    assertThat(container.get("Essential")).isEqualTo(true);
    assertThat(container.get("StopTimeout")).isEqualTo(120);
    assertThat(container.get("PortMappings"))
        .isEqualTo(List.of(Map.of("ContainerPort", 8080, "Name", "http", "Protocol", "tcp")));
    assertThat(container.get("Image"))
        .isEqualTo(
            Map.of(
                "Fn::Join",
                List.of(
                    "",
                    List.of(
                        "123456789012.dkr.ecr.us-east-1.",
                        Map.of("Ref", "AWS::URLSuffix"),
                        "/bedrock-kit-sample:1.4.2"))));
  }

  @Test
  void containerIsToldItsParameterNamespaceAndShutdownBudgetAndNoCredentials() {
    assertThat(container().get("Environment"))
        .isEqualTo(
            List.of(
                Map.of("Name", "AWS_REGION", "Value", "us-east-1"),
                Map.of("Name", "BEDROCKKIT_CONFIG_PARAMETERNAME", "Value", "/bedrock-kit/sample/models"),
                Map.of("Name", "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", "Value", "BedrockKit/Sample"),
                Map.of("Name", "SERVER_SHUTDOWN", "Value", "graceful"),
                Map.of("Name", "SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", "Value", "110s")));
    assertThat(container()).doesNotContainKey("Secrets");
  }

  @Test
  void noStaticCredentialsAnywhere() throws JsonProcessingException {
    template().resourceCountIs("AWS::IAM::User", 0);
    template().resourceCountIs("AWS::IAM::AccessKey", 0);
    template().resourceCountIs("AWS::SecretsManager::Secret", 0);
    String json = new ObjectMapper().writeValueAsString(template().toJSON());
    assertThat(json)
        .doesNotContain("AWS_ACCESS_KEY_ID")
        .doesNotContain("AWS_SECRET_ACCESS_KEY")
        .doesNotContain("AWS_SESSION_TOKEN")
        .doesNotContainPattern("AKIA[0-9A-Z]{16}");
  }

  @Test
  void logsGoToALogGroupKeptThirtyDaysThroughAwslogs() {
    Map<String, Map<String, Object>> groups = resources("AWS::Logs::LogGroup");
    assertThat(groups).hasSize(1);
    String id = groups.keySet().iterator().next();
    assertThat(props(groups.get(id))).isEqualTo(Map.of("RetentionInDays", 30));
    assertThat(groups.get(id).get("DeletionPolicy")).isEqualTo("Retain");
    assertThat(container().get("LogConfiguration"))
        .isEqualTo(
            Map.of(
                "LogDriver", "awslogs",
                "Options",
                Map.of(
                    "awslogs-group", Map.of("Ref", id),
                    "awslogs-stream-prefix", "sample",
                    "awslogs-region", "us-east-1",
                    "mode", "non-blocking",
                    "max-buffer-size", "26214400b")));
  }

  @Test
  void serviceRunsThreeTasksInThePrivateSubnetsRebalancedAcrossZones() {
    Map<String, Object> service = only("AWS::ECS::Service");
    assertThat(service.get("DesiredCount")).isEqualTo(3);
    assertThat(service.get("LaunchType")).isEqualTo("FARGATE");
    assertThat(service.get("AvailabilityZoneRebalancing")).isEqualTo("ENABLED");
    assertThat(service.get("HealthCheckGracePeriodSeconds")).isEqualTo(60);
    assertThat(service.get("NetworkConfiguration"))
        .isEqualTo(
            Map.of(
                "AwsvpcConfiguration",
                Map.of(
                    "AssignPublicIp", "DISABLED",
                    "SecurityGroups",
                    List.of(Map.of("Fn::GetAtt", List.of(
                        ref("ServiceSecurityGroup", "AWS::EC2::SecurityGroup").get("Ref"), "GroupId"))),
                    "Subnets",
                    List.of(
                        ref("VpcprivateSubnet1Subnet", "AWS::EC2::Subnet"),
                        ref("VpcprivateSubnet2Subnet", "AWS::EC2::Subnet"),
                        ref("VpcprivateSubnet3Subnet", "AWS::EC2::Subnet")))));
  }

  @Test
  void deploymentKeepsFullCapacityAndRollsBackThroughTheCircuitBreaker() {
    Map<String, Object> deployment =
        IamAudit.map(only("AWS::ECS::Service").get("DeploymentConfiguration"));
    assertThat(deployment.get("MinimumHealthyPercent")).isEqualTo(100);
    assertThat(deployment.get("MaximumPercent")).isEqualTo(200);
    assertThat(deployment.get("DeploymentCircuitBreaker"))
        .isEqualTo(Map.of("Enable", true, "Rollback", true));
  }

  @Test
  void loadBalancerIsPublicWithA120SecondIdleTimeout() {
    Map<String, Object> alb = only("AWS::ElasticLoadBalancingV2::LoadBalancer");
    assertThat(alb.get("Scheme")).isEqualTo("internet-facing");
    assertThat(objects(alb.get("LoadBalancerAttributes")))
        .contains(
            Map.of("Key", "idle_timeout.timeout_seconds", "Value", "120"),
            Map.of("Key", "routing.http.drop_invalid_header_fields.enabled", "Value", "true"));
    assertThat((List<?>) alb.get("Subnets")).hasSize(3);
  }

  @Test
  void withoutCertificateTheOnlyListenerIsPlainHttpForwardingToTheService() {
    Map<String, Object> listener = only("AWS::ElasticLoadBalancingV2::Listener");
    assertThat(listener.get("Port")).isEqualTo(80);
    assertThat(listener.get("Protocol")).isEqualTo("HTTP");
    assertThat(listener.get("DefaultActions"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Type", "forward",
                    "TargetGroupArn", ref("Targets", "AWS::ElasticLoadBalancingV2::TargetGroup"))));
    assertThat(listener).doesNotContainKey("Certificates");
  }

  @Test
  void loadBalancerAcceptsHttpFromTheIngressCidrAndReachesTasksOnlyOn8080() {
    Map<String, Object> group =
        props(resources("AWS::EC2::SecurityGroup").entrySet().stream()
            .filter(e -> e.getKey().startsWith("AlbSecurityGroup"))
            .findFirst().orElseThrow().getValue());
    assertThat(group.get("SecurityGroupIngress"))
        .isEqualTo(
            List.of(
                Map.of("CidrIp", "0.0.0.0/0", "Description", "HTTP from clients", "FromPort", 80,
                    "IpProtocol", "tcp", "ToPort", 80)));
    template()
        .hasResourceProperties(
            "AWS::EC2::SecurityGroupIngress",
            Map.of("FromPort", 8080, "ToPort", 8080, "IpProtocol", "tcp",
                "Description", "Load balancer to target"));
    template().resourceCountIs("AWS::EC2::SecurityGroupIngress", 1);
  }

  @Test
  void targetGroupChecksTheHealthPathAndDrainsFor120Seconds() {
    Map<String, Object> targets = only("AWS::ElasticLoadBalancingV2::TargetGroup");
    assertThat(targets.get("HealthCheckPath")).isEqualTo("/health");
    assertThat(targets.get("Matcher")).isEqualTo(Map.of("HttpCode", "200"));
    assertThat(targets.get("HealthCheckIntervalSeconds")).isEqualTo(15);
    assertThat(targets.get("HealthyThresholdCount")).isEqualTo(2);
    assertThat(targets.get("UnhealthyThresholdCount")).isEqualTo(3);
    assertThat(targets.get("Port")).isEqualTo(8080);
    assertThat(targets.get("TargetType")).isEqualTo("ip");
    assertThat(objects(targets.get("TargetGroupAttributes")))
        .contains(Map.of("Key", "deregistration_delay.timeout_seconds", "Value", "120"));
  }

  @Test
  void scalesOnCpuAt65PercentOutAfter60SecondsInAfter300() {
    Map<String, Object> target = only("AWS::ApplicationAutoScaling::ScalableTarget");
    assertThat(target.get("MinCapacity")).isEqualTo(3);
    assertThat(target.get("MaxCapacity")).isEqualTo(12);
    assertThat(target.get("ScalableDimension")).isEqualTo("ecs:service:DesiredCount");
    Map<String, Object> policy = only("AWS::ApplicationAutoScaling::ScalingPolicy");
    assertThat(policy.get("PolicyType")).isEqualTo("TargetTrackingScaling");
    assertThat(policy.get("TargetTrackingScalingPolicyConfiguration"))
        .isEqualTo(
            Map.of(
                "PredefinedMetricSpecification",
                Map.of("PredefinedMetricType", "ECSServiceAverageCPUUtilization"),
                "TargetValue", 65,
                "ScaleOutCooldown", 60,
                "ScaleInCooldown", 300));
  }

  @Test
  void stackCreatesTheStringParameterHoldingTheChainDocument() {
    assertThat(only("AWS::SSM::Parameter"))
        .isEqualTo(
            Map.of(
                "Name", "/bedrock-kit/sample/models",
                "Type", "String",
                "Tier", "Standard",
                "Value", CHAIN,
                "Description",
                "bedrock-kit model configuration (chains, kill switch) of the sample service"));
  }

  @Test
  void budgetNotifiesAt80And100PercentOfActualCost() {
    Map<String, Object> budget = only("AWS::Budgets::Budget");
    assertThat(budget.get("Budget"))
        .isEqualTo(
            Map.of(
                "BudgetName", "Sample-monthly",
                "BudgetType", "COST",
                "TimeUnit", "MONTHLY",
                "BudgetLimit", Map.of("Amount", 100, "Unit", "USD")));
    Map<String, Object> subscriber = Map.of("SubscriptionType", "EMAIL", "Address", EMAIL);
    assertThat(budget.get("NotificationsWithSubscribers"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Notification",
                    Map.of("NotificationType", "ACTUAL", "ComparisonOperator", "GREATER_THAN",
                        "Threshold", 80, "ThresholdType", "PERCENTAGE"),
                    "Subscribers", List.of(subscriber)),
                Map.of(
                    "Notification",
                    Map.of("NotificationType", "ACTUAL", "ComparisonOperator", "GREATER_THAN",
                        "Threshold", 100, "ThresholdType", "PERCENTAGE"),
                    "Subscribers", List.of(subscriber))));
  }

  private static Map<String, Object> alarm(String name) {
    return resources("AWS::CloudWatch::Alarm").values().stream()
        .map(SampleServiceStackTest::props)
        .filter(p -> name.equals(p.get("AlarmName")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no alarm named " + name));
  }

  @Test
  void fourAlarmsEachNotifyingTheAlertTopicOnAlarmAndRecovery() {
    template().resourceCountIs("AWS::CloudWatch::Alarm", 4);
    Map<String, Object> topic = ref("Alerts", "AWS::SNS::Topic");
    for (Map<String, Object> a : resources("AWS::CloudWatch::Alarm").values()) {
      assertThat(props(a).get("AlarmActions")).isEqualTo(List.of(topic));
      assertThat(props(a).get("OKActions")).isEqualTo(List.of(topic));
      assertThat(props(a).get("TreatMissingData")).isEqualTo("notBreaching");
    }
    template()
        .hasResourceProperties(
            "AWS::SNS::Subscription", Map.of("Protocol", "email", "Endpoint", EMAIL, "TopicArn", topic));
  }

  @Test
  void latencyAlarmWatchesAlbP99TargetResponseTime() {
    Map<String, Object> alarm = alarm("Sample-latency-p99");
    assertThat(alarm.get("Namespace")).isEqualTo("AWS/ApplicationELB");
    assertThat(alarm.get("MetricName")).isEqualTo("TargetResponseTime");
    assertThat(alarm.get("ExtendedStatistic")).isEqualTo("p99");
    assertThat(alarm.get("Period")).isEqualTo(60);
    assertThat(alarm.get("Threshold")).isEqualTo(20);
    assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
    assertThat(alarm.get("EvaluationPeriods")).isEqualTo(5);
    assertThat(alarm.get("DatapointsToAlarm")).isEqualTo(3);
  }

  @Test
  void errorRateAlarmDividesTargetAndLoadBalancer5xxByRequests() {
    Map<String, Object> alarm = alarm("Sample-5xx-rate");
    assertThat(alarm.get("Threshold")).isEqualTo(5);
    assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
    List<?> metrics = (List<?>) alarm.get("Metrics");
    assertThat(IamAudit.map(metrics.get(0)).get("Expression"))
        .isEqualTo(
            "IF((FILL(requests, 0) + FILL(elb5xx, 0)) > 0,"
                + " 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / (FILL(requests, 0) + FILL(elb5xx, 0)), 0)");
    assertThat(metrics.stream().skip(1).map(m -> IamAudit.map(m).get("Id") + "="
            + IamAudit.map(IamAudit.map(IamAudit.map(m).get("MetricStat")).get("Metric")).get("MetricName")))
        .containsExactly(
            "requests=RequestCount",
            "target5xx=HTTPCode_Target_5XX_Count",
            "elb5xx=HTTPCode_ELB_5XX_Count");
  }

  @Test
  void throttleAlarmSumsTheAppsThrottleCounterOverEveryModelAndRegion() {
    Map<String, Object> alarm = alarm("Sample-bedrock-throttles");
    assertThat(alarm.get("Metrics"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Id", "expr_1",
                    "Expression", "SELECT SUM(\"bedrockkit.throttles.count\") FROM \"BedrockKit/Sample\"",
                    "Label", "Bedrock throttles",
                    "Period", 60,
                    "ReturnData", true)));
    assertThat(alarm.get("Threshold")).isEqualTo(10);
    assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
  }

  @Test
  void circuitAlarmFiresWhenAnyCircuitIsOpen() {
    Map<String, Object> alarm = alarm("Sample-circuit-open");
    assertThat(alarm.get("Metrics"))
        .isEqualTo(
            List.of(
                Map.of(
                    "Id", "expr_1",
                    "Expression", "SELECT MAX(\"bedrockkit.circuit.state.value\") FROM \"BedrockKit/Sample\"",
                    "Label", "Circuit state (max)",
                    "Period", 60,
                    "ReturnData", true)));
    assertThat(alarm.get("Threshold")).isEqualTo(2);
    assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanOrEqualToThreshold");
    assertThat(alarm.get("EvaluationPeriods")).isEqualTo(3);
    assertThat(alarm.get("DatapointsToAlarm")).isEqualTo(2);
  }

  @Test
  void dashboardShowsTheAlarmsAndTheAppsBedrockMetrics() throws JsonProcessingException {
    Map<String, Object> dashboard = only("AWS::CloudWatch::Dashboard");
    assertThat(dashboard.get("DashboardName")).isEqualTo("Sample-us-east-1");
    String body = new ObjectMapper().writeValueAsString(dashboard.get("DashboardBody"));
    for (String alarm : List.of("LatencyP99Alarm", "ErrorRateAlarm", "ThrottlesAlarm", "CircuitOpenAlarm")) {
      assertThat(body).contains("\"Fn::GetAtt\":[\"" + alarm);
    }
    assertThat(body)
        .contains("TargetResponseTime", "CPUUtilization", "MemoryUtilization", "RunningTaskCount")
        .contains("{\\\"value\\\":20,\\\"label\\\":\\\"p99 alarm\\\"")
        .contains("{\\\"value\\\":65,\\\"label\\\":\\\"CPU target\\\"")
        .contains("SELECT SUM(\\\\\\\"bedrockkit.throttles.count\\\\\\\")")
        .contains("SELECT MAX(\\\\\\\"bedrockkit.circuit.state.value\\\\\\\")")
        .contains("SELECT AVG(\\\\\\\"gen_ai.client.operation.duration.avg\\\\\\\")")
        .contains("SELECT SUM(\\\\\\\"bedrockkit.cost.count\\\\\\\")");
  }

  @Test
  void synthesizesWithoutWarningsOrErrors() {
    template();
    Annotations annotations = Annotations.fromStack(Fixtures.defaultStack());
    annotations.hasNoWarning("*", Match.anyValue());
    annotations.hasNoError("*", Match.anyValue());
  }

  @Test
  void outputsNameTheUrlParameterAndWhatRollbackCommandsNeed() {
    template().hasOutput("ServiceUrl", Map.of("Value", Map.of("Fn::Join", List.of("",
        List.of("http://", Map.of("Fn::GetAtt", List.of(
            ref("Alb", "AWS::ElasticLoadBalancingV2::LoadBalancer").get("Ref"), "DNSName")))))));
    template().hasOutput("ModelConfigParameter", Map.of("Value", "/bedrock-kit/sample/models"));
    for (String name :
        List.of("ClusterName", "ServiceName", "TaskFamily", "LogGroupName", "DashboardName")) {
      template().hasOutput(name, Match.anyValue());
    }
  }
}
