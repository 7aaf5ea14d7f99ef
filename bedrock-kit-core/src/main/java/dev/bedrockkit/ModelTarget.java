package dev.bedrockkit;

import dev.bedrockkit.internal.config.ConfigRules;
import dev.bedrockkit.internal.config.Problems;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One model in a chain: which pinned model to call, in which Regions, with which inference
 * settings, and whether it is switched on. Settings left {@code null} are not sent, so the model's
 * own defaults apply.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param model the pinned model to call
 * @param regions Regions to try in order; empty means the client's own Region
 * @param maxTokens maximum output tokens (greater than 0), or {@code null}
 * @param temperature sampling temperature in [0, 1], or {@code null}
 * @param topP nucleus sampling in [0, 1], or {@code null}
 * @param stopSequences sequences that end generation; empty for none
 * @param enabled whether this model is tried at all (a per-model switch; default {@code true})
 */
public record ModelTarget(
    ModelRef model,
    List<String> regions,
    Integer maxTokens,
    Double temperature,
    Double topP,
    List<String> stopSequences,
    boolean enabled) {

  /**
   * Validates and copies the settings.
   *
   * @throws ConfigurationException naming the setting (e.g. {@code maxTokens}) when one is invalid
   */
  public ModelTarget {
    Objects.requireNonNull(model, "model cannot be null");
    regions = copy(regions);
    stopSequences = copy(stopSequences);
    Problems problems = new Problems();
    ConfigRules.checkRegions(model, regions, "regions", problems);
    ConfigRules.checkMaxTokens(maxTokens, "maxTokens", problems);
    ConfigRules.checkUnitInterval(temperature, "temperature", problems);
    ConfigRules.checkUnitInterval(topP, "topP", problems);
    ConfigRules.checkStopSequences(stopSequences, "stopSequences", problems);
    problems.throwIfAny();
  }

  /** A target with the model's defaults, in the client's Region. */
  public static ModelTarget of(String modelId) {
    return builder(modelId).build();
  }

  /**
   * Starts a target for a pinned model.
   *
   * @throws ConfigurationException when {@code modelId} is not pinned
   */
  public static Builder builder(String modelId) {
    return new Builder(ModelRef.parse(modelId));
  }

  /** The identifier to send as Converse's {@code modelId}. */
  public String modelId() {
    return model.id();
  }

  private static List<String> copy(List<String> list) {
    // Null elements survive the copy so that validation can name them.
    return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
  }

  /**
   * Builds a {@link ModelTarget}. Each {@link #build()} returns a new, independent target.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private final ModelRef model;
    private List<String> regions = List.of();
    private Integer maxTokens;
    private Double temperature;
    private Double topP;
    private List<String> stopSequences = List.of();
    private boolean enabled = true;

    private Builder(ModelRef model) {
      this.model = model;
    }

    /** Regions to try in order; none means the client's own Region. */
    public Builder regions(String... regions) {
      return regions(Arrays.asList(regions));
    }

    /** Regions to try in order; empty means the client's own Region. */
    public Builder regions(List<String> regions) {
      this.regions = Objects.requireNonNull(regions, "regions cannot be null");
      return this;
    }

    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    public Builder stopSequences(String... stopSequences) {
      this.stopSequences = Arrays.asList(stopSequences);
      return this;
    }

    /** Whether the model is tried at all; {@code true} by default. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * Builds the target.
     *
     * @throws ConfigurationException when a setting is invalid
     */
    public ModelTarget build() {
      return new ModelTarget(model, regions, maxTokens, temperature, topP, stopSequences, enabled);
    }
  }
}
