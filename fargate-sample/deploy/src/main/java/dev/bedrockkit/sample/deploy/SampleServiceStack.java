package dev.bedrockkit.sample.deploy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.budgets.CfnBudget;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.HorizontalAnnotation;
import software.amazon.awscdk.services.cloudwatch.IAlarm;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.RepositoryAttributes;
import software.amazon.awscdk.services.ecs.AvailabilityZoneRebalancing;
import software.amazon.awscdk.services.ecs.AwsLogDriverMode;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.CpuUtilizationScalingProps;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.applicationautoscaling.EnableScalingProps;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDriver;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.PortMapping;
import software.amazon.awscdk.services.ecs.PropagatedTagSource;
import software.amazon.awscdk.services.ecs.Protocol;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.ScalableTaskCount;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationLoadBalancer;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationProtocol;
import software.amazon.awscdk.services.elasticloadbalancingv2.ApplicationTargetGroup;
import software.amazon.awscdk.services.elasticloadbalancingv2.BaseApplicationListenerProps;
import software.amazon.awscdk.services.elasticloadbalancingv2.HealthCheck;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeElb;
import software.amazon.awscdk.services.elasticloadbalancingv2.HttpCodeTarget;
import software.amazon.awscdk.services.elasticloadbalancingv2.IApplicationLoadBalancerMetrics;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerAction;
import software.amazon.awscdk.services.elasticloadbalancingv2.ListenerCertificate;
import software.amazon.awscdk.services.elasticloadbalancingv2.RedirectOptions;
import software.amazon.awscdk.services.elasticloadbalancingv2.SslPolicy;
import software.amazon.awscdk.services.elasticloadbalancingv2.TargetType;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.IPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.ssm.ParameterTier;
import software.amazon.awscdk.services.ssm.StringParameter;
import software.constructs.Construct;

/**
 * The sample service on ECS Fargate: a VPC over three Availability Zones with endpoints for every
 * AWS API the tasks call, an ALB, a Fargate service that scales on CPU, the Parameter Store
 * document with the model chain, a task role that may invoke exactly the chain's models, and the
 * budget, alarms and dashboard to run it. See {@code fargate-sample/deploy/README.md}.
 *
 * <p>Built once on the CDK's construction thread; not thread-safe.
 */
public final class SampleServiceStack extends Stack {
  /** The port the service listens on; the Jib image exposes the same. */
  public static final int CONTAINER_PORT = 8080;
  public static final String CONTAINER_NAME = "app";
  /** The image's non-root user (Jib's {@code container.user} in the root pom). */
  public static final String CONTAINER_USER = "1000:1000";
  public static final int TASK_CPU = 1024;
  public static final int TASK_MEMORY_MIB = 2048;
  /** Fargate's longest stop timeout: time for open streams to finish after SIGTERM. */
  public static final Duration STOP_TIMEOUT = Duration.seconds(120);
  /** Spring's graceful shutdown gets the stop timeout less a margin for the JVM to exit. */
  public static final String SHUTDOWN_PHASE_TIMEOUT = "110s";
  /** The ALB closes a connection idle this long; streams send a chunk more often. */
  public static final Duration ALB_IDLE_TIMEOUT = Duration.seconds(120);
  /** In-flight requests keep running this long after a task leaves the target group. */
  public static final Duration DEREGISTRATION_DELAY = Duration.seconds(120);
  public static final Duration HEALTH_CHECK_GRACE = Duration.seconds(60);
  public static final int CPU_TARGET_PERCENT = 65;
  public static final Duration SCALE_OUT_COOLDOWN = Duration.seconds(60);
  public static final Duration SCALE_IN_COOLDOWN = Duration.seconds(300);

  private static final Pattern ECR_IMAGE =
      Pattern.compile(
          "(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?/([a-z0-9._/-]+)"
              + "(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(sha256:[a-f0-9]{64}))");

  private final SampleServiceProps props;
  private final String partition;

