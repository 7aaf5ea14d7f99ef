package dev.bedrockkit.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.bedrockkit.ChatResponse;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Internal: the in-process tier of the exact cache, a size-bounded Caffeine cache. Each entry is
 * fresh until its own deadline (never longer than the local TTL, never longer than the Redis
 * entry it was read from) and is then kept, stale, for {@code staleFor} more so that {@code
 * lastKnown} can still answer in degraded mode. Stale entries count against the size bound.
 *
 * <p>Thread-safe.
 */
public final class LocalTier {
  /** A cached answer and its deadlines (epoch milliseconds of the injected clock). */
  public record Entry(ChatResponse response, long freshUntilMillis, long keepUntilMillis) {
    public boolean freshAt(long nowMillis) {
      return nowMillis < freshUntilMillis;
    }
  }

  private final Cache<ExactKey, Entry> cache;
  private final Clock clock;

  /**
   * @param maxEntries size bound; 0 disables the tier
   */
  public LocalTier(long maxEntries, Clock clock) {
    this.clock = clock;
    this.cache =
        maxEntries == 0
            ? null
            : Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .executor(Runnable::run)
                .expireAfter(new KeepUntil(clock))
                .build();
  }

  public boolean enabled() {
    return cache != null;
  }

  /** The entry for {@code key}, fresh or stale, or null. */
  public Entry get(ExactKey key) {
    return cache == null ? null : cache.getIfPresent(key);
  }

  public void put(ExactKey key, ChatResponse response, long freshUntilMillis, long keepUntilMillis) {
    if (cache != null && keepUntilMillis > clock.millis()) {
      cache.put(key, new Entry(response, freshUntilMillis, keepUntilMillis));
    }
  }

  /** Removes every entry whose key matches; returns how many. */
  public long removeIf(Predicate<ExactKey> matches) {
    if (cache == null) {
      return 0;
    }
    long before = cache.estimatedSize();
    cache.asMap().keySet().removeIf(matches);
    return Math.max(0, before - cache.estimatedSize());
  }

  public long size() {
    return cache == null ? 0 : cache.estimatedSize();
  }

  public void clear() {
    if (cache != null) {
      cache.invalidateAll();
    }
  }

  private static final class KeepUntil implements Expiry<ExactKey, Entry> {
    private final Clock clock;

    KeepUntil(Clock clock) {
      this.clock = clock;
    }

    private long remaining(Entry e) {
      return TimeUnit.MILLISECONDS.toNanos(Math.max(0, e.keepUntilMillis() - clock.millis()));
    }

    @Override
    public long expireAfterCreate(ExactKey key, Entry value, long currentTime) {
      return remaining(value);
    }

    @Override
    public long expireAfterUpdate(
        ExactKey key, Entry value, long currentTime, long currentDuration) {
      return remaining(value);
    }

    @Override
    public long expireAfterRead(ExactKey key, Entry value, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
