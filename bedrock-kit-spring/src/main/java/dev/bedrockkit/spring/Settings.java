package dev.bedrockkit.spring;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.CallPolicy.OnError;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.internal.config.AwsRegions;
import dev.bedrockkit.spring.BedrockKitProperties.Resilience;
import dev.bedrockkit.spring.BedrockKitProperties.Target;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.regions.Region;

/**
 * Turns {@link BedrockKitProperties} into core settings ({@link ModelConfig}, {@link CallPolicy},
 * regions, durations), checking each value and naming the offending property in an {@link
 * InvalidPropertyException}. Core's own checks run too: a {@link ConfigurationException} from core
 * is rethrown with its path translated to the property name.
 *
 * <p>Stateless.
 */
final class Settings {
  static final String P = BedrockKitProperties.PREFIX;

  static final String EXAMPLE_MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0";

  static final String MODEL_ID_HINT =
      "Use a pinned model ID such as anthropic.claude-3-haiku-20240307-v1:0, a cross-region"
          + " inference profile ID such as us.anthropic.claude-3-5-haiku-20241022-v1:0, or the ARN"
          + " of a foundation model, inference profile, application inference profile or"
          + " provisioned model. Aliases without a version are not accepted.";
  static final String REGION_HINT =
      "Use an AWS Region code such as us-east-1, eu-west-1 or us-gov-west-1.";
  static final String DURATION_HINT = "Use a positive duration such as 500ms, 30s or 2m.";

  /** A field of a chain target, as core names it, optionally indexed. */
  private static final Pattern TARGET_FIELD =
      Pattern.compile(
          "(?<![\\w.\\]-])(modelId|regions|maxTokens|temperature|topP|stopSequences|enabled)"
              + "(\\[\\d+])?(?=: )");

  /** A path of the whole configuration, as core names it. */
  private static final Pattern CONFIG_PATH =
      Pattern.compile(
          "(?<![\\w.\\]-])(chains(?:\\.[A-Za-z0-9_-]+(?:\\[\\d+])?(?:\\.[A-Za-z]+(?:\\[\\d+])?)?)?"
              + "|degradedMessage|enabled)(?=: )");

  private Settings() {}

  // ------------------------------------------------------------------ model configuration

  /** Whether the properties define any chain ({@code bedrock-kit.models} or {@code .chains}). */
  static boolean hasStaticChains(BedrockKitProperties p) {
    return !p.getModels().isEmpty() || !p.getChains().isEmpty();
  }

  /**
   * The model configuration the properties define, checked.
   *
   * @throws InvalidPropertyException naming the first offending property
   */
  static ModelConfig modelConfig(BedrockKitProperties p) {
    Map<String, List<ModelTarget>> chains = new LinkedHashMap<>();
    boolean defaultFromModels = !p.getModels().isEmpty();
    if (defaultFromModels) {
      if (p.getChains().containsKey(ModelConfig.DEFAULT_CHAIN)) {
        throw new InvalidPropertyException(
            P + ".models",
            p.getModels(),
            P + ".chains.default is set as well, and both define the default chain",
            "Set either " + P + ".models or " + P + ".chains.default, not both.");
      }
      List<ModelTarget> targets = new ArrayList<>();
      for (int i = 0; i < p.getModels().size(); i++) {
        String id = p.getModels().get(i);
        String property = P + ".models[" + i + "]";
        if (id == null || id.isBlank()) {
          throw new InvalidPropertyException(property, id, "must not be empty", MODEL_ID_HINT);
        }
        try {
          targets.add(ModelTarget.of(id));
        } catch (ConfigurationException e) {
          throw new InvalidPropertyException(
              property, id, withoutPath(e, "modelId"), MODEL_ID_HINT, e);
        }
      }
      chains.put(ModelConfig.DEFAULT_CHAIN, targets);
    }
    for (Map.Entry<String, List<Target>> chain : p.getChains().entrySet()) {
      String name = chain.getKey();
      String prefix = P + ".chains." + name;
      List<Target> targets = chain.getValue();
      if (targets == null || targets.isEmpty()) {
        throw new InvalidPropertyException(
            prefix,
            null,
            "a chain needs at least one model",
            "List the chain's models, e.g. " + prefix + "[0].model-id=" + EXAMPLE_MODEL_ID + ".");
      }
      List<ModelTarget> built = new ArrayList<>();
      for (int i = 0; i < targets.size(); i++) {
        built.add(target(targets.get(i), prefix + "[" + i + "]"));
      }
      chains.put(name, built);
    }
    ModelConfig.Builder config =
        ModelConfig.builder().enabled(p.isEnabled()).degradedMessage(p.getDegradedMessage());
    chains.forEach(config::chain);
    try {
      return config.build();
    } catch (ConfigurationException e) {
      UnaryOperator<String> toProperty = path -> configProperty(path, defaultFromModels);
      String property = toProperty.apply(e.path());
      Object value = configValue(p, e.path(), defaultFromModels);
      String reason = rewrite(e.getMessage(), CONFIG_PATH, toProperty);
      throw new InvalidPropertyException(
          property, value, stripLeading(reason, property), hintFor(e.path()), e);
    }
  }

