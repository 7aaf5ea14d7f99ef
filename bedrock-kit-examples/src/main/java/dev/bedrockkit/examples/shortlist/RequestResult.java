package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.TokenUsage;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What one measured request did: how long it took to the first and last token, the tokens and
 * dollars of a success, or the kind of failure.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelId the model asked
 * @param ok whether an answer arrived in full
 * @param latencyNanos request start to the end of the stream (retries included)
 * @param timeToFirstTokenNanos request start to the first text, or {@code -1} when none arrived
 * @param usage tokens of a success ({@link TokenUsage#ZERO} for a failure)
 * @param costUsd cost of a success; empty when failed or the price is unknown
 * @param errorKind for a failure: the last attempt's outcome ({@code THROTTLED}, ...) or the
 *     exception's simple name; {@code null} on success
 * @param errorMessage the failure's message, or {@code null}
 */
public record RequestResult(
    String modelId,
    boolean ok,
    long latencyNanos,
    long timeToFirstTokenNanos,
    TokenUsage usage,
    Optional<BigDecimal> costUsd,
    String errorKind,
    String errorMessage) {

  /** A successful request. */
  static RequestResult success(
      String modelId, long latencyNanos, long ttftNanos, TokenUsage usage, Optional<BigDecimal> cost) {
    return new RequestResult(modelId, true, latencyNanos, ttftNanos, usage, cost, null, null);
  }

  /** A failed request. */
  static RequestResult failure(
      String modelId, long latencyNanos, long ttftNanos, String kind, String message) {
    return new RequestResult(
        modelId, false, latencyNanos, ttftNanos, TokenUsage.ZERO, Optional.empty(), kind, message);
  }
}