  /**
   * Builds the stack in {@code props.account()} and {@code props.region()}.
   *
   * @throws IllegalArgumentException when a model of the chain has no derivable ARNs (a {@code ca.}
   *     inference profile)
   */
  public SampleServiceStack(Construct scope, String id, SampleServiceProps props) {
    super(
        scope,
        id,
        StackProps.builder()
            .env(Environment.builder().account(props.account()).region(props.region()).build())
            .description("bedrock-kit sample service on ECS Fargate (fargate-sample/deploy)")
            .build());
    this.props = props;
    this.partition = partitionOf(props.region());
    // A VPC names its zones in the template (from props or the CDK's context lookup); that is
    // how CDK VPCs work, not an oversight.
    Validations.of(this)
        .acknowledge(
            Acknowledgment.builder()
                .id("CloudFormation-Validate::W3010")
                .reason("VPC subnets name their Availability Zones, as every CDK VPC does")
                .build());

    Vpc vpc = network();
    String parameterArn = modelConfigParameter();
    Role taskRole = taskRole(parameterArn);
    Role executionRole = role("ExecutionRole", "Pulls the sample service's image and writes its logs");
    LogGroup logs = logGroup();
    FargateService service = service(vpc, taskRole, executionRole, logs);
    ApplicationLoadBalancer alb = loadBalancer(vpc, service);
    scaling(service);
    List<IAlarm> alarms = alarms(alb);
    Dashboard dashboard = dashboard(alb, service, alarms);
    budget();

    String scheme = props.certificateArn() != null ? "https" : "http";
    CfnOutput.Builder.create(this, "ServiceUrl")
        .value(scheme + "://" + alb.getLoadBalancerDnsName())
        .build();
    CfnOutput.Builder.create(this, "ModelConfigParameter").value(props.parameterName()).build();
    CfnOutput.Builder.create(this, "ClusterName").value(service.getCluster().getClusterName()).build();
    CfnOutput.Builder.create(this, "ServiceName").value(service.getServiceName()).build();
    CfnOutput.Builder.create(this, "TaskFamily")
        .value(service.getTaskDefinition().getFamily())
        .build();
    CfnOutput.Builder.create(this, "LogGroupName").value(logs.getLogGroupName()).build();
    CfnOutput.Builder.create(this, "DashboardName").value(dashboard.getDashboardName()).build();
  }

  /** The three zones given in the props, or the CDK's lookup (context) when none are given. */
  @Override
  public List<String> getAvailabilityZones() {
    return props != null && !props.availabilityZones().isEmpty()
        ? props.availabilityZones()
        : super.getAvailabilityZones();
  }

  private SubnetType privateSubnetType() {
    return props.natGateways() > 0 ? SubnetType.PRIVATE_WITH_EGRESS : SubnetType.PRIVATE_ISOLATED;
  }

  private SubnetSelection privateSubnets() {
    return SubnetSelection.builder().subnetType(privateSubnetType()).build();
  }

