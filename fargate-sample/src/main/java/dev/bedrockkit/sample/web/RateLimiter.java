package dev.bedrockkit.sample.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.bedrockkit.sample.SampleProperties;
import java.time.Duration;

/**
 * Per-client rate limits: one {@link TokenBucket} per client key, in a bounded map (at most
 * {@code maxClients}, least recently seen forgotten first; a bucket idle long enough to be full
 * again is dropped, since a new one is the same). A forgotten client starts with a full bucket.
 *
 * <p>Thread-safe. The ticker is injected so tests need not wait.
 */
public final class RateLimiter {
  private final Cache<String, TokenBucket> buckets;
  private final Ticker ticker;
  private final int burst;
  private final double perSecond;

  public RateLimiter(SampleProperties.RateLimit settings, Ticker ticker) {
    this.ticker = ticker;
    this.burst = settings.burst();
    this.perSecond = settings.requestsPerMinute() / 60.0;
    Duration refill = Duration.ofNanos((long) Math.ceil(burst / perSecond * 1e9));
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(settings.maxClients())
            .expireAfterAccess(refill)
            .ticker(ticker)
            // Evictions run on the calling thread: cheap, and deterministic in tests.
            .executor(Runnable::run)
            .build();
  }

  /**
   * Takes one request from the client's bucket.
   *
   * @param clientKey the client
   * @return {@link Duration#ZERO} when allowed, else how long until the client may try again
   */
  public Duration tryAcquire(String clientKey) {
    long now = ticker.read();
    TokenBucket bucket = buckets.get(clientKey, k -> new TokenBucket(burst, perSecond, now));
    return Duration.ofNanos(bucket.tryTake(now));
  }

  /** Clients tracked now (approximate). */
  public long trackedClients() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }
}