  private static ModelTarget target(Target t, String prefix) {
    String idProperty = prefix + ".model-id";
    if (t.getModelId() == null || t.getModelId().isBlank()) {
      throw new InvalidPropertyException(
          idProperty, t.getModelId(), "is required: every model of a chain needs one", MODEL_ID_HINT);
    }
    ModelTarget.Builder builder;
    try {
      builder = ModelTarget.builder(t.getModelId());
    } catch (ConfigurationException e) {
      throw new InvalidPropertyException(
          idProperty, t.getModelId(), withoutPath(e, "modelId"), MODEL_ID_HINT, e);
    }
    builder.regions(t.getRegions() == null ? List.of() : t.getRegions()).enabled(t.isEnabled());
    if (t.getMaxTokens() != null) {
      builder.maxTokens(t.getMaxTokens());
    }
    if (t.getTemperature() != null) {
      builder.temperature(t.getTemperature());
    }
    if (t.getTopP() != null) {
      builder.topP(t.getTopP());
    }
    if (t.getStopSequences() != null) {
      builder.stopSequences(t.getStopSequences().toArray(String[]::new));
    }
    try {
      return builder.build();
    } catch (ConfigurationException e) {
      UnaryOperator<String> toProperty = path -> prefix + "." + kebab(path);
      String property = toProperty.apply(e.path());
      String reason = rewrite(e.getMessage(), TARGET_FIELD, toProperty);
      throw new InvalidPropertyException(
          property, targetValue(t, e.path()), stripLeading(reason, property), hintFor(e.path()), e);
    }
  }

  /** The property behind a path of core's model configuration. */
  static String configProperty(String path, boolean defaultFromModels) {
    if (path.isEmpty()) {
      return P;
    }
    if (defaultFromModels && path.startsWith("chains.default[")) {
      // bedrock-kit.models[i] became chains.default[i].modelId
      int end = path.indexOf(']');
      return P + ".models" + path.substring("chains.default".length(), end + 1);
    }
    if (path.startsWith("chains.")) {
      Matcher m = Pattern.compile("chains\\.([A-Za-z0-9_-]+)(\\[\\d+])?(?:\\.(.+))?").matcher(path);
      if (m.matches()) {
        StringBuilder b = new StringBuilder(P).append(".chains.").append(m.group(1));
        if (m.group(2) != null) {
          b.append(m.group(2));
        }
        if (m.group(3) != null) {
          b.append('.').append(kebab(m.group(3)));
        }
        return b.toString();
      }
    }
    return P + "." + kebab(path);
  }

  /** The value behind a path of core's model configuration, or null. */
  private static Object configValue(BedrockKitProperties p, String path, boolean defaultFromModels) {
    if (path.equals("degradedMessage")) {
      return p.getDegradedMessage();
    }
    Matcher m = Pattern.compile("chains\\.([A-Za-z0-9_-]+)\\[(\\d+)](?:\\.(.+))?").matcher(path);
    if (!m.matches()) {
      return null;
    }
    int index = Integer.parseInt(m.group(2));
    if (defaultFromModels && m.group(1).equals(ModelConfig.DEFAULT_CHAIN)) {
      return index < p.getModels().size() ? p.getModels().get(index) : null;
    }
    List<Target> targets = p.getChains().get(m.group(1));
    if (targets == null || index >= targets.size()) {
      return null;
    }
    return m.group(3) == null ? null : targetValue(targets.get(index), m.group(3));
  }

  private static Object targetValue(Target t, String path) {
    Matcher m = Pattern.compile("([A-Za-z]+)(?:\\[(\\d+)])?").matcher(path);
    if (!m.matches()) {
      return null;
    }
    Integer index = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    switch (m.group(1)) {
      case "modelId":
        return t.getModelId();
      case "regions":
        return index != null && index < t.getRegions().size() ? t.getRegions().get(index) : t.getRegions();
      case "maxTokens":
        return t.getMaxTokens();
      case "temperature":
        return t.getTemperature();
      case "topP":
        return t.getTopP();
      case "stopSequences":
        return index != null && index < t.getStopSequences().size()
            ? t.getStopSequences().get(index)
            : t.getStopSequences();
      default:
        return null;
    }
  }

