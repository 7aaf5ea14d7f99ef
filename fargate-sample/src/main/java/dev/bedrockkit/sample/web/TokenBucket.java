package dev.bedrockkit.sample.web;

/**
 * A token bucket: holds up to {@code capacity} tokens, refilled continuously at {@code
 * tokensPerSecond}; a request takes one. Time comes from the caller, in nanoseconds.
 *
 * <p>Thread-safe (synchronized; a bucket is touched by one client's requests).
 */
final class TokenBucket {
  private final double capacity;
  private final double tokensPerNano;
  private double tokens;
  private long updatedNanos;

  TokenBucket(int capacity, double tokensPerSecond, long nowNanos) {
    this.capacity = capacity;
    this.tokensPerNano = tokensPerSecond / 1e9;
    this.tokens = capacity;
    this.updatedNanos = nowNanos;
  }

  /**
   * Takes a token if there is one.
   *
   * @return 0 when taken, else the nanoseconds until the next token
   */
  synchronized long tryTake(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - updatedNanos);
    tokens = Math.min(capacity, tokens + elapsed * tokensPerNano);
    updatedNanos = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return 0;
    }
    return (long) Math.ceil((1 - tokens) / tokensPerNano);
  }
}
