package dev.bedrockkit.cache;

import java.util.concurrent.CompletableFuture;

/**
 * Turns text into a vector for the {@link SemanticCache}. Two implementations ship: {@link
 * LocalEmbedder} (a small model that runs in process, offline) and {@link TitanEmbedder} (Amazon
 * Titan Text Embeddings v2 through {@link dev.bedrockkit.BedrockKit#embed}). Plug in your own by
 * implementing this interface.
 *
 * <p>The cache normalises vectors itself and compares only vectors of the same {@link #id()}: it is
 * part of every semantic key, in process and in Redis, so changing the model or its settings
 * starts from an empty semantic cache instead of comparing incompatible vectors.
 *
 * <p>Implementations must be thread-safe. A failure ({@link RuntimeException}) makes the lookup a
 * miss, counted {@code bedrockkit.cache.requests{tier=semantic,result=error}}; it never fails the
 * request.
 */
public interface Embedder {

  /** A stable name of the model and the settings that change its vectors, e.g. {@code all-minilm-l6-v2-q}. */
  String id();

  /** The number of dimensions of every vector. */
  int dimensions();

  /** The vector of {@code text}. */
  float[] embed(String text);

  /** Async twin of {@link #embed}; by default runs it on the common pool. */
  default CompletableFuture<float[]> embedAsync(String text) {
    return CompletableFuture.supplyAsync(() -> embed(text));
  }
}
