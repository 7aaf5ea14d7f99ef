package dev.bedrockkit.chaos;

/**
 * What one request of a chaos run came to.
 *
 * @param op the operation (chat, chatAsync, stream, invoke, embed)
 * @param kind how it ended
 * @param error the exception's simple class name, or {@code null} when it succeeded
 * @param startNanos {@link System#nanoTime()} when it was sent
 * @param endNanos when it ended (for a hung request: when the harness gave up on it)
 * @param hung whether it ended later than its deadline plus the grace, or never
 * @param maxSilenceNanos for streams: the longest gap between two events (or before the first and
 *     after the last); 0 otherwise
 */
public record RequestOutcome(
    String op,
    Kind kind,
    String error,
    long startNanos,
    long endNanos,
    boolean hung,
    long maxSilenceNanos) {

  /** How a request ended. */
  public enum Kind {
    /** A model answered (or the response cache did). */
    OK,
    /** A degraded answer: the configured message or a stale cached answer, marked so. */
    DEGRADED,
    /** A {@link dev.bedrockkit.BedrockKitException}: the typed failure callers switch on. */
    TYPED,
    /** Anything else: a defect. */
    OTHER,
    /** No answer and no failure within deadline plus grace. */
    HUNG
  }

  public long latencyNanos() {
    return endNanos - startNanos;
  }
}