  private Vpc network() {
    Vpc vpc =
        Vpc.Builder.create(this, "Vpc")
            .ipAddresses(IpAddresses.cidr("10.0.0.0/16"))
            .maxAzs(3)
            .natGateways(props.natGateways())
            .restrictDefaultSecurityGroup(false)
            .subnetConfiguration(
                List.of(
                    SubnetConfiguration.builder()
                        .name("public")
                        .subnetType(SubnetType.PUBLIC)
                        .cidrMask(24)
                        .build(),
                    SubnetConfiguration.builder()
                        .name("private")
                        .subnetType(privateSubnetType())
                        .cidrMask(20)
                        .build()))
            .gatewayEndpoints(
                Map.of(
                    "S3",
                    GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(privateSubnets()))
                        .build()))
            .build();
    Map<String, IInterfaceVpcEndpointService> endpoints = new LinkedHashMap<>();
    endpoints.put("BedrockRuntime", InterfaceVpcEndpointAwsService.BEDROCK_RUNTIME);
    endpoints.put("Ssm", InterfaceVpcEndpointAwsService.SSM);
    endpoints.put("Logs", InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS);
    endpoints.put("EcrApi", InterfaceVpcEndpointAwsService.ECR);
    endpoints.put("EcrDocker", InterfaceVpcEndpointAwsService.ECR_DOCKER);
    // No monitoring endpoint: the service's metrics are EMF lines in its logs, which CloudWatch
    // Logs turns into metrics (fargate-sample's EmfMeterRegistry).
    endpoints.forEach(
        (name, service) ->
            vpc.addInterfaceEndpoint(
                name,
                InterfaceVpcEndpointOptions.builder()
                    .service(service)
                    .privateDnsEnabled(true)
                    .subnets(privateSubnets())
                    .build()));
    return vpc;
  }

  /** Creates the String parameter (unless it is a SecureString made outside); returns its ARN. */
  private String modelConfigParameter() {
    if (!props.secureStringParameter()) {
      int bytes = props.chainJson().getBytes(StandardCharsets.UTF_8).length;
      StringParameter.Builder.create(this, "ModelConfig")
          .parameterName(props.parameterName())
          .stringValue(props.chainJson())
          .tier(
              bytes <= SampleServiceProps.STANDARD_PARAMETER_BYTES
                  ? ParameterTier.STANDARD
                  : ParameterTier.ADVANCED)
          .description("bedrock-kit model configuration (chains, kill switch) of the sample service")
          .build();
    }
    String name = props.parameterName();
    return arn("ssm", props.region(), "parameter/" + (name.startsWith("/") ? name.substring(1) : name));
  }

  private IPrincipal ecsTasks() {
    // Confused-deputy guard: only ECS tasks of this account and Region may assume the roles.
    return new ServicePrincipal("ecs-tasks.amazonaws.com")
        .withConditions(
            Map.of(
                "ArnLike", Map.of("aws:SourceArn", arn("ecs", props.region(), "*")),
                "StringEquals", Map.of("aws:SourceAccount", props.account())));
  }

  private Role role(String id, String description) {
    return Role.Builder.create(this, id).assumedBy(ecsTasks()).description(description).build();
  }

  private Role taskRole(String parameterArn) {
    Role role = role("TaskRole", "The sample service's own AWS access: its models and its parameter");
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("InvokeConfiguredModels")
            .effect(Effect.ALLOW)
            .actions(BedrockAccess.INVOKE_ACTIONS)
            .resources(BedrockAccess.invokeResourceArns(props))
            .build());
    role.addToPolicy(
        PolicyStatement.Builder.create()
            .sid("ReadModelConfiguration")
            .effect(Effect.ALLOW)
            .actions(List.of("ssm:GetParameter", "ssm:GetParameters"))
            .resources(List.of(parameterArn))
            .build());
    if (props.secureStringParameter()) {
      role.addToPolicy(
          PolicyStatement.Builder.create()
              .sid("DecryptModelConfiguration")
              .effect(Effect.ALLOW)
              .actions(List.of("kms:Decrypt"))
              .resources(List.of(props.parameterKmsKeyArn()))
              .conditions(
                  Map.of(
                      "StringEquals",
                      Map.of(
                          "kms:EncryptionContext:PARAMETER_ARN", parameterArn,
                          "kms:ViaService", "ssm." + props.region() + "." + dnsSuffix())))
              .build());
    }
    // No cloudwatch:PutMetricData: the service writes its metrics to stdout in embedded metric
    // format, and the awslogs driver (execution role) ships them to the log group.
    return role;
  }

  private LogGroup logGroup() {
    LogGroup logs = LogGroup.Builder.create(this, "Logs").removalPolicy(RemovalPolicy.RETAIN).build();
    // Any retention CloudWatch Logs accepts, without mapping days to the RetentionDays enum.
    ((CfnLogGroup) logs.getNode().getDefaultChild()).setRetentionInDays(props.logRetentionDays());
    return logs;
  }

  private ContainerImage image() {
    Matcher ecr = ECR_IMAGE.matcher(props.image());
    if (!ecr.matches()) {
      // Public registries need no credentials; private ones other than ECR are not supported.
      return ContainerImage.fromRegistry(props.image());
    }
    String repositoryName = ecr.group(3);
    String repositoryArn =
        "arn:" + partitionOf(ecr.group(2)) + ":ecr:" + ecr.group(2) + ":" + ecr.group(1)
            + ":repository/" + repositoryName;
    // The execution role gets pull rights on this repository only (plus GetAuthorizationToken).
    return ContainerImage.fromEcrRepository(
        Repository.fromRepositoryAttributes(
            this,
            "ImageRepository",
            RepositoryAttributes.builder()
                .repositoryArn(repositoryArn)
                .repositoryName(repositoryName)
                .build()),
        ecr.group(4) != null ? ecr.group(4) : ecr.group(5));
  }

  private FargateService service(Vpc vpc, Role taskRole, Role executionRole, LogGroup logs) {
    FargateTaskDefinition task =
        FargateTaskDefinition.Builder.create(this, "Task")
            .cpu(TASK_CPU)
            .memoryLimitMiB(TASK_MEMORY_MIB)
            .runtimePlatform(
                RuntimePlatform.builder()
                    .cpuArchitecture(CpuArchitecture.X86_64)
                    .operatingSystemFamily(OperatingSystemFamily.LINUX)
                    .build())
            .taskRole(taskRole)
            .executionRole(executionRole)
            .build();
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("AWS_REGION", props.region());
    environment.put("BEDROCKKIT_CONFIG_PARAMETERNAME", props.parameterName());
    environment.put("MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE", props.metricsNamespace());
    environment.put("SERVER_SHUTDOWN", "graceful");
    environment.put("SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE", SHUTDOWN_PHASE_TIMEOUT);
    task.addContainer(
        CONTAINER_NAME,
        ContainerDefinitionOptions.builder()
            .containerName(CONTAINER_NAME)
            .image(image())
            .user(CONTAINER_USER)
            .essential(true)
            .portMappings(
                List.of(
                    PortMapping.builder()
                        .containerPort(CONTAINER_PORT)
                        .protocol(Protocol.TCP)
                        .name("http")
                        .build()))
            .environment(environment)
            .stopTimeout(STOP_TIMEOUT)
            .logging(
                LogDriver.awsLogs(
                    AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix("sample")
                        .mode(AwsLogDriverMode.NON_BLOCKING)
                        .maxBufferSize(Size.mebibytes(25))
                        .build()))
            .build());

    Cluster cluster =
        Cluster.Builder.create(this, "Cluster")
            .vpc(vpc)
            .containerInsightsV2(ContainerInsights.ENABLED)
            .build();
    SecurityGroup tasks =
        SecurityGroup.Builder.create(this, "ServiceSecurityGroup")
            .vpc(vpc)
            .description("Sample service tasks: HTTP from the load balancer only")
            .allowAllOutbound(true)
            .build();
    return FargateService.Builder.create(this, "Service")
        .cluster(cluster)
        .taskDefinition(task)
        .desiredCount(props.minTasks())
        .minHealthyPercent(100)
        .maxHealthyPercent(200)
        .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
        .healthCheckGracePeriod(HEALTH_CHECK_GRACE)
        .vpcSubnets(privateSubnets())
        .assignPublicIp(false)
        .securityGroups(List.of(tasks))
        .availabilityZoneRebalancing(AvailabilityZoneRebalancing.ENABLED)
        .platformVersion(FargatePlatformVersion.LATEST)
        .propagateTags(PropagatedTagSource.SERVICE)
        .enableEcsManagedTags(true)
        .build();
  }

  private ApplicationLoadBalancer loadBalancer(Vpc vpc, FargateService service) {
    SecurityGroup albGroup =
        SecurityGroup.Builder.create(this, "AlbSecurityGroup")
            .vpc(vpc)
            .description("Sample service load balancer")
            .allowAllOutbound(false)
            .build();
    ApplicationLoadBalancer alb =
        ApplicationLoadBalancer.Builder.create(this, "Alb")
            .vpc(vpc)
            .internetFacing(true)
            .securityGroup(albGroup)
            .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PUBLIC).build())
            .idleTimeout(ALB_IDLE_TIMEOUT)
            .dropInvalidHeaderFields(true)
            .build();
    ApplicationTargetGroup targets =
        ApplicationTargetGroup.Builder.create(this, "Targets")
            .vpc(vpc)
            .port(CONTAINER_PORT)
            .protocol(ApplicationProtocol.HTTP)
            .targetType(TargetType.IP)
            .deregistrationDelay(DEREGISTRATION_DELAY)
            .healthCheck(
                HealthCheck.builder()
                    .path(props.healthCheckPath())
                    .healthyHttpCodes("200")
                    .interval(Duration.seconds(15))
                    .timeout(Duration.seconds(5))
                    .healthyThresholdCount(2)
                    .unhealthyThresholdCount(3)
                    .build())
            .targets(List.of(service))
            .build();
    if (props.certificateArn() != null) {
      alb.addListener(
          "Https",
          BaseApplicationListenerProps.builder()
              .port(443)
              .protocol(ApplicationProtocol.HTTPS)
              .certificates(List.of(ListenerCertificate.fromArn(props.certificateArn())))
              .sslPolicy(SslPolicy.RECOMMENDED_TLS)
              .defaultTargetGroups(List.of(targets))
              .open(false)
              .build());
      alb.addListener(
          "HttpRedirect",
          BaseApplicationListenerProps.builder()
              .port(80)
              .protocol(ApplicationProtocol.HTTP)
              .defaultAction(
                  ListenerAction.redirect(
                      RedirectOptions.builder()
                          .protocol("HTTPS")
                          .port("443")
                          .permanent(true)
                          .build()))
              .open(false)
              .build());
      albGroup.addIngressRule(Peer.ipv4(props.ingressCidr()), Port.tcp(443), "HTTPS from clients");
    } else {
      alb.addListener(
          "Http",
          BaseApplicationListenerProps.builder()
              .port(80)
              .protocol(ApplicationProtocol.HTTP)
              .defaultTargetGroups(List.of(targets))
              .open(false)
              .build());
    }
    albGroup.addIngressRule(Peer.ipv4(props.ingressCidr()), Port.tcp(80), "HTTP from clients");
    return alb;
  }

  private void scaling(FargateService service) {
    ScalableTaskCount count =
        service.autoScaleTaskCount(
            EnableScalingProps.builder()
                .minCapacity(props.minTasks())
                .maxCapacity(props.maxTasks())
                .build());
    count.scaleOnCpuUtilization(
        "CpuTarget",
        CpuUtilizationScalingProps.builder()
            .targetUtilizationPercent(CPU_TARGET_PERCENT)
            .scaleOutCooldown(SCALE_OUT_COOLDOWN)
            .scaleInCooldown(SCALE_IN_COOLDOWN)
            .build());
  }

  private static MetricOptions perMinute(String statistic) {
    return MetricOptions.builder().statistic(statistic).period(Duration.minutes(1)).build();
  }

  private MathExpression insights(String function, String metric, String label) {
    return MathExpression.Builder.create()
        .expression(AppMetrics.query(function, metric, props.metricsNamespace()))
        .period(Duration.minutes(1))
        .label(label)
        .build();
  }

  private MathExpression errorRate(IApplicationLoadBalancerMetrics metrics) {
    Map<String, IMetric> using = new LinkedHashMap<>();
    using.put("requests", metrics.requestCount(perMinute("Sum")));
    using.put("target5xx", metrics.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, perMinute("Sum")));
    using.put("elb5xx", metrics.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, perMinute("Sum")));
    // ELB 5xx (no healthy target) never reach a target, so they are not in RequestCount.
    String all = "(FILL(requests, 0) + FILL(elb5xx, 0))";
    return MathExpression.Builder.create()
        .expression(
            "IF(" + all + " > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / " + all + ", 0)")
        .usingMetrics(using)
        .period(Duration.minutes(1))
        .label("5xx responses (% of requests)")
        .build();
  }

  private List<IAlarm> alarms(ApplicationLoadBalancer alb) {
    Topic topic =
        Topic.Builder.create(this, "Alerts")
            .displayName("bedrock-kit sample service alerts")
            .enforceSsl(true)
            .build();
    topic.addSubscription(new EmailSubscription(props.alertEmail()));
    SnsAction notify = new SnsAction(topic);
    String prefix = getStackName() + "-";
    List<IAlarm> alarms = new ArrayList<>();

    alarms.add(
        Alarm.Builder.create(this, "LatencyP99Alarm")
            .alarmName(prefix + "latency-p99")
            .alarmDescription(
                "p99 ALB target response time above "
                    + props.latencyP99Threshold().toSeconds()
                    + " s in 3 of 5 minutes: models slow or falling back; see the dashboard")
            .metric(alb.getMetrics().targetResponseTime(perMinute("p99")))
            .threshold(props.latencyP99Threshold().toSeconds())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(3)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
    alarms.add(
        Alarm.Builder.create(this, "ErrorRateAlarm")
            .alarmName(prefix + "5xx-rate")
            .alarmDescription(
                "5xx responses (target and load balancer) above "
                    + props.errorRatePercentThreshold()
                    + "% of requests in 3 of 5 minutes")
            .metric(errorRate(alb.getMetrics()))
            .threshold(props.errorRatePercentThreshold())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(3)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
    alarms.add(
        Alarm.Builder.create(this, "ThrottlesAlarm")
            .alarmName(prefix + "bedrock-throttles")
            .alarmDescription(
                "More than "
                    + props.throttlesPerMinuteThreshold()
                    + " Bedrock throttles per minute ("
                    + AppMetrics.THROTTLES
                    + ") in 3 of 5 minutes: raise quotas, add Regions or models to the chain")
            .metric(insights("SUM", AppMetrics.THROTTLES, "Bedrock throttles"))
            .threshold(props.throttlesPerMinuteThreshold())
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(5)
            .datapointsToAlarm(3)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
    alarms.add(
        Alarm.Builder.create(this, "CircuitOpenAlarm")
            .alarmName(prefix + "circuit-open")
            .alarmDescription(
                "A model's circuit breaker is open ("
                    + AppMetrics.CIRCUIT_STATE
                    + " = 2) in 2 of 3 minutes: calls skip that model and Region")
            .metric(insights("MAX", AppMetrics.CIRCUIT_STATE, "Circuit state (max)"))
            .threshold(AppMetrics.CIRCUIT_OPEN)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
            .evaluationPeriods(3)
            .datapointsToAlarm(2)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .build());
    for (IAlarm alarm : alarms) {
      ((Alarm) alarm).addAlarmAction(notify);
      ((Alarm) alarm).addOkAction(notify);
    }
    return alarms;
  }

  private Dashboard dashboard(
      ApplicationLoadBalancer alb, FargateService service, List<IAlarm> alarms) {
    IApplicationLoadBalancerMetrics m = alb.getMetrics();
    Metric runningTasks =
        Metric.Builder.create()
            .namespace("ECS/ContainerInsights")
            .metricName("RunningTaskCount")
            .dimensionsMap(
                Map.of(
                    "ClusterName", service.getCluster().getClusterName(),
                    "ServiceName", service.getServiceName()))
            .statistic("Average")
            .period(Duration.minutes(1))
            .build();
    List<IWidget> row1 =
        List.of(
            graph("Requests and 5xx", List.of(
                m.requestCount(perMinute("Sum")),
                m.httpCodeTarget(HttpCodeTarget.TARGET_5XX_COUNT, perMinute("Sum")),
                m.httpCodeElb(HttpCodeElb.ELB_5XX_COUNT, perMinute("Sum")))),
            graph("Target response time (s)", List.of(
                m.targetResponseTime(perMinute("p50")),
                m.targetResponseTime(perMinute("p90")),
                m.targetResponseTime(perMinute("p99"))),
                line("p99 alarm", props.latencyP99Threshold().toSeconds())));
    List<IWidget> row2 =
        List.of(
            graph("Service CPU and memory (%)", List.of(
                service.metricCpuUtilization(perMinute("Average")),
                service.metricMemoryUtilization(perMinute("Average"))),
                line("CPU target", CPU_TARGET_PERCENT)),
            graph("Running tasks", List.of(runningTasks)));
    List<IWidget> row3 =
        List.of(
            graph("Bedrock throttles and degraded answers", List.of(
                insights("SUM", AppMetrics.THROTTLES, "Throttles"),
                insights("SUM", AppMetrics.DEGRADED, "Degraded answers"))),
            graph("Model call duration (ms)", List.of(
                insights("AVG", AppMetrics.OPERATION_DURATION_AVG, "Average"),
                insights("MAX", AppMetrics.OPERATION_DURATION_MAX, "Max"))),
            graph("Circuit state (0 closed, 1 half-open, 2 open)", List.of(
                insights("MAX", AppMetrics.CIRCUIT_STATE, "Worst circuit"))),
            graph("Model cost (USD per minute)", List.of(
                insights("SUM", AppMetrics.COST, "Cost"))));
    return Dashboard.Builder.create(this, "Dashboard")
        .dashboardName(getStackName() + "-" + props.region())
        .widgets(
            List.of(
                List.of(AlarmStatusWidget.Builder.create().title("Alarms").alarms(alarms).width(24).build()),
                row1,
                row2,
                row3))
        .build();
  }

  private static GraphWidget graph(
      String title, List<IMetric> metrics, HorizontalAnnotation... annotations) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(metrics)
        .leftAnnotations(List.of(annotations))
        .width(12)
        .height(6)
        .build();
  }

  private static HorizontalAnnotation line(String label, double value) {
    return HorizontalAnnotation.builder().label(label).value(value).build();
  }

  private void budget() {
    List<CfnBudget.NotificationWithSubscribersProperty> notifications = new ArrayList<>();
    for (int percent : List.of(80, 100)) {
      notifications.add(
          CfnBudget.NotificationWithSubscribersProperty.builder()
              .notification(
                  CfnBudget.NotificationProperty.builder()
                      .notificationType("ACTUAL")
                      .comparisonOperator("GREATER_THAN")
                      .threshold(percent)
                      .thresholdType("PERCENTAGE")
                      .build())
              .subscribers(
                  List.of(
                      CfnBudget.SubscriberProperty.builder()
                          .subscriptionType("EMAIL")
                          .address(props.alertEmail())
                          .build()))
              .build());
    }
    CfnBudget.Builder.create(this, "Budget")
        .budget(
            CfnBudget.BudgetDataProperty.builder()
                .budgetName(getStackName() + "-monthly")
                .budgetType("COST")
                .timeUnit("MONTHLY")
                .budgetLimit(
                    CfnBudget.SpendProperty.builder()
                        .amount(props.budgetUsd())
                        .unit("USD")
                        .build())
                .build())
        .notificationsWithSubscribers(notifications)
        .build();
  }

  private String arn(String service, String region, String resource) {
    return "arn:" + partition + ":" + service + ":" + region + ":" + props.account() + ":" + resource;
  }

  private String dnsSuffix() {
    return partition.equals("aws-cn") ? "amazonaws.com.cn" : "amazonaws.com";
  }

  static String partitionOf(String region) {
    if (region.startsWith("cn-")) {
      return "aws-cn";
    }
    return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
  }
}
