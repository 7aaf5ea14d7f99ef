package dev.bedrockkit;

import dev.bedrockkit.Attempt.Outcome;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Receives an event for every attempt, fallback, circuit transition and finished request. This
 * is where metrics, tracing and audit plug in; the Micrometer binding is one implementation.
 *
 * <p>Called synchronously on the thread that finished the work (often an SDK I/O thread): keep
 * it fast and non-blocking. Implementations must be thread-safe. An exception thrown here is
 * logged and ignored; it never fails a request.
 */
public interface BedrockKitListener {

  /** A listener that ignores everything. */
  BedrockKitListener NOOP = new BedrockKitListener() {};

  /** One call to one model in one region ended (or was skipped). */
  default void onAttempt(AttemptEvent event) {}

  /** A request moved from one model or region to the next. */
  default void onFallback(FallbackEvent event) {}

  /** A circuit breaker changed state. */
  default void onCircuitStateChange(CircuitEvent event) {}

  /** A request finished, successfully or not. */
  default void onRequest(RequestEvent event) {}

  /** The operations bedrock-kit performs; {@link #otelName()} is the GenAI operation name. */
  enum Operation {
    CHAT("chat", false),
    CHAT_STREAM("chat", true),
    INVOKE("text_completion", false),
    INVOKE_STREAM("text_completion", true),
    EMBED("embeddings", false);

    private final String otelName;
    private final boolean streaming;

    Operation(String otelName, boolean streaming) {
      this.otelName = otelName;
      this.streaming = streaming;
    }

    /** The {@code gen_ai.operation.name} value. */
    public String otelName() {
      return otelName;
    }

    /** Whether the operation streams its answer. */
    public boolean streaming() {
      return streaming;
    }
  }

  /** State of a circuit breaker. */
  enum CircuitState {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  /**
   * One attempt ended.
   *
   * @param operation the operation
   * @param attempt the attempt (model, region, outcome, duration, error type)
   * @param attribution the request's attribution label, or {@code null}
   */
  record AttemptEvent(Operation operation, Attempt attempt, String attribution) {}

  /**
   * A request left one model or region for another.
   *
   * @param operation the operation
   * @param fromModelId the model left
   * @param fromRegion its region, or {@code null}
   * @param toModelId the model tried next
   * @param toRegion its region, or {@code null}
   * @param reason the outcome that caused the move
   */
  record FallbackEvent(
      Operation operation,
      String fromModelId,
      String fromRegion,
      String toModelId,
      String toRegion,
      Outcome reason) {}

  /**
   * A circuit breaker changed state.
   *
   * @param modelId the model
   * @param region the region, or {@code null}
   * @param from the previous state
   * @param to the new state
   */
  record CircuitEvent(String modelId, String region, CircuitState from, CircuitState to) {}

  /**
   * A request finished.
   *
   * @param operation the operation
   * @param chain the chain name, or the model ID of a single-model request
   * @param requestedModelId the first model the request would try, or {@code null}
   * @param responseModelId the model that answered, or {@code null}
   * @param region the region that answered, or {@code null}
   * @param templateId the prompt template's id, or {@code null}
   * @param attribution the attribution label, or {@code null}
   * @param outcome {@code SUCCESS}, or the failure that ended the request
   * @param errorType the error type of a failure (exception simple name or AWS code), or
   *     {@code null}
   * @param usage tokens consumed
   * @param costUsd what it cost; empty when the price is unknown
   * @param latency wall time of the request
   * @param timeToFirstToken for streams, time until the first text arrived; otherwise
   *     {@code null}
   * @param outputChunks for streams, number of deltas delivered; otherwise 0
   * @param fromCache whether the answer came from the response cache
   * @param degraded whether the answer is a degraded fallback
   * @param attempts every attempt in order
   * @param requestId Bedrock's request ID of the answering call, or {@code null}
   */
  record RequestEvent(
      Operation operation,
      String chain,
      String requestedModelId,
      String responseModelId,
      String region,
      String templateId,
      String attribution,
      Outcome outcome,
      String errorType,
      TokenUsage usage,
      Optional<BigDecimal> costUsd,
      Duration latency,
      Duration timeToFirstToken,
      int outputChunks,
      boolean fromCache,
      boolean degraded,
      List<Attempt> attempts,
      String requestId) {}
}
