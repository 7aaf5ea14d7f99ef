package dev.bedrockkit.internal;

import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.failsafe.Bulkhead;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: the Failsafe circuit breaker of each (model, region) and the bulkhead of each model.
 *
 * <p>Failsafe measures the open delay with {@code System.nanoTime()}, which tests cannot move.
 * So its own delay is set beyond reach and the breaker is moved to half-open here, by the
 * injected {@link Clock}, before each call: state, thresholds, probes and listeners stay
 * Failsafe's.
 *
 * <p>Thread-safe.
 */
public final class ModelGuards {
  private static final Logger log = LoggerFactory.getLogger(ModelGuards.class);
  /** Longer than any process lives, short enough for Failsafe's nanosecond arithmetic. */
  private static final Duration NEVER = Duration.ofDays(36_500);

  private final CircuitBreakerSettings settings;
  private final int maxConcurrentPerModel;
  private final Clock clock;
  private final BedrockKitListener listener;
  private final ConcurrentMap<String, Circuit> circuits = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Bulkhead<Object>> bulkheads = new ConcurrentHashMap<>();

  public ModelGuards(
      CircuitBreakerSettings settings,
      int maxConcurrentPerModel,
      Clock clock,
      BedrockKitListener listener) {
    this.settings = settings;
    this.maxConcurrentPerModel = maxConcurrentPerModel;
    this.clock = clock;
    this.listener = listener;
  }

  /** The circuit of a model in a region, moved to half-open if its open delay has passed. */
  public CircuitBreaker<Object> circuit(String modelId, String region) {
    Circuit c = circuits.computeIfAbsent(key(modelId, region), k -> newCircuit(modelId, region));
    c.halfOpenIfDue();
    return c.breaker;
  }

  /** The bulkhead of a model. */
  public Bulkhead<Object> bulkhead(String modelId) {
    return bulkheads.computeIfAbsent(modelId, k -> Bulkhead.of(maxConcurrentPerModel));
  }

  /** State of every circuit seen so far, keyed {@code modelId@region}, sorted. */
  public Map<String, CircuitState> states() {
    Map<String, CircuitState> out = new TreeMap<>();
    circuits.forEach(
        (k, c) -> {
          c.halfOpenIfDue();
          out.put(k, toState(c.breaker.getState()));
        });
    return out;
  }

  private Circuit newCircuit(String modelId, String region) {
    Circuit circuit = new Circuit();
    CircuitBreakerBuilder<Object> b =
        CircuitBreaker.builder()
            .handleIf(
                (Throwable t) -> {
                  var outcome = ErrorClassifier.classify(t).outcome();
                  return ErrorClassifier.countsAgainstCircuit(outcome) && outcome != Outcome.THROTTLED;
                })
            .withDelay(NEVER)
            .withSuccessThreshold(settings.halfOpenProbes());
    if (settings.failureRatePercent() > 0) {
      b.withFailureRateThreshold(
          settings.failureRatePercent(), settings.failureThreshold(), settings.failureWindow());
    } else {
      // Consecutive failures within the window are counted in record(), on the injected clock,
      // and open the circuit by hand; Failsafe's own count never reaches its threshold.
      b.withFailureThreshold(Integer.MAX_VALUE);
    }
    b.onOpen(
        e -> {
          circuit.openedAtMillis = clock.millis();
          transition(modelId, region, e.getPreviousState(), CircuitState.OPEN);
        });
    b.onHalfOpen(e -> transition(modelId, region, e.getPreviousState(), CircuitState.HALF_OPEN));
    b.onClose(e -> transition(modelId, region, e.getPreviousState(), CircuitState.CLOSED));
    circuit.breaker = b.build();
    return circuit;
  }

  /**
   * Records what one call to a model in a region did: consecutive failures and the throttled
   * share of the latest calls may open its circuit. Skipped attempts are not calls.
   */
  public void record(String modelId, String region, Outcome outcome) {
    if (outcome.skipped()) {
      return;
    }
    Circuit c = circuits.get(key(modelId, region));
    if (c != null) {
      c.record(outcome);
    }
  }

  private void transition(
      String modelId, String region, CircuitBreaker.State from, CircuitState to) {
    if (to == CircuitState.OPEN) {
      log.warn("Circuit of model {} in {} opened; calls skip it for {}", modelId, region,
          settings.openDelay());
    } else {
      log.info("Circuit of model {} in {} is now {}", modelId, region, to);
    }
    try {
      listener.onCircuitStateChange(
          new BedrockKitListener.CircuitEvent(modelId, region, toState(from), to));
    } catch (RuntimeException e) {
      log.warn("A BedrockKitListener failed on a circuit event; ignoring it", e);
    }
  }

  private static CircuitState toState(CircuitBreaker.State s) {
    return switch (s) {
      case OPEN -> CircuitState.OPEN;
      case HALF_OPEN -> CircuitState.HALF_OPEN;
      case CLOSED -> CircuitState.CLOSED;
    };
  }

  private static String key(String modelId, String region) {
    return modelId + "@" + (region == null ? "default" : region);
  }

  private final class Circuit {
    volatile CircuitBreaker<Object> breaker;
    volatile long openedAtMillis;
    private int consecutiveFailures;
    private long firstFailureMillis;
    private final boolean[] throttled = new boolean[CircuitBreakerSettings.THROTTLE_SAMPLE];
    private int samples;
    private int throttledSamples;

    void record(Outcome outcome) {
      boolean open;
      synchronized (this) {
        if (!breaker.isClosed()) {
          return;
        }
        open = sampleThrottling(outcome == Outcome.THROTTLED) || countFailure(outcome);
        if (open) {
          reset();
        }
      }
      if (open) {
        breaker.open();
      }
    }

    /** Whether the throttled share of the latest calls reached the setting. */
    private boolean sampleThrottling(boolean wasThrottled) {
      int slot = samples % throttled.length;
      if (samples >= throttled.length && throttled[slot]) {
        throttledSamples--;
      }
      throttled[slot] = wasThrottled;
      if (wasThrottled) {
        throttledSamples++;
      }
      samples++;
      int percent = settings.throttledPercentToOpen();
      return percent > 0
          && samples >= throttled.length
          && throttledSamples * 100 >= percent * throttled.length;
    }

    /** Whether consecutive failures within the window reached the threshold (count mode). */
    private boolean countFailure(Outcome outcome) {
      if (settings.failureRatePercent() > 0 || outcome == Outcome.THROTTLED) {
        return false; // rate mode is Failsafe's; throttling is measured by its share
      }
      if (!ErrorClassifier.countsAgainstCircuit(outcome)) {
        consecutiveFailures = 0;
        return false;
      }
      long now = clock.millis();
      if (consecutiveFailures == 0
          || now - firstFailureMillis > settings.failureWindow().toMillis()) {
        consecutiveFailures = 0;
        firstFailureMillis = now;
      }
      consecutiveFailures++;
      return consecutiveFailures >= settings.failureThreshold();
    }

    private void reset() {
      consecutiveFailures = 0;
      samples = 0;
      throttledSamples = 0;
      java.util.Arrays.fill(throttled, false);
    }

    void halfOpenIfDue() {
      if (breaker.isOpen()
          && clock.millis() - openedAtMillis >= settings.openDelay().toMillis()) {
        synchronized (this) {
          if (breaker.isOpen()) {
            breaker.halfOpen();
          }
        }
      }
    }
  }
}
