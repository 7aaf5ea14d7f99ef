package dev.bedrockkit;

import dev.bedrockkit.internal.config.ConfigRules;
import dev.bedrockkit.internal.config.ModelConfigParser;
import dev.bedrockkit.internal.config.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which models bedrock-kit may call: named chains of pinned models tried in order, a kill switch,
 * and the message to answer with when every model fails. It comes from a {@link
 * ModelConfigSource}: code ({@link #builder()}, {@link #of(String...)}) or a JSON document in
 * Parameter Store ({@link #fromJson}, {@link ParameterStoreConfigSource}).
 *
 * <p>Immutable; safe to share between threads. A new version replaces the whole object.
 *
 * @param enabled whether models may be called at all; {@code false} is the kill switch
 * @param chains chains by name in document order, each a non-empty list of models to try in order
 * @param degradedMessage the fixed answer to give, marked degraded, when no model can answer; or
 *     {@code null} to fail instead
 * @param version where this configuration came from: the Parameter Store parameter version, or
 *     {@value #STATIC_VERSION} for configuration in code
 */
public record ModelConfig(
    boolean enabled,
    Map<String, List<ModelTarget>> chains,
    String degradedMessage,
    String version) {

  /** The version of configuration built in code. */
  public static final String STATIC_VERSION = "static";

  /** The name of the chain used when a call names none. */
  public static final String DEFAULT_CHAIN = "default";

  /**
   * Validates and copies the configuration, keeping the order of the chains.
   *
   * @throws ConfigurationException naming the first offending setting, e.g. {@code
   *     chains.default[1].modelId}, when the configuration is invalid
   */
  public ModelConfig {
    Objects.requireNonNull(chains, "chains cannot be null");
    Objects.requireNonNull(version, "version cannot be null");
    Map<String, List<ModelTarget>> copy = new LinkedHashMap<>();
    chains.forEach(
        (name, targets) ->
            copy.put(
                name,
                targets == null
                    ? null
                    : Collections.unmodifiableList(new ArrayList<>(targets))));
    chains = Collections.unmodifiableMap(copy);
    Problems problems = new Problems();
    if (version.isBlank()) {
      problems.add("version", "must not be blank");
    }
    ConfigRules.checkChains(chains, problems);
    ConfigRules.checkDegradedMessage(degradedMessage, "degradedMessage", problems);
    problems.throwIfAny();
  }

  /**
   * Configuration in code with one {@value #DEFAULT_CHAIN} chain of the given models, tried in
   * order in the client's Region.
   *
   * @throws ConfigurationException when a model ID is not pinned
   */
  public static ModelConfig of(String... modelIds) {
    Builder builder = builder();
    List<ModelTarget> targets = new ArrayList<>();
    for (String modelId : modelIds) {
      targets.add(ModelTarget.of(modelId));
    }
    return builder.chain(DEFAULT_CHAIN, targets).build();
  }

  /** Starts configuration in code: enabled, no chains, no degraded message, version "static". */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the JSON document kept in Parameter Store. Strict: unknown fields, wrong types,
   * unpinned model IDs, invalid Regions, out-of-range settings, empty or duplicate entries,
   * documents over 64 KB and deep nesting are all rejected. {@code "enabled"} may be left out and
   * then defaults to {@code true}.
   *
   * <pre>{@code
   * {"enabled": true,
   *  "chains": {"default": [
   *     {"modelId": "anthropic.claude-3-5-sonnet-20240620-v1:0",
   *      "regions": ["us-east-1", "us-west-2"], "maxTokens": 1024},
   *     {"modelId": "anthropic.claude-3-haiku-20240307-v1:0", "temperature": 0.2}]},
   *  "degradedMessage": "The assistant is busy; please try again in a minute."}
   * }</pre>
   *
   * <p>Target fields: {@code modelId} (required), {@code regions}, {@code maxTokens}, {@code
   * temperature}, {@code topP}, {@code stopSequences}, {@code enabled}. Messages name the path
   * of each problem and never quote the document's text, only model IDs and Regions.
   *
   * @param version the version to record, e.g. the parameter version
   * @throws ConfigurationException listing every problem; {@code path()} is the first one's
   */
  public static ModelConfig fromJson(String json, String version) {
    return ModelConfigParser.parse(json, version);
  }

  /**
   * The models of the chain {@code name}, in the order to try them, including those switched off
   * ({@link ModelTarget#enabled()}), which callers skip.
   *
   * @throws ConfigurationException with path {@code chains.<name>} when there is no such chain
   */
  public List<ModelTarget> chain(String name) {
    List<ModelTarget> chain = chains.get(name);
    if (chain == null) {
      throw new ConfigurationException(
          "chains." + name,
          "chains."
              + name
              + ": no model chain named '"
              + name
              + "' in model configuration version "
              + version
              + "; known chains: "
              + String.join(", ", chains.keySet()));
    }
    return chain;
  }

  /** The {@value #DEFAULT_CHAIN} chain; see {@link #chain(String)}. */
  public List<ModelTarget> defaultChain() {
    return chain(DEFAULT_CHAIN);
  }

  /**
   * Every resource ARN an IAM policy must allow for {@code bedrock:InvokeModel} and {@code
   * bedrock:InvokeModelWithResponseStream} to call the models of all chains (switched-off ones
   * included, since Parameter Store can switch them on without a deploy), without duplicates.
   * Models without Regions are called in {@code defaultRegion}. See {@link
   * ModelRef#invokeResourceArns(String, List)} for what each kind of model needs.
   *
   * <p>A policy derived at deploy time covers the models of this version only: a model added to
   * the parameter later needs the policy updated too.
   *
   * @throws IllegalArgumentException for a malformed account or Region
   */
  public List<String> invokeResourceArns(String accountId, String defaultRegion) {
    Set<String> arns = new LinkedHashSet<>();
    for (List<ModelTarget> chain : chains.values()) {
      for (ModelTarget target : chain) {
        List<String> regions = target.regions().isEmpty() ? List.of(defaultRegion) : target.regions();
        arns.addAll(target.model().invokeResourceArns(accountId, regions));
      }
    }
    return List.copyOf(arns);
  }

  /**
   * Builds a {@link ModelConfig} in code. Each {@link #build()} returns a new, independent
   * configuration.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private boolean enabled = true;
    private final Map<String, List<ModelTarget>> chains = new LinkedHashMap<>();
    private String degradedMessage;
    private String version = STATIC_VERSION;

    private Builder() {}

    /** Whether models may be called at all; {@code true} by default. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /** Adds (or replaces) the chain {@code name}: its models in the order to try them. */
    public Builder chain(String name, ModelTarget... targets) {
      return chain(name, Arrays.asList(targets));
    }

    /** Adds (or replaces) the chain {@code name}: its models in the order to try them. */
    public Builder chain(String name, List<ModelTarget> targets) {
      Objects.requireNonNull(name, "name cannot be null");
      Objects.requireNonNull(targets, "targets cannot be null");
      chains.put(name, new ArrayList<>(targets));
      return this;
    }

    /** The answer to give, marked degraded, when no model can answer; none by default. */
    public Builder degradedMessage(String degradedMessage) {
      this.degradedMessage = degradedMessage;
      return this;
    }

    /** The version to report; {@value #STATIC_VERSION} by default. */
    public Builder version(String version) {
      this.version = Objects.requireNonNull(version, "version cannot be null");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @throws ConfigurationException when it is invalid
     */
    public ModelConfig build() {
      return new ModelConfig(enabled, chains, degradedMessage, version);
    }
  }
}
