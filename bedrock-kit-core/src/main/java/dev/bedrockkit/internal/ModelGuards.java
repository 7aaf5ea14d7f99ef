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
import java.util.Arrays;
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
  /** Seconds of calls the throttled share is measured over. */
  static final int WINDOW_SECONDS = 10;
  /** Seconds the measured calls must span before the throttled share may open a circuit. */
  static final int MIN_SPAN_SECONDS = 2;

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
                  if (outcome == Outcome.THROTTLED) {
                    // Not a failure, but a throttled probe is no proof the quota is back.
                    return circuit.breaker.isHalfOpen();
                  }
                  return ErrorClassifier.countsAgainstCircuit(outcome);
                })
            .withDelay(NEVER)
            .withSuccessThreshold(settings.halfOpenProbes());
    if (settings.failureRatePercent() > 0) {
      b.withFailureRateThreshold(
          settings.failureRatePercent(), settings.failureThreshold(), settings.failureWindow());
    } else {
      // Consecutive failures within the window are counted in record(), on the injected clock,
      // and open the circuit by hand; Failsafe's own count never reaches its threshold. Time-based
      // on purpose: a count-based threshold makes Failsafe allocate a bit set of that many calls
      // on every close (Integer.MAX_VALUE bits: 256 MB).
      b.withFailureThreshold(Integer.MAX_VALUE, settings.failureWindow());
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
    // Calls and throttled calls per second of the injected clock, over the last WINDOW_SECONDS.
    private final long[] second = new long[WINDOW_SECONDS];
    private final int[] calls = new int[WINDOW_SECONDS];
    private final int[] throttledCalls = new int[WINDOW_SECONDS];

    Circuit() {
      Arrays.fill(second, Long.MIN_VALUE);
    }

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

    /**
     * Whether the throttled share of the calls of the last WINDOW_SECONDS reached the setting,
     * over at least THROTTLE_SAMPLE calls spanning MIN_SPAN_SECONDS or more. The span matters: a
     * throttled call returns at once and a good one takes the model's time, so the first calls
     * back from a burst of concurrent callers are throttled ones even in a mild storm.
     */
    private boolean sampleThrottling(boolean wasThrottled) {
      long now = Math.floorDiv(clock.millis(), 1000);
      int slot = (int) Math.floorMod(now, (long) WINDOW_SECONDS);
      if (second[slot] != now) {
        second[slot] = now;
        calls[slot] = 0;
        throttledCalls[slot] = 0;
      }
      calls[slot]++;
      if (wasThrottled) {
        throttledCalls[slot]++;
      }
      int percent = settings.throttledPercentToOpen();
      if (percent == 0) {
        return false;
      }
      long oldest = now;
      int total = 0;
      int throttled = 0;
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        if (second[i] > now - WINDOW_SECONDS && second[i] <= now) {
          total += calls[i];
          throttled += throttledCalls[i];
          oldest = Math.min(oldest, second[i]);
        }
      }
      return now - oldest >= MIN_SPAN_SECONDS
          && total >= CircuitBreakerSettings.THROTTLE_SAMPLE
          && throttled * 100L >= (long) percent * total;
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
      Arrays.fill(second, Long.MIN_VALUE);
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
