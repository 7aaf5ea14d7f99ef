package dev.bedrockkit.sample.deploy;

import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the sample service's stack is configured with: where it runs, which image, which
 * model chain (validated with {@link ModelConfig#fromJson} when built), and the alerting settings.
 * Read from CDK context by {@link #fromContext}, or built in code with {@link #builder()}.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param account the 12-digit AWS account to deploy to
 * @param region the Region to deploy to; the chain's models without Regions are called here
 * @param image the container image, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com/bedrock-kit-sample:1.0.0}
 * @param chainJson the model configuration document, as it is stored in Parameter Store
 * @param chainSource where {@code chainJson} came from, named in error messages
 * @param modelConfig {@code chainJson}, parsed and validated
 * @param parameterName the Parameter Store parameter holding {@code chainJson}
 * @param parameterKmsKeyArn the customer KMS key of a SecureString parameter created outside the
 *     stack, or {@code null} when the stack creates the parameter as a String
 * @param certificateArn the ACM certificate for an HTTPS listener, or {@code null} for plain HTTP
 * @param healthCheckPath the path the load balancer checks on each task
 * @param natGateways NAT gateways for egress beyond the VPC endpoints (0 keeps tasks off the
 *     internet)
 * @param availabilityZones the three zones to use, or empty to look them up at synth time
 * @param minTasks tasks at least (the desired count at creation)
 * @param maxTasks tasks at most when scaling out
 * @param logRetentionDays days to keep the service's logs
 * @param metricsNamespace the CloudWatch namespace the service publishes its Micrometer metrics to
 * @param budgetUsd the monthly cost budget in US dollars
 * @param alertEmail the address that receives budget and alarm notifications
 * @param latencyP99Threshold the ALB p99 target response time above which the latency alarm fires
 * @param throttlesPerMinuteThreshold Bedrock throttles per minute above which the alarm fires
 * @param errorRatePercentThreshold 5xx responses, in percent of requests, above which the alarm fires
 * @param embeddingModelId a pinned embedding model the service's semantic cache calls, or {@code null}
 * @param ingressCidr who may reach the load balancer
 */
public record SampleServiceProps(
    String account,
    String region,
    String image,
    String chainJson,
    String chainSource,
    ModelConfig modelConfig,
    String parameterName,
    String parameterKmsKeyArn,
    String certificateArn,
    String healthCheckPath,
    int natGateways,
    List<String> availabilityZones,
    int minTasks,
    int maxTasks,
    int logRetentionDays,
    String metricsNamespace,
    int budgetUsd,
    String alertEmail,
    Duration latencyP99Threshold,
    int throttlesPerMinuteThreshold,
    int errorRatePercentThreshold,
    String embeddingModelId,
    String ingressCidr) {

  public static final String DEFAULT_PARAMETER_NAME = "/bedrock-kit/sample/models";
  /** The service's liveness path (ARCHITECTURE.md); {@code /actuator/health} is the other usual one. */
  public static final String DEFAULT_HEALTH_CHECK_PATH = "/health";
  /** Every AWS API the tasks call has a VPC endpoint, so they need no NAT by default. */
  public static final int DEFAULT_NAT_GATEWAYS = 0;
  public static final int DEFAULT_MIN_TASKS = 3;
  public static final int DEFAULT_MAX_TASKS = 12;
  public static final int DEFAULT_LOG_RETENTION_DAYS = 30;
  public static final String DEFAULT_METRICS_NAMESPACE = "BedrockKit/Sample";
  public static final int DEFAULT_BUDGET_USD = 100;
  public static final Duration DEFAULT_LATENCY_P99_THRESHOLD = Duration.ofSeconds(20);
  public static final int DEFAULT_THROTTLES_PER_MINUTE_THRESHOLD = 10;
  public static final int DEFAULT_ERROR_RATE_PERCENT_THRESHOLD = 5;
  public static final String DEFAULT_INGRESS_CIDR = "0.0.0.0/0";
  /** The chain document read when the context names none, relative to the working directory. */
  public static final String DEFAULT_CHAIN_FILE = "chain.json";

  /** Parameter Store's size limits: standard tier 4 KB, advanced tier 8 KB. */
  static final int STANDARD_PARAMETER_BYTES = 4096;

  static final int ADVANCED_PARAMETER_BYTES = 8192;

  /** The retention periods CloudWatch Logs accepts. */
  static final Set<Integer> LOG_RETENTION_DAYS =
      Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192,
          2557, 2922, 3288, 3653);

  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
  private static final Pattern PARAMETER_NAME = Pattern.compile("/?[A-Za-z0-9_.\\-/]{1,1011}");
  private static final Pattern KMS_KEY_ARN =
      Pattern.compile("arn:aws(-cn|-us-gov)?:kms:[a-z0-9-]+:\\d{12}:key/[A-Za-z0-9-]+");
  private static final Pattern CERTIFICATE_ARN =
      Pattern.compile("arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:\\d{12}:certificate/[A-Za-z0-9-]+");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern CIDR = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}/\\d{1,2}");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9 _./#:-]{1,255}");

  /** Checks every setting, naming the context key of the first wrong one. */
  public SampleServiceProps {
    require(account != null && ACCOUNT.matcher(account).matches(),
        "account must be 12 digits, found '" + account
            + "'; pass -c account=<id> or run cdk with credentials for the target account");
    require(region != null && REGION.matcher(region).matches(),
        "region must be a Region name such as us-east-1, found '" + region
            + "'; pass -c region=<name>");
    require(image != null && !image.isBlank(),
        "image must name the service's container image, e.g. -c image=" + account
            + ".dkr.ecr." + region + ".amazonaws.com/bedrock-kit-sample:1.0.0"
            + " (build it with mvn -pl fargate-sample jib:build -Dimage=...)");
    String lastSegment = image.substring(image.lastIndexOf('/') + 1);
    require((image.contains("@sha256:") || lastSegment.contains(":"))
            && !lastSegment.endsWith(":latest"),
        "image must be pinned by a tag other than latest or by a digest, found '" + image
            + "'; a rollback to the previous task definition would otherwise pull the new image");
    Objects.requireNonNull(chainJson, "chainJson cannot be null");
    Objects.requireNonNull(chainSource, "chainSource cannot be null");
    Objects.requireNonNull(modelConfig, "modelConfig cannot be null");
    try {
      modelConfig.invokeResourceArns(account, region);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "model chain document " + chainSource + ": " + e.getMessage(), e);
    }
    if (natGateways == 0) {
      for (Map.Entry<String, String> called :
          BedrockAccess.clientRegions(modelConfig, region).entrySet()) {
        require(called.getKey().equals(region),
            "model chain document " + chainSource + " calls Bedrock in " + called.getKey()
                + " (" + called.getValue() + "), but with natGateways=0 the tasks reach only the"
                + " VPC endpoints in " + region + ": set -c natGateways=1, or call a cross-Region"
                + " inference profile (e.g. us.<model-id>) from " + region + " instead");
      }
    }
    require(parameterName != null && PARAMETER_NAME.matcher(parameterName).matches()
            && !parameterName.toLowerCase(Locale.ROOT).matches("/?(aws|ssm).*"),
        "parameterName must be a Parameter Store name such as " + DEFAULT_PARAMETER_NAME
            + ", found '" + parameterName + "'");
    require(parameterKmsKeyArn == null || KMS_KEY_ARN.matcher(parameterKmsKeyArn).matches(),
        "parameterKmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), found '"
            + parameterKmsKeyArn + "'");
    require(certificateArn == null || CERTIFICATE_ARN.matcher(certificateArn).matches(),
        "certificateArn must be an ACM certificate ARN, found '" + certificateArn + "'");
    require(healthCheckPath != null && healthCheckPath.startsWith("/"),
        "healthCheckPath must start with '/', found '" + healthCheckPath + "'");
    require(natGateways >= 0 && natGateways <= 3,
        "natGateways must be between 0 and 3, found " + natGateways);
    availabilityZones = List.copyOf(Objects.requireNonNull(availabilityZones,
        "availabilityZones cannot be null"));
    require(availabilityZones.isEmpty() || availabilityZones.size() == 3,
        "availabilityZones must name 3 zones of " + region + " (or none, to look them up), found "
            + availabilityZones);
    require(minTasks >= 1, "minTasks must be >= 1, found " + minTasks);
    require(maxTasks >= minTasks,
        "maxTasks must be >= minTasks (" + minTasks + "), found " + maxTasks);
    require(LOG_RETENTION_DAYS.contains(logRetentionDays),
        "logRetentionDays must be one CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, ...),"
            + " found " + logRetentionDays);
    require(metricsNamespace != null && NAMESPACE.matcher(metricsNamespace).matches()
            && !metricsNamespace.startsWith("AWS/"),
        "metricsNamespace must be a custom CloudWatch namespace such as "
            + DEFAULT_METRICS_NAMESPACE + ", found '" + metricsNamespace + "'");
    require(budgetUsd >= 1, "budgetUsd must be >= 1, found " + budgetUsd);
    require(alertEmail != null && EMAIL.matcher(alertEmail).matches(),
        "alertEmail must be an e-mail address for budget and alarm notifications, found '"
            + alertEmail + "'; pass -c alertEmail=<address>");
    Objects.requireNonNull(latencyP99Threshold, "latencyP99Threshold cannot be null");
    require(!latencyP99Threshold.isNegative() && !latencyP99Threshold.isZero(),
        "latencyP99Threshold must be > 0, found " + latencyP99Threshold);
    require(throttlesPerMinuteThreshold >= 1,
        "throttlesPerMinuteThreshold must be >= 1, found " + throttlesPerMinuteThreshold);
    require(errorRatePercentThreshold >= 1 && errorRatePercentThreshold <= 100,
        "errorRatePercentThreshold must be between 1 and 100, found " + errorRatePercentThreshold);
    if (embeddingModelId != null) {
      try {
        ModelRef.requirePinned(embeddingModelId, "embeddingModelId");
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    require(ingressCidr != null && CIDR.matcher(ingressCidr).matches(),
        "ingressCidr must be an IPv4 CIDR such as 0.0.0.0/0, found '" + ingressCidr + "'");
    int bytes = chainJson.getBytes(StandardCharsets.UTF_8).length;
    require(parameterKmsKeyArn != null || bytes <= ADVANCED_PARAMETER_BYTES,
        "model chain document " + chainSource + " is " + bytes + " bytes; a Parameter Store"
            + " parameter holds at most " + ADVANCED_PARAMETER_BYTES + " (advanced tier)");
  }

  /** Whether the service reads a SecureString parameter created outside the stack. */
  public boolean secureStringParameter() {
    return parameterKmsKeyArn != null;
  }

  /** Starts props with every default set; account, region, image, chain and e-mail are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the props from CDK context ({@code cdk deploy -c key=value} or {@code cdk.json}), with
   * {@code account} and {@code region} falling back to the environment the CDK CLI sets ({@code
   * CDK_DEFAULT_ACCOUNT}, {@code CDK_DEFAULT_REGION}). The chain comes from {@code chain} (the JSON
   * itself) or else the file {@code chainFile} (default {@value #DEFAULT_CHAIN_FILE}).
   *
   * @param context the context value of a key, or {@code null} when it is not set
   * @param environment the environment variable of a name, or {@code null}
   * @param readFile the text of a file, given its path
   * @throws IllegalArgumentException naming the key of a missing or invalid setting, or the path of
   *     each problem in the chain document
   */
  public static SampleServiceProps fromContext(
      Function<String, Object> context,
      Function<String, String> environment,
      Function<String, String> readFile) {
    Function<String, String> text = key -> {
      Object value = context.apply(key);
      return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).trim();
    };
    Builder b = builder();
    b.account(orElse(text.apply("account"), environment.apply("CDK_DEFAULT_ACCOUNT")));
    b.region(orElse(text.apply("region"), environment.apply("CDK_DEFAULT_REGION")));
    b.image(text.apply("image"));
    String inline = text.apply("chain");
    if (inline != null) {
      b.chainJson(inline, "given in context key 'chain'");
    } else {
      String file = orElse(text.apply("chainFile"), DEFAULT_CHAIN_FILE);
      b.chainJson(readFile.apply(file), file);
    }
    ifSet(text.apply("parameterName"), b::parameterName);
    ifSet(text.apply("parameterKmsKeyArn"), b::parameterKmsKeyArn);
    ifSet(text.apply("certificateArn"), b::certificateArn);
    ifSet(text.apply("healthCheckPath"), b::healthCheckPath);
    ifSet(text.apply("natGateways"), v -> b.natGateways(integer("natGateways", v)));
    ifSet(text.apply("availabilityZones"),
        v -> b.availabilityZones(Arrays.stream(v.split(",")).map(String::trim).toList()));
    ifSet(text.apply("minTasks"), v -> b.minTasks(integer("minTasks", v)));
    ifSet(text.apply("maxTasks"), v -> b.maxTasks(integer("maxTasks", v)));
    ifSet(text.apply("logRetentionDays"), v -> b.logRetentionDays(integer("logRetentionDays", v)));
    ifSet(text.apply("metricsNamespace"), b::metricsNamespace);
    ifSet(text.apply("budgetUsd"), v -> b.budgetUsd(integer("budgetUsd", v)));
    b.alertEmail(text.apply("alertEmail"));
    ifSet(text.apply("latencyP99Seconds"),
        v -> b.latencyP99Threshold(Duration.ofSeconds(integer("latencyP99Seconds", v))));
    ifSet(text.apply("throttlesPerMinuteThreshold"),
        v -> b.throttlesPerMinuteThreshold(integer("throttlesPerMinuteThreshold", v)));
    ifSet(text.apply("errorRatePercentThreshold"),
        v -> b.errorRatePercentThreshold(integer("errorRatePercentThreshold", v)));
    ifSet(text.apply("embeddingModelId"), b::embeddingModelId);
    ifSet(text.apply("ingressCidr"), b::ingressCidr);
    return b.build();
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, found '" + value + "'", e);
    }
  }

  private static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  private static void ifSet(String value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /**
   * Builds {@link SampleServiceProps}; each {@link #build()} returns new, independent props.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private String account;
    private String region;
    private String image;
    private String chainJson;
    private String chainSource;
    private String parameterName = DEFAULT_PARAMETER_NAME;
    private String parameterKmsKeyArn;
    private String certificateArn;
    private String healthCheckPath = DEFAULT_HEALTH_CHECK_PATH;
    private int natGateways = DEFAULT_NAT_GATEWAYS;
    private List<String> availabilityZones = List.of();
    private int minTasks = DEFAULT_MIN_TASKS;
    private int maxTasks = DEFAULT_MAX_TASKS;
    private int logRetentionDays = DEFAULT_LOG_RETENTION_DAYS;
    private String metricsNamespace = DEFAULT_METRICS_NAMESPACE;
    private int budgetUsd = DEFAULT_BUDGET_USD;
    private String alertEmail;
    private Duration latencyP99Threshold = DEFAULT_LATENCY_P99_THRESHOLD;
    private int throttlesPerMinuteThreshold = DEFAULT_THROTTLES_PER_MINUTE_THRESHOLD;
    private int errorRatePercentThreshold = DEFAULT_ERROR_RATE_PERCENT_THRESHOLD;
    private String embeddingModelId;
    private String ingressCidr = DEFAULT_INGRESS_CIDR;

    private Builder() {}

    public Builder account(String account) {
      this.account = account;
      return this;
    }

    public Builder region(String region) {
      this.region = region;
      return this;
    }

    public Builder image(String image) {
      this.image = image;
      return this;
    }

    /**
     * The model configuration document and where it came from (a file name, for messages).
     */
    public Builder chainJson(String chainJson, String source) {
      this.chainJson = chainJson;
      this.chainSource = source;
      return this;
    }

    public Builder parameterName(String parameterName) {
      this.parameterName = parameterName;
      return this;
    }

    public Builder parameterKmsKeyArn(String parameterKmsKeyArn) {
      this.parameterKmsKeyArn = parameterKmsKeyArn;
      return this;
    }

    public Builder certificateArn(String certificateArn) {
      this.certificateArn = certificateArn;
      return this;
    }

    public Builder healthCheckPath(String healthCheckPath) {
      this.healthCheckPath = healthCheckPath;
      return this;
    }

    public Builder natGateways(int natGateways) {
      this.natGateways = natGateways;
      return this;
    }

    public Builder availabilityZones(List<String> availabilityZones) {
      this.availabilityZones = new ArrayList<>(availabilityZones);
      return this;
    }

    public Builder minTasks(int minTasks) {
      this.minTasks = minTasks;
      return this;
    }

    public Builder maxTasks(int maxTasks) {
      this.maxTasks = maxTasks;
      return this;
    }

    public Builder logRetentionDays(int logRetentionDays) {
      this.logRetentionDays = logRetentionDays;
      return this;
    }

    public Builder metricsNamespace(String metricsNamespace) {
      this.metricsNamespace = metricsNamespace;
      return this;
    }

    public Builder budgetUsd(int budgetUsd) {
      this.budgetUsd = budgetUsd;
      return this;
    }

    public Builder alertEmail(String alertEmail) {
      this.alertEmail = alertEmail;
      return this;
    }

    public Builder latencyP99Threshold(Duration latencyP99Threshold) {
      this.latencyP99Threshold = latencyP99Threshold;
      return this;
    }

    public Builder throttlesPerMinuteThreshold(int throttlesPerMinuteThreshold) {
      this.throttlesPerMinuteThreshold = throttlesPerMinuteThreshold;
      return this;
    }

    public Builder errorRatePercentThreshold(int errorRatePercentThreshold) {
      this.errorRatePercentThreshold = errorRatePercentThreshold;
      return this;
    }

    public Builder embeddingModelId(String embeddingModelId) {
      this.embeddingModelId = embeddingModelId;
      return this;
    }

    public Builder ingressCidr(String ingressCidr) {
      this.ingressCidr = ingressCidr;
      return this;
    }

    /**
     * Validates the chain document with {@link ModelConfig#fromJson} and every other setting.
     *
     * @throws IllegalArgumentException naming the bad setting, or {@code "model chain document
     *     <source> is invalid: <path>: <problem>"} for the chain
     */
    public SampleServiceProps build() {
      require(chainJson != null,
          "the model chain document is missing: pass -c chainFile=<path> or -c chain=<json>");
      ModelConfig config;
      try {
        config = ModelConfig.fromJson(chainJson, "deploy");
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException(
            "model chain document " + chainSource + " is invalid: " + e.getMessage(), e);
      }
      return new SampleServiceProps(account, region, image, chainJson, chainSource, config,
          parameterName, parameterKmsKeyArn, certificateArn, healthCheckPath, natGateways,
          availabilityZones, minTasks, maxTasks, logRetentionDays, metricsNamespace, budgetUsd,
          alertEmail, latencyP99Threshold, throttlesPerMinuteThreshold, errorRatePercentThreshold,
          embeddingModelId, ingressCidr);
    }
  }

  /** The context keys {@link #fromContext} reads; others are reported as likely typos. */
  public static final List<String> CONTEXT_KEYS = List.of("account", "region", "image", "chain",
      "chainFile", "parameterName", "parameterKmsKeyArn", "certificateArn", "healthCheckPath",
      "natGateways", "availabilityZones", "minTasks", "maxTasks", "logRetentionDays",
      "metricsNamespace", "budgetUsd", "alertEmail", "latencyP99Seconds",
      "throttlesPerMinuteThreshold", "errorRatePercentThreshold", "embeddingModelId",
      "ingressCidr");
}