  /** What a core setting accepts, for the failure analysis. */
  static String hintFor(String path) {
    String field = path.replaceAll("\\[\\d+]", "");
    int dot = field.lastIndexOf('.');
    String last = dot < 0 ? field : field.substring(dot + 1);
    switch (last) {
      case "modelId":
        return MODEL_ID_HINT;
      case "regions":
        return REGION_HINT + " List each region once; a model ARN is called in its own region.";
      case "maxTokens":
        return "Use a whole number greater than 0, within the model's output limit.";
      case "temperature":
      case "topP":
        return "Use a number between 0 and 1.";
      case "stopSequences":
        return "Use non-empty strings.";
      case "degradedMessage":
        return "Set a non-blank message, or leave " + P + ".degraded-message unset to fail instead.";
      case "chains":
        return "Name chains with 1 to 64 letters, digits, '-' or '_', e.g. default, and give each"
            + " at least one model.";
      default:
        return "Update " + configProperty(path, false) + ".";
    }
  }

  /** The checked {@code bedrock-kit.embedding-model}. */
  static String embeddingModel(String id) {
    String property = P + ".embedding-model";
    String hint =
        "Use a pinned embedding model such as amazon.titan-embed-text-v2:0 (256, 512 or 1024"
            + " dimensions).";
    notBlank(property, id, hint);
    try {
      ModelTarget.of(id);
    } catch (ConfigurationException e) {
      throw new InvalidPropertyException(property, id, withoutPath(e, "modelId"), hint, e);
    }
    return id;
  }

  // ------------------------------------------------------------------ call policy

  /**
   * The call policy the {@code bedrock-kit.resilience.*} properties define, checked.
   *
   * @throws InvalidPropertyException naming the first offending property
   */
  static CallPolicy callPolicy(Resilience r) {
    String p = P + ".resilience";
    Duration attemptTimeout = positive(p + ".attempt-timeout", r.getAttemptTimeout());
    Duration deadline = positive(p + ".deadline", r.getDeadline());
    int maxAttempts = atLeast(p + ".max-attempts", r.getMaxAttempts(), 1);
    Duration base = notNegative(p + ".backoff.base", r.getBackoff().getBase());
    Duration max = notNegative(p + ".backoff.max", r.getBackoff().getMax());
    if (max.compareTo(base) < 0) {
      throw new InvalidPropertyException(
          p + ".backoff.max",
          max,
          "must not be less than " + p + ".backoff.base (" + print(base) + ")",
          "Set " + p + ".backoff.max to " + print(base) + " or more, or lower " + p + ".backoff.base.");
    }
    double ratio = r.getRetryBudget().getRatio();
    if (!(ratio >= 0 && ratio <= 100)) {
      throw new InvalidPropertyException(
          p + ".retry-budget.ratio",
          ratio,
          "must be between 0 and 100",
          "Use retries per request between 0 and 100, e.g. 0.5 for one retry per two requests.");
    }
    int minPerSecond = atLeast(p + ".retry-budget.min-per-second", r.getRetryBudget().getMinPerSecond(), 0);
    BedrockKitProperties.CircuitBreaker cb = r.getCircuitBreaker();
    String c = p + ".circuit-breaker";
    int threshold = atLeast(c + ".failure-threshold", cb.getFailureThreshold(), 1);
    Duration window = positive(c + ".failure-window", cb.getFailureWindow());
    int rate = cb.getFailureRatePercent();
    if (rate < 0 || rate > 100) {
      throw new InvalidPropertyException(
          c + ".failure-rate-percent",
          rate,
          "must be between 0 and 100",
          "Use 0 to open after failure-threshold failures, or 1 to 100 to open on that share of"
              + " failed calls.");
    }
    int throttled = cb.getThrottledPercentToOpen();
    if (throttled < 0 || throttled > 100) {
      throw new InvalidPropertyException(
          c + ".throttled-percent-to-open",
          throttled,
          "must be between 0 and 100",
          "Use 0 never to open on throttling, or 1 to 100 to open when that share of the calls"
              + " in the last 10 s were throttled.");
    }
    Duration openDelay = positive(c + ".open-delay", cb.getOpenDelay());
    int probes = atLeast(c + ".half-open-probes", cb.getHalfOpenProbes(), 1);
    int bulkhead =
        atLeast(
            p + ".bulkhead.max-concurrent-calls-per-model",
            r.getBulkhead().getMaxConcurrentCallsPerModel(),
            1);
    CallPolicy.Builder builder =
        CallPolicy.builder()
            .attemptTimeout(attemptTimeout)
            .deadline(deadline)
            .maxAttempts(maxAttempts)
            .backoff(base, max)
            .retryBudget(ratio, minPerSecond)
            .circuitBreaker(
                new CircuitBreakerSettings(
                    threshold,
                    window,
                    rate,
                    openDelay,
                    probes,
                    throttled))
            .maxConcurrentCallsPerModel(bulkhead);
    if (r.getOnError() != null) {
      for (Map.Entry<Outcome, OnError> e : r.getOnError().entrySet()) {
        if (e.getKey() == Outcome.SUCCESS) {
          throw new InvalidPropertyException(
              p + ".on-error.SUCCESS",
              e.getValue(),
              "SUCCESS is not a failure",
              "Use one of the failure outcomes: " + failureOutcomes() + ".");
        }
        if (e.getValue() == null) {
          throw new InvalidPropertyException(
              p + ".on-error." + e.getKey(),
              null,
              "must not be empty",
              "Use one of " + List.of(OnError.values()) + ".");
        }
        builder.onError(e.getKey(), e.getValue());
      }
    }
    return builder.build();
  }

