package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;

/**
 * A text embedding from Amazon Titan Text Embeddings v2.
 *
 * <p>The vector is not copied: treat it as read-only.
 *
 * @param vector the embedding
 * @param inputTokens tokens Bedrock counted in the input text
 * @param modelId the embedding model
 */
public record Embedding(float[] vector, int inputTokens, String modelId) {
  public Embedding {
    Checks.notNull(vector, "vector");
    Checks.notNull(modelId, "modelId");
  }

  /** Number of dimensions. */
  public int dimensions() {
    return vector.length;
  }
}
