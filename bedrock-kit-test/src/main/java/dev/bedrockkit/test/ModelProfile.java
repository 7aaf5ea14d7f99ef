package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;

/**
 * What the emulator knows about one model ID: its request/response body format, context window,
 * output limit, availability to the account and latency under the realistic preset.
 *
 * <p>The built-in profiles are in {@link ModelCatalog}; register more with {@link
 * BedrockEmulator.Builder#model(ModelProfile)} or {@link BedrockEmulator#registerModel}. Immutable
 * and thread-safe.
 *
 * @param modelId the exact ID callers put in the path: a foundation-model ID, an inference-profile
 *     ID or an ARN
 * @param format the InvokeModel body format, which also decides whether Converse is allowed
 * @param contextWindow input tokens the model accepts
 * @param maxOutputTokens largest {@code maxTokens} the model accepts
 * @param availability whether the account may call the model on demand
 * @param latency latency used when the emulator runs with realistic latency
 * @param crossRegionProfiles whether geographic inference-profile IDs ({@code us.}, {@code eu.},
 *     {@code apac.}, {@code global.} ...) and inference-profile ARNs resolve to this model
 */
public record ModelProfile(
    String modelId,
    BodyFormat format,
    int contextWindow,
    int maxOutputTokens,
    Availability availability,
    LatencyModel latency,
    boolean crossRegionProfiles) {

  /** Validates the arguments. */
  public ModelProfile {
    Checks.notNull(modelId, "modelId");
    Checks.check(!modelId.isBlank(), "modelId must not be blank");
    Checks.notNull(format, "format");
    Checks.notNull(availability, "availability");
    Checks.notNull(latency, "latency");
    Checks.check(contextWindow > 0, "contextWindow must be > 0");
    Checks.check(maxOutputTokens > 0, "maxOutputTokens must be > 0");
  }

  /**
   * Starts a profile for {@code modelId} with Claude's body format, a 200,000-token window, 4,096
   * output tokens, {@link Availability#AVAILABLE} and zero latency.
   *
   * @param modelId the model ID as callers send it
   * @return a builder
   */
  public static Builder builder(String modelId) {
    return new Builder(modelId);
  }

  /**
   * Returns a builder initialised from this profile, e.g. to register a copy under an
   * application-inference-profile ARN or with another availability.
   *
   * @return a builder
   */
  public Builder toBuilder() {
    return new Builder(modelId)
        .format(format)
        .contextWindow(contextWindow)
        .maxOutputTokens(maxOutputTokens)
        .availability(availability)
        .latency(latency)
        .crossRegionProfiles(crossRegionProfiles);
  }

  /** The model-native InvokeModel body a model speaks. */
  public enum BodyFormat {
    /** Anthropic messages API ({@code anthropic_version: bedrock-2023-05-31}). */
    ANTHROPIC_CLAUDE,
    /** Amazon Titan Text ({@code inputText}, {@code textGenerationConfig}). */
    AMAZON_TITAN_TEXT,
    /** Amazon Titan Text Embeddings v1 (1,536 dimensions). */
    AMAZON_TITAN_EMBEDDINGS_V1,
    /** Amazon Titan Text Embeddings v2 ({@code dimensions} 256, 512 or 1024; {@code normalize}). */
    AMAZON_TITAN_EMBEDDINGS_V2,
    /** Meta Llama ({@code prompt}, {@code max_gen_len}). */
    META_LLAMA;

    /**
     * Returns whether the model is an embedding model, which Converse and streaming reject.
     *
     * @return true for embedding formats
     */
    public boolean isEmbedding() {
      return this == AMAZON_TITAN_EMBEDDINGS_V1 || this == AMAZON_TITAN_EMBEDDINGS_V2;
    }
  }

  /** Whether and how the account may call a model; each value maps to Bedrock's real error. */
  public enum Availability {
    /** Callable. */
    AVAILABLE,
    /**
     * Only callable through an inference profile: the bare ID fails with ValidationException 400
     * "Invocation of model ID ... with on-demand throughput isn’t supported ...".
     */
    REQUIRES_INFERENCE_PROFILE,
    /**
     * Not enabled for the account: AccessDeniedException 403 "You don't have access to the model
     * with the specified model ID."
     */
    NOT_ENABLED,
    /**
     * Marked Legacy and unused: ResourceNotFoundException 404 "Access denied. This Model is marked
     * by provider as Legacy ...".
     */
    LEGACY,
    /**
     * Retired: ResourceNotFoundException 404 "This model version has reached the end of its life.
     * Please refer to the AWS documentation for more details."
     */
    END_OF_LIFE
  }

  /** Builds a {@link ModelProfile}; each call to {@link #build()} gives an independent value. */
  public static final class Builder {
    private final String modelId;
    private BodyFormat format = BodyFormat.ANTHROPIC_CLAUDE;
    private int contextWindow = 200_000;
    private int maxOutputTokens = 4_096;
    private Availability availability = Availability.AVAILABLE;
    private LatencyModel latency = LatencyModel.ZERO;
    private boolean crossRegionProfiles;

    private Builder(String modelId) {
      this.modelId = Checks.notNull(modelId, "modelId");
    }

    /**
     * Sets the body format.
     *
     * @param format the format
     * @return this builder
     */
    public Builder format(BodyFormat format) {
      this.format = Checks.notNull(format, "format");
      return this;
    }

    /**
     * Sets the context window in tokens.
     *
     * @param tokens input tokens accepted
     * @return this builder
     */
    public Builder contextWindow(int tokens) {
      this.contextWindow = tokens;
      return this;
    }

    /**
     * Sets the largest accepted {@code maxTokens}.
     *
     * @param tokens output tokens
     * @return this builder
     */
    public Builder maxOutputTokens(int tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Sets the availability.
     *
     * @param availability the availability
     * @return this builder
     */
    public Builder availability(Availability availability) {
      this.availability = Checks.notNull(availability, "availability");
      return this;
    }

    /**
     * Sets the latency used under the realistic preset.
     *
     * @param latency the latency model
     * @return this builder
     */
    public Builder latency(LatencyModel latency) {
      this.latency = Checks.notNull(latency, "latency");
      return this;
    }

    /**
     * Sets whether inference-profile IDs resolve to this model.
     *
     * @param enabled true when geographic profiles exist for the model
     * @return this builder
     */
    public Builder crossRegionProfiles(boolean enabled) {
      this.crossRegionProfiles = enabled;
      return this;
    }

    /**
     * Builds the profile.
     *
     * @return a new immutable profile
     */
    public ModelProfile build() {
      return new ModelProfile(
          modelId, format, contextWindow, maxOutputTokens, availability, latency, crossRegionProfiles);
    }
  }
}
