package dev.bedrockkit.internal;

import java.time.Clock;

/**
 * Internal: a token bucket bounding retries across all requests of one kit. It starts full
 * (100 tokens, or 10 s of the minimum rate if more); each request deposits {@code ratio}
 * tokens, each retry withdraws one; {@code minPerSecond} tokens are added per second of the
 * injected clock, so a quiet service can still retry. When empty, failures move on instead of
 * retrying.
 *
 * <p>Thread-safe.
 */
public final class RetryBudget {
  private final double ratio;
  private final double minPerSecond;
  private final double capacity;
  private final Clock clock;
  private double tokens;
  private long lastRefillMillis;
  /** Whether the bucket is full: then a deposit changes nothing and takes no lock. */
  private volatile boolean full;

  public RetryBudget(double ratio, int minPerSecond, Clock clock) {
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    // Room for 10 s of minimum retries, and never less than 100 tokens of accumulated credit.
    this.capacity = Math.max(100, minPerSecond * 10.0);
    this.clock = clock;
    // Start full, as the AWS SDK's standard retry bucket does: a storm that begins with a burst
    // of concurrent callers can retry at once, and only a sustained storm is held to the ratio.
    this.tokens = capacity;
    this.lastRefillMillis = clock.millis();
    this.full = true;
  }

  /** Records a new request. */
  public void deposit() {
    if (full) {
      return;
    }
    synchronized (this) {
      refill();
      tokens = Math.min(capacity, tokens + ratio);
      full = tokens >= capacity;
    }
  }

  /** Whether a retry would be allowed now, without taking it. */
  public synchronized boolean canRetry() {
    refill();
    return tokens >= 1;
  }

  /** Takes one retry if the budget allows it. */
  public synchronized boolean tryAcquire() {
    refill();
    if (tokens >= 1) {
      tokens -= 1;
      full = false;
      return true;
    }
    return false;
  }

  private void refill() {
    long now = clock.millis();
    long elapsed = now - lastRefillMillis;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed * minPerSecond / 1000.0);
      lastRefillMillis = now;
      full = tokens >= capacity;
    }
  }
}