  private static String failureOutcomes() {
    List<String> names = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      if (o != Outcome.SUCCESS) {
        names.add(o.name());
      }
    }
    return String.join(", ", names);
  }

  // ------------------------------------------------------------------ single values

  /** A checked AWS Region. */
  static Region region(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidPropertyException(property, value, "must not be empty", REGION_HINT);
    }
    if (!AwsRegions.isValid(value)) {
      throw new InvalidPropertyException(
          property, value, AwsRegions.invalidMessage(value), REGION_HINT);
    }
    return Region.of(value);
  }

  /** A checked endpoint: an absolute http or https URI with a host. */
  static URI endpoint(String property, URI value) {
    String scheme = value.getScheme();
    if (value.getHost() == null
        || scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new InvalidPropertyException(
          property,
          value,
          "is not an absolute http or https URI with a host",
          "Use a URI such as https://bedrock-runtime.us-east-1.amazonaws.com or"
              + " http://127.0.0.1:8080.");
    }
    return value;
  }

  static Duration positive(String property, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidPropertyException(
          property, value, "must be a positive duration", DURATION_HINT);
    }
    return value;
  }

  static Duration notNegative(String property, Duration value) {
    if (value == null || value.isNegative()) {
      throw new InvalidPropertyException(
          property, value, "must be zero or a positive duration", "Use a duration such as 0s, 500ms or 2s.");
    }
    return value;
  }

  /** A duration that may be unset ({@code null}) but not zero or negative. */
  static Duration optionalPositive(String property, Duration value) {
    return value == null ? null : positive(property, value);
  }

  static Duration atLeast(String property, Duration value, Duration min) {
    if (value == null || value.compareTo(min) < 0) {
      throw new InvalidPropertyException(
          property,
          value,
          "must be at least " + print(min),
          "Use a duration of " + print(min) + " or more, e.g. 30s.");
    }
    return value;
  }

  static int atLeast(String property, int value, int min) {
    if (value < min) {
      throw new InvalidPropertyException(
          property, value, "must be at least " + min, "Use a whole number of " + min + " or more.");
    }
    return value;
  }

  static String notBlank(String property, String value, String hint) {
    if (value == null || value.isBlank()) {
      throw new InvalidPropertyException(property, value, "must not be empty", hint);
    }
    return value;
  }

  // ------------------------------------------------------------------ text

  /** A property value as it is written in properties. */
  static String text(Object value) {
    return value instanceof Duration d ? print(d) : String.valueOf(value);
  }

  /** A duration as it is written in properties: {@code 30s}, {@code 500ms}, {@code -1s}. */
  static String print(Duration d) {
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException e) {
      return d.toString();
    }
    long[] sizes = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms", "ns"};
    for (int i = 0; i < sizes.length; i++) {
      if (nanos != 0 && nanos % sizes[i] == 0) {
        return (nanos / sizes[i]) + units[i];
      }
    }
    return "0s";
  }

  /** {@code maxTokens} becomes {@code max-tokens}; indexes are kept. */
  static String kebab(String path) {
    return path.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Replaces each core path in {@code message} with the property it stands for. */
  private static String rewrite(String message, Pattern paths, UnaryOperator<String> toProperty) {
    Matcher m = paths.matcher(message);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(toProperty.apply(m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The message of a single-problem exception without its leading {@code path: }. */
  private static String withoutPath(ConfigurationException e, String path) {
    String message = e.getMessage();
    for (String prefix : List.of(e.path() + ": ", path + ": ")) {
      if (!prefix.equals(": ") && message.startsWith(prefix)) {
        return message.substring(prefix.length());
      }
    }
    return message;
  }

  private static String stripLeading(String reason, String property) {
    return reason.startsWith(property + ": ") ? reason.substring(property.length() + 2) : reason;
  }
}
