package dev.bedrockkit.internal;

import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: the Failsafe circuit breaker of each (model, region) and the bulkhead of each model
 * (a {@link Semaphore}: Failsafe's {@code Bulkhead} takes a lock twice per call, which 200
 * concurrent callers on two cores queue on).
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
  private static final String DEFAULT_REGION = "default";

  private final CircuitBreakerSettings settings;
  private final int maxConcurrentPerModel;
  private final Clock clock;
  private final BedrockKitListener listener;
  /** Per model: its bulkhead's permits and its circuit in each region. */
  private final ConcurrentMap<String, ModelState> models = new ConcurrentHashMap<>();

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

  /**
   * The guard of a model in a region: its circuit, moved to half-open if its open delay has
   * passed, and its model's bulkhead. A map lookup, no allocation once the pair was seen.
   */
  public Guard guard(String modelId, String region) {
    String r = region == null ? DEFAULT_REGION : region;
    ModelState model = models.get(modelId);
    if (model == null) {
      model = models.computeIfAbsent(modelId, k -> new ModelState(maxConcurrentPerModel));
    }
    Circuit c = model.circuits.get(r);
    if (c == null) {
      Semaphore permits = model.permits;
      c = model.circuits.computeIfAbsent(r, k -> newCircuit(modelId, k, permits));
    }
    c.halfOpenIfDue();
    return c;
  }

  /** State of every circuit seen so far, keyed {@code modelId@region}, sorted. */
  public Map<String, CircuitState> states() {
    Map<String, CircuitState> out = new TreeMap<>();
    models.forEach(
        (model, state) ->
            state.circuits.forEach(
                (region, c) -> {
                  c.halfOpenIfDue();
                  out.put(model + "@" + region, toState(c.breaker.getState()));
                }));
    return out;
  }

  private Circuit newCircuit(String modelId, String region, Semaphore permits) {
    Circuit circuit = new Circuit(permits);
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

  /** A model's bulkhead permits and its circuits by region. */
  private static final class ModelState {
    final Semaphore permits;
    final ConcurrentMap<String, Circuit> circuits = new ConcurrentHashMap<>();

    ModelState(int maxConcurrent) {
      this.permits = new Semaphore(maxConcurrent);
    }
  }

  /**
   * What a call to one model in one region goes through. The Failsafe breaker is needed on a call
   * only while it can change the outcome: when it is not closed (open: reject; half-open: probe)
   * or when it measures the failure rate itself. Closed and counting consecutive failures here,
   * it would only take a lock per call to record statistics that never open it.
   */
  public interface Guard {
    /** The circuit's Failsafe breaker. */
    CircuitBreaker<Object> breaker();

    /** Whether a call must go through {@link #breaker()} now. */
    boolean breakerNeeded();

    /** Takes a bulkhead permit of the model, or returns false when all are in use. */
    boolean tryAcquirePermit();

    /** Gives back a permit taken by {@link #tryAcquirePermit()}. */
    void releasePermit();

    /**
     * Records what one call did: consecutive failures and the throttled share of the latest calls
     * may open the circuit. Skipped attempts are not calls.
     */
    void record(Outcome outcome);
  }

  private final class Circuit implements Guard {
    private final Semaphore permits;
    volatile CircuitBreaker<Object> breaker;
    volatile long openedAtMillis;
    private volatile int consecutiveFailures;
    private long firstFailureMillis;
    /**
     * Calls and throttled calls per second of the injected clock, over the last WINDOW_SECONDS:
     * one packed {@link Slot} per second, updated by compare-and-set so that a call takes no lock.
     */
    private final AtomicLongArray slots = new AtomicLongArray(WINDOW_SECONDS);

    Circuit(Semaphore permits) {
      this.permits = permits;
    }

    @Override
    public CircuitBreaker<Object> breaker() {
      return breaker;
    }

    @Override
    public boolean breakerNeeded() {
      return settings.failureRatePercent() > 0 || !breaker.isClosed();
    }

    @Override
    public boolean tryAcquirePermit() {
      return permits.tryAcquire();
    }

    @Override
    public void releasePermit() {
      permits.release();
    }

    @Override
    public void record(Outcome outcome) {
      if (outcome.skipped() || !breaker.isClosed()) {
        return;
      }
      boolean throttled = outcome == Outcome.THROTTLED;
      long now = Math.floorDiv(clock.millis(), 1000);
      count(now, throttled);
      boolean failure = ErrorClassifier.countsAgainstCircuit(outcome);
      if (!throttled && !failure && consecutiveFailures == 0) {
        return; // a good call in a healthy circuit: no lock taken
      }
      boolean open;
      synchronized (this) {
        if (!breaker.isClosed()) {
          return;
        }
        open = (throttled && throttledShareReached(now)) || countFailure(outcome);
        if (open) {
          reset();
        }
      }
      if (open) {
        breaker.open();
      }
    }

    private void count(long now, boolean throttled) {
      int slot = (int) Math.floorMod(now, (long) WINDOW_SECONDS);
      long second = Slot.second(now);
      while (true) {
        long old = slots.get(slot);
        long updated =
            Slot.secondOf(old) == second && Slot.calls(old) > 0
                ? Slot.plusCall(old, throttled)
                : Slot.first(second, throttled);
        if (slots.compareAndSet(slot, old, updated)) {
          return;
        }
      }
    }

    /**
     * Whether the throttled share of the calls of the last WINDOW_SECONDS reached the setting,
     * over at least THROTTLE_SAMPLE calls spanning MIN_SPAN_SECONDS or more. The span matters: a
     * throttled call returns at once and a good one takes the model's time, so the first calls
     * back from a burst of concurrent callers are throttled ones even in a mild storm.
     */
    private boolean throttledShareReached(long now) {
      int percent = settings.throttledPercentToOpen();
      if (percent == 0) {
        return false;
      }
      long second = Slot.second(now);
      long oldestAge = 0;
      long total = 0;
      long throttled = 0;
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        long v = slots.get(i);
        long age = Slot.age(second, v);
        if (Slot.calls(v) > 0 && age < WINDOW_SECONDS) {
          total += Slot.calls(v);
          throttled += Slot.throttled(v);
          oldestAge = Math.max(oldestAge, age);
        }
      }
      return oldestAge >= MIN_SPAN_SECONDS
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
      for (int i = 0; i < WINDOW_SECONDS; i++) {
        slots.set(i, 0);
      }
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

  /**
   * One second of calls packed in a long: the second (modulo 2^24, about 194 days: only compared
   * within a 10 s window), calls and throttled calls (20 bits each, saturating).
   */
  static final class Slot {
    private static final int COUNT_BITS = 20;
    private static final long COUNT_MAX = (1L << COUNT_BITS) - 1;
    private static final long SECOND_MASK = (1L << 24) - 1;

    private Slot() {}

    static long second(long epochSecond) {
      return epochSecond & SECOND_MASK;
    }

    static long secondOf(long slot) {
      return slot >>> (2 * COUNT_BITS);
    }

    static long calls(long slot) {
      return (slot >>> COUNT_BITS) & COUNT_MAX;
    }

    static long throttled(long slot) {
      return slot & COUNT_MAX;
    }

    /** Seconds from the slot's second to {@code second}, both modulo 2^24. */
    static long age(long second, long slot) {
      return (second - secondOf(slot)) & SECOND_MASK;
    }

    static long first(long second, boolean throttled) {
      return (second << (2 * COUNT_BITS)) | (1L << COUNT_BITS) | (throttled ? 1 : 0);
    }

    static long plusCall(long slot, boolean throttled) {
      long calls = Math.min(COUNT_MAX, calls(slot) + 1);
      long thr = Math.min(COUNT_MAX, throttled(slot) + (throttled ? 1 : 0));
      return (secondOf(slot) << (2 * COUNT_BITS)) | (calls << COUNT_BITS) | thr;
    }
  }
}
