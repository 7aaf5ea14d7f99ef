package dev.bedrockkit;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * SPI for response caches (exact, semantic, tiered). {@code bedrock-kit-cache} provides the
 * implementations; core only calls this interface. Only requests with a
 * {@link ChatRequest#cacheScope() cache scope} reach the cache.
 *
 * <p>Implementations must be thread-safe and must never fail a request because of the cache
 * itself: on any internal error they call the loader (or return empty), log once and count it.
 */
public interface ResponseCache {

  /**
   * Returns the cached answer for {@code request} (marked {@link ChatResponse#fromCache()}), or
   * loads it with {@code loader} and stores the result when it is cacheable. Concurrent identical
   * misses should share one load.
   */
  CompletableFuture<ChatResponse> get(
      ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader);

  /** Looks up an answer without loading (used by streams, which replay hits as streams). */
  Optional<ChatResponse> lookup(ChatRequest request);

  /** Stores a completed answer when it is cacheable (used by streams). */
  void store(ChatRequest request, ChatResponse response);

  /**
   * The last answer known for {@code request}, even if expired, to serve as a degraded answer
   * when no model can answer. Empty by default.
   */
  default Optional<ChatResponse> lastKnown(ChatRequest request) {
    return Optional.empty();
  }
}
