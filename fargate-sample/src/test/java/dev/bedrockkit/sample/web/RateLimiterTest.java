package dev.bedrockkit.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.bedrockkit.sample.SampleProperties;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Token buckets per client, on a fake clock. */
class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final Ticker ticker = now::get;

  private RateLimiter limiter(int perMinute, int burst, int maxClients) {
    return new RateLimiter(new SampleProperties.RateLimit(true, perMinute, burst, maxClients, 0), ticker);
  }

  private void advance(Duration d) {
    now.addAndGet(d.toNanos());
  }

  @Test
  void aClientMayBurstThenWaitsForTheNextToken() {
    RateLimiter limiter = limiter(60, 3, 100);

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofSeconds(1));

    advance(Duration.ofMillis(400));
    assertThat(limiter.tryAcquire("a")).isEqualTo(Duration.ofMillis(600));
    advance(Duration.ofMillis(600));
    assertThat(limiter.tryAcquire("a")).isZero();
  }

  @Test
  void clientsHaveTheirOwnBuckets() {
    RateLimiter limiter = limiter(60, 1, 100);

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isPositive();
    assertThat(limiter.tryAcquire("b")).isZero();
  }

  @Test
  void anIdleBucketRefillsOnlyUpToTheBurst() {
    RateLimiter limiter = limiter(60, 2, 100);
    limiter.tryAcquire("a");
    limiter.tryAcquire("a");

    advance(Duration.ofHours(1));

    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isZero();
    assertThat(limiter.tryAcquire("a")).isPositive();
  }

  @Test
  void theMapOfClientsIsBounded() {
    RateLimiter limiter = limiter(60, 1, 50);

    for (int i = 0; i < 10_000; i++) {
      limiter.tryAcquire("client-" + i);
    }

    assertThat(limiter.trackedClients()).isLessThanOrEqualTo(50);
  }

  @Test
  void idleClientsAreForgotten() {
    RateLimiter limiter = limiter(60, 2, 100);
    limiter.tryAcquire("a");

    advance(Duration.ofSeconds(3));

    assertThat(limiter.trackedClients()).isZero();
  }
}
