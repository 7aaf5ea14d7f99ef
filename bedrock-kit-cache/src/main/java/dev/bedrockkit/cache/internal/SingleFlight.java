package dev.bedrockkit.cache.internal;

import dev.bedrockkit.ChatResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Internal: concurrent identical misses share one load. The first caller for a key leads: it
 * runs the load and completes the shared result; callers that arrive while it runs follow and
 * receive the leader's answer, marked as served from cache. A failed load fails every waiting
 * caller the same way (one model call failed, not N).
 *
 * <p>Cancelling a caller's future never cancels the shared load. Thread-safe.
 *
 * @param <K> the key type
 */
public final class SingleFlight<K> {

  /**
   * What the leader produced, for followers: the answer as the model (or a tier) gave it, before
   * {@code asCached}, so that followers count the original cost as saved.
   */
  public record Shared(ChatResponse original, ChatResponse forLeader) {}

  private final ConcurrentHashMap<K, CompletableFuture<Shared>> inFlight =
      new ConcurrentHashMap<>();

  /**
   * Leads or follows the load of {@code key}.
   *
   * @param lead runs only for the leader; its future must complete after the answer is stored
   * @param follow turns the shared result into a follower's answer
   */
  public CompletableFuture<ChatResponse> run(
      K key, Supplier<CompletableFuture<Shared>> lead, Function<Shared, ChatResponse> follow) {
    CompletableFuture<Shared> mine = new CompletableFuture<>();
    CompletableFuture<Shared> running = inFlight.putIfAbsent(key, mine);
    if (running != null) {
      return running.thenApply(follow);
    }
    CompletableFuture<Shared> result;
    try {
      result = lead.get();
    } catch (RuntimeException | Error e) {
      result = CompletableFuture.failedFuture(e);
    }
    result.whenComplete(
        (shared, error) -> {
          inFlight.remove(key, mine);
          if (error != null) {
            mine.completeExceptionally(error);
          } else {
            mine.complete(shared);
          }
        });
    return mine.thenApply(Shared::forLeader);
  }

  /** Loads in flight now. */
  public int size() {
    return inFlight.size();
  }
}
