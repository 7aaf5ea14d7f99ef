package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Context windows and output limits of known models, used to fit conversations before a call.
 * Cross-region inference profile IDs ({@code us.}, {@code eu.}, {@code apac.}, {@code global.}
 * ...) and ARNs resolve to their base model. Extend it with {@link #toBuilder()} for models it
 * does not know; an unknown model is called without trimming.
 *
 * <p>Immutable and thread-safe.
 */
public final class ModelCatalog {

  /**
   * Published limits (Amazon Bedrock model cards and provider docs, checked 2026-11): Claude 3
   * and 3.5 have 200k-token windows (Claude 3: 4,096 output tokens; 3.5: 8,192), Titan Text
   * Express 8k, Lite 4k, Premier 32k, Llama 3 8k with 2,048 output tokens, Llama 3.1 128k.
   */
  private static final List<ModelInfo> DEFAULTS =
      List.of(
          new ModelInfo("anthropic.claude-3-haiku-20240307-v1:0", 200_000, 4_096),
          new ModelInfo("anthropic.claude-3-sonnet-20240229-v1:0", 200_000, 4_096),
          new ModelInfo("anthropic.claude-3-opus-20240229-v1:0", 200_000, 4_096),
          new ModelInfo("anthropic.claude-3-5-haiku-20241022-v1:0", 200_000, 8_192),
          new ModelInfo("anthropic.claude-3-5-sonnet-20240620-v1:0", 200_000, 8_192),
          new ModelInfo("anthropic.claude-3-5-sonnet-20241022-v2:0", 200_000, 8_192),
          new ModelInfo("anthropic.claude-3-7-sonnet-20250219-v1:0", 200_000, 8_192),
          new ModelInfo("amazon.titan-text-express-v1", 8_192, 8_192),
          new ModelInfo("amazon.titan-text-lite-v1", 4_096, 4_096),
          new ModelInfo("amazon.titan-text-premier-v1:0", 32_000, 3_072),
          new ModelInfo("meta.llama3-8b-instruct-v1:0", 8_192, 2_048),
          new ModelInfo("meta.llama3-70b-instruct-v1:0", 8_192, 2_048),
          new ModelInfo("meta.llama3-1-8b-instruct-v1:0", 128_000, 2_048),
          new ModelInfo("meta.llama3-1-70b-instruct-v1:0", 128_000, 2_048));

  private static final ModelCatalog DEFAULT = builder().addAll(DEFAULTS).build();

  private final Map<String, ModelInfo> models;

  private ModelCatalog(Map<String, ModelInfo> models) {
    this.models = Map.copyOf(models);
  }

  /** The built-in catalog. */
  public static ModelCatalog ofDefaults() {
    return DEFAULT;
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder holding this catalog's models. */
  public Builder toBuilder() {
    return new Builder(models);
  }

  /** Limits of a model ID, inference profile ID or ARN, if known. */
  public Optional<ModelInfo> find(String modelIdOrArn) {
    // Fast path, taken on every call: keys are base IDs, and a base ID is its own base, so an
    // exact hit needs no parsing (parsing matches regular expressions; it was 9 % of a call's CPU).
    ModelInfo exact = models.get(Checks.notNull(modelIdOrArn, "modelId"));
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(models.get(baseModelId(modelIdOrArn)));
  }

  /**
   * The base foundation-model ID behind an ID, profile ID or ARN:
   * {@code arn:aws:bedrock:us-east-1::foundation-model/x} and {@code us.x} give {@code x}.
   * Application inference profile and provisioned model ARNs have no visible base model and are
   * returned unchanged, as are identifiers that are not pinned.
   */
  public static String baseModelId(String modelIdOrArn) {
    Checks.notNull(modelIdOrArn, "modelId");
    if (!ModelRef.isPinned(modelIdOrArn)) {
      return modelIdOrArn;
    }
    return ModelRef.parse(modelIdOrArn).baseModelId().orElse(modelIdOrArn);
  }

  /** Builds {@link ModelCatalog}s. Not thread-safe. */
  public static final class Builder {
    private final Map<String, ModelInfo> models;

    private Builder(Map<String, ModelInfo> initial) {
      this.models = new LinkedHashMap<>(initial);
    }

    /** Adds or replaces a model. */
    public Builder add(ModelInfo model) {
      Checks.notNull(model, "model");
      models.put(baseModelId(model.modelId()), model);
      return this;
    }

    /** Adds or replaces models. */
    public Builder addAll(List<ModelInfo> list) {
      list.forEach(this::add);
      return this;
    }

    public ModelCatalog build() {
      return new ModelCatalog(models);
    }
  }
}
