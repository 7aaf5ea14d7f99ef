package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;
import java.time.Duration;

/**
 * How long the emulated model takes to answer: a time to first token and an output rate.
 *
 * <p>A non-streaming call waits {@code timeToFirstToken + outputTokens / outputTokensPerSecond}
 * before answering; a stream sends its first event after the time to first token and spaces the
 * rest evenly over the generation time. {@link #ZERO} (the emulator's default) answers at once.
 * Immutable and thread-safe.
 *
 * @param timeToFirstToken delay before the first token, never negative
 * @param outputTokensPerSecond output rate, positive; {@link Double#POSITIVE_INFINITY} for instant
 */
public record LatencyModel(Duration timeToFirstToken, double outputTokensPerSecond) {

  /** Answers immediately: the default, so tests are fast. */
  public static final LatencyModel ZERO = new LatencyModel(Duration.ZERO, Double.POSITIVE_INFINITY);

  /** Validates the arguments. */
  public LatencyModel {
    Checks.notNull(timeToFirstToken, "timeToFirstToken");
    Checks.check(!timeToFirstToken.isNegative(), "timeToFirstToken must be >= 0");
    Checks.check(outputTokensPerSecond > 0, "outputTokensPerSecond must be > 0");
  }

  /**
   * Returns a latency model.
   *
   * @param timeToFirstToken delay before the first token
   * @param outputTokensPerSecond output rate
   * @return the model
   */
  public static LatencyModel of(Duration timeToFirstToken, double outputTokensPerSecond) {
    return new LatencyModel(timeToFirstToken, outputTokensPerSecond);
  }

  /**
   * Returns the time spent generating {@code outputTokens} after the first token.
   *
   * @param outputTokens number of output tokens
   * @return generation time, zero for an infinite rate
   */
  public Duration generationTime(int outputTokens) {
    if (Double.isInfinite(outputTokensPerSecond) || outputTokens <= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) (outputTokens / outputTokensPerSecond * 1_000_000_000L));
  }

  /**
   * Returns the whole latency of a non-streaming answer with {@code outputTokens} tokens.
   *
   * @param outputTokens number of output tokens
   * @return time to first token plus generation time
   */
  public Duration totalFor(int outputTokens) {
    return timeToFirstToken.plus(generationTime(outputTokens));
  }
}
