package dev.bedrockkit.cache;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.Embedding;
import dev.bedrockkit.internal.Checks;
import java.util.concurrent.CompletableFuture;

/**
 * An {@link Embedder} backed by Amazon Titan Text Embeddings v2 through {@link
 * BedrockKit#embed(String, int, boolean)}: the kit's clients, retries, circuit breakers and
 * metrics apply, and each lookup costs one embedding call (USD 0.02 per million input tokens at
 * list price). Titan vectors are normalised by Bedrock.
 *
 * <p>The similarity threshold of {@link SemanticCache} was calibrated on {@link LocalEmbedder};
 * calibrate Titan's with the evaluation harness of this module before relying on it.
 *
 * <p>Thread-safe.
 */
public final class TitanEmbedder implements Embedder {
  /** The kit's default embedding model. */
  public static final String TITAN_V2 = "amazon.titan-embed-text-v2:0";
  /** Default dimensions: enough to tell questions apart at a third of the memory of 1024. */
  public static final int DEFAULT_DIMENSIONS = 512;

  private final BedrockKit kit;
  private final int dimensions;
  private final String modelId;

  private TitanEmbedder(BedrockKit kit, int dimensions, String modelId) {
    this.kit = Checks.notNull(kit, "kit");
    if (dimensions != 256 && dimensions != 512 && dimensions != 1024) {
      throw new IllegalArgumentException(
          "dimensions must be 256, 512 or 1024 but was " + dimensions);
    }
    this.dimensions = dimensions;
    this.modelId = Checks.notBlank(modelId, "modelId");
  }

  /** Titan v2 with {@value #DEFAULT_DIMENSIONS} dimensions, through the kit. */
  public static TitanEmbedder of(BedrockKit kit) {
    return new TitanEmbedder(kit, DEFAULT_DIMENSIONS, TITAN_V2);
  }

  /** Titan v2 with 256, 512 or 1024 dimensions, through the kit. */
  public static TitanEmbedder of(BedrockKit kit, int dimensions) {
    return new TitanEmbedder(kit, dimensions, TITAN_V2);
  }

  /**
   * The kit's embedding model ({@code BedrockKit.Builder.embeddingModel}) when it is not Titan v2;
   * every vector is checked to come from it.
   */
  public static TitanEmbedder of(BedrockKit kit, int dimensions, String embeddingModelId) {
    return new TitanEmbedder(kit, dimensions, embeddingModelId);
  }

  @Override
  public String id() {
    return modelId + "/" + dimensions;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public float[] embed(String text) {
    return check(kit.embed(Checks.notNull(text, "text"), dimensions, true));
  }

  @Override
  public CompletableFuture<float[]> embedAsync(String text) {
    return kit.embedAsync(Checks.notNull(text, "text"), dimensions, true).thenApply(this::check);
  }

  private float[] check(Embedding e) {
    if (!modelId.equals(e.modelId())) {
      throw new IllegalStateException(
          "TitanEmbedder expected vectors of " + modelId + " but the kit embeds with "
              + e.modelId() + "; create it with TitanEmbedder.of(kit, dimensions, \""
              + e.modelId() + "\")");
    }
    if (e.dimensions() != dimensions) {
      throw new IllegalStateException(
          "TitanEmbedder expected " + dimensions + " dimensions but got " + e.dimensions());
    }
    return e.vector();
  }

  @Override
  public String toString() {
    return "TitanEmbedder[" + id() + "]";
  }
}
