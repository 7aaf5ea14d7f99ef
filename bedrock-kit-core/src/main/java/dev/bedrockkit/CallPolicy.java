package dev.bedrockkit;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.internal.Checks;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How bedrock-kit calls models: per-attempt timeout, overall deadline, retries with exponential
 * backoff and full jitter, a retry budget, a circuit breaker per model and region, a bulkhead per
 * model, and what each kind of error does (retry in place, next region, next model, fail now).
 *
 * <p>bedrock-kit is the only retry owner: build Bedrock clients with
 * {@code AwsRetryStrategy.doNotRetry()} (as {@link BedrockClients} does) so retries are never
 * doubled. Immutable and thread-safe; {@link #builder()} makes independent copies.
 *
 * @param attemptTimeout time allowed for one call to Bedrock (for a stream: until its first
 *     event)
 * @param deadline time allowed for a whole request, retries and fallbacks included
 * @param maxAttempts calls per model and region, first try included
 * @param backoffBase backoff before the first retry (the cap of its random delay)
 * @param backoffMax largest backoff between two attempts
 * @param retryBudgetRatio retries allowed per request on average, e.g. 0.2 = one in five
 * @param retryBudgetMinPerSecond retries always allowed per second, however few the requests
 * @param circuitBreaker circuit breaker settings, applied per model and region
 * @param maxConcurrentCallsPerModel bulkhead: calls to one model in flight at once
 * @param onError what each failure outcome does
 */
public record CallPolicy(
    Duration attemptTimeout,
    Duration deadline,
    int maxAttempts,
    Duration backoffBase,
    Duration backoffMax,
    double retryBudgetRatio,
    int retryBudgetMinPerSecond,
    CircuitBreakerSettings circuitBreaker,
    int maxConcurrentCallsPerModel,
    Map<Outcome, OnError> onError) {

  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(60);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofSeconds(1);
  public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(20);
  public static final double DEFAULT_RETRY_BUDGET_RATIO = 0.5;
  public static final int DEFAULT_RETRY_BUDGET_MIN_PER_SECOND = 10;
  public static final int DEFAULT_MAX_CONCURRENT_CALLS_PER_MODEL = 256;

  /** What a failure does next. */
  public enum OnError {
    /** Retry the same model and region with backoff; when attempts run out, the next region. */
    RETRY_THEN_NEXT_REGION,
    /** Retry the same model and region with backoff; when attempts run out, the next model. */
    RETRY_THEN_NEXT_MODEL,
    /** Go to the next region of this model (or the next model when none is left). */
    NEXT_REGION,
    /** Skip the remaining regions of this model and go to the next model. */
    NEXT_MODEL,
    /** Fail the request at once: another model would fail the same way. */
    FAIL;

    /** Whether this action retries in place before moving on. */
    public boolean retries() {
      return this == RETRY_THEN_NEXT_REGION || this == RETRY_THEN_NEXT_MODEL;
    }
  }

  /**
   * Circuit breaker settings. The circuit of a model in a region opens after
   * {@code failureThreshold} consecutive failures (5xx, timeouts, broken streams, connection
   * errors) within {@code failureWindow}, or, when {@code failureRatePercent} is set, when that
   * share of at least {@code failureThreshold} calls in the window failed. It stays open for
   * {@code openDelay}, then lets {@code halfOpenProbes} calls through; if they succeed it closes.
   *
   * <p>Throttling is not a failure here: a 429 says the model is busy, not broken, and is handled
   * by backoff, the retry budget and fallback; counting it let a burst of concurrent callers
   * open every circuit of a chain at once and fail every request fast for the open delay (the
   * chaos run in {@code benchmarks/} showed it). But a model that throttles nearly every call
   * (an exhausted quota) only burns the retry budget that the next model needs, so the circuit
   * also opens when at least {@code throttledPercentToOpen} % of its calls in the last 10 s were
   * throttled, counted over at least {@value #THROTTLE_SAMPLE} calls that span 2 s or more (a
   * throttled call returns at once and a good one takes the model's time, so the first answers to
   * a burst of concurrent callers are throttled ones even in a mild storm). A throttled half-open
   * probe opens the circuit again.
   *
   * @param failureThreshold consecutive failures (or, rate-based, minimum calls) that open the
   *     circuit
   * @param failureWindow the window failures are counted in
   * @param failureRatePercent 1-100 for rate-based opening, or 0 for consecutive failures
   * @param openDelay how long the circuit stays open before probing
   * @param halfOpenProbes calls let through while half-open; all must succeed to close
   * @param throttledPercentToOpen 1-100: open when this share of the calls in the last 10 s were
   *     throttled; 0 never opens on throttling
   */
  public record CircuitBreakerSettings(
      int failureThreshold,
      Duration failureWindow,
      int failureRatePercent,
      Duration openDelay,
      int halfOpenProbes,
      int throttledPercentToOpen) {

    /** The fewest calls the throttled share of a circuit is measured over. */
    public static final int THROTTLE_SAMPLE = 20;

    /** The default throttled share that opens a circuit: 90 % of the calls in the last 10 s. */
    public static final int DEFAULT_THROTTLED_PERCENT_TO_OPEN = 90;

    public CircuitBreakerSettings {
      Checks.positive(failureThreshold, "failureThreshold");
      Checks.positive(failureWindow, "failureWindow");
      Checks.between(failureRatePercent, 0, 100, "failureRatePercent");
      Checks.positive(openDelay, "openDelay");
      Checks.positive(halfOpenProbes, "halfOpenProbes");
      Checks.between(throttledPercentToOpen, 0, 100, "throttledPercentToOpen");
    }

    /**
     * Opens after 5 consecutive failures within 60 s or when 90 % of the calls in the last 10 s
     * were throttled, probes after 30 s with one call.
     */
    public static CircuitBreakerSettings ofDefaults() {
      return countBased(5, Duration.ofSeconds(60));
    }

    /** Opens after {@code failures} consecutive failures within {@code window}. */
    public static CircuitBreakerSettings countBased(int failures, Duration window) {
      return new CircuitBreakerSettings(
          failures, window, 0, Duration.ofSeconds(30), 1, DEFAULT_THROTTLED_PERCENT_TO_OPEN);
    }

    /** Opens when {@code percent} % of at least {@code minCalls} calls in {@code window} fail. */
    public static CircuitBreakerSettings rateBased(int percent, int minCalls, Duration window) {
      Checks.between(percent, 1, 100, "failureRatePercent");
      return new CircuitBreakerSettings(
          minCalls, window, percent, Duration.ofSeconds(30), 1, DEFAULT_THROTTLED_PERCENT_TO_OPEN);
    }

    /** A copy with another open delay. */
    public CircuitBreakerSettings withOpenDelay(Duration delay) {
      return new CircuitBreakerSettings(
          failureThreshold, failureWindow, failureRatePercent, delay, halfOpenProbes,
          throttledPercentToOpen);
    }

    /** A copy with another number of half-open probes. */
    public CircuitBreakerSettings withHalfOpenProbes(int probes) {
      return new CircuitBreakerSettings(
          failureThreshold, failureWindow, failureRatePercent, openDelay, probes,
          throttledPercentToOpen);
    }

    /** A copy that opens at another throttled share of the last 10 s of calls (0: never). */
    public CircuitBreakerSettings withThrottledPercentToOpen(int percent) {
      return new CircuitBreakerSettings(
          failureThreshold, failureWindow, failureRatePercent, openDelay, halfOpenProbes, percent);
    }
  }

  public CallPolicy {
    Checks.positive(attemptTimeout, "attemptTimeout");
    Checks.positive(deadline, "deadline");
    Checks.positive(maxAttempts, "maxAttempts");
    Checks.notNegative(backoffBase, "backoffBase");
    Checks.notNegative(backoffMax, "backoffMax");
    if (backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException(
          "backoffMax must be >= backoffBase but was " + backoffMax + " < " + backoffBase);
    }
    Checks.between(retryBudgetRatio, 0, 100, "retryBudgetRatio");
    Checks.notNegative(retryBudgetMinPerSecond, "retryBudgetMinPerSecond");
    Checks.notNull(circuitBreaker, "circuitBreaker");
    Checks.positive(maxConcurrentCallsPerModel, "maxConcurrentCallsPerModel");
    EnumMap<Outcome, OnError> actions = new EnumMap<>(defaultActions());
    actions.putAll(Checks.notNull(onError, "onError"));
    onError = Map.copyOf(actions);
  }

  /** The defaults: 30 s per attempt, 60 s per request, 3 attempts, 1-20 s backoff, ... */
  public static CallPolicy ofDefaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** What {@code outcome} does next. */
  public OnError actionFor(Outcome outcome) {
    return onError.getOrDefault(outcome, OnError.FAIL);
  }

  /**
   * The default action of each outcome: throttling, 5xx, timeouts, broken streams and
   * connection errors retry then move to the next region; a model that is not ready retries then
   * moves to the next model; open circuits and full bulkheads skip to the next region; retired and
   * disabled models skip to the next model; invalid requests, access denied and context-window
   * overflow (after trimming) fail at once.
   */
  public static Map<Outcome, OnError> defaultActions() {
    EnumMap<Outcome, OnError> m = new EnumMap<>(Outcome.class);
    m.put(Outcome.THROTTLED, OnError.RETRY_THEN_NEXT_REGION);
    m.put(Outcome.SERVER_ERROR, OnError.RETRY_THEN_NEXT_REGION);
    m.put(Outcome.TIMEOUT, OnError.RETRY_THEN_NEXT_REGION);
    m.put(Outcome.STREAM_ERROR, OnError.RETRY_THEN_NEXT_REGION);
    m.put(Outcome.CONNECTION_ERROR, OnError.RETRY_THEN_NEXT_REGION);
    m.put(Outcome.NOT_READY, OnError.RETRY_THEN_NEXT_MODEL);
    m.put(Outcome.CIRCUIT_OPEN, OnError.NEXT_REGION);
    m.put(Outcome.BULKHEAD_FULL, OnError.NEXT_REGION);
    m.put(Outcome.NOT_FOUND, OnError.NEXT_MODEL);
    m.put(Outcome.DISABLED, OnError.NEXT_MODEL);
    m.put(Outcome.ACCESS_DENIED, OnError.FAIL);
    m.put(Outcome.INVALID_REQUEST, OnError.FAIL);
    m.put(Outcome.CONTEXT_WINDOW_EXCEEDED, OnError.FAIL);
    m.put(Outcome.FAILED, OnError.FAIL);
    m.put(Outcome.SUCCESS, OnError.FAIL);
    return m;
  }

  /** Builds {@link CallPolicy} instances. Not thread-safe. */
  public static final class Builder {
    private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
    private Duration deadline = DEFAULT_DEADLINE;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private Duration backoffBase = DEFAULT_BACKOFF_BASE;
    private Duration backoffMax = DEFAULT_BACKOFF_MAX;
    private double retryBudgetRatio = DEFAULT_RETRY_BUDGET_RATIO;
    private int retryBudgetMinPerSecond = DEFAULT_RETRY_BUDGET_MIN_PER_SECOND;
    private CircuitBreakerSettings circuitBreaker = CircuitBreakerSettings.ofDefaults();
    private int maxConcurrentCallsPerModel = DEFAULT_MAX_CONCURRENT_CALLS_PER_MODEL;
    private final EnumMap<Outcome, OnError> onError = new EnumMap<>(Outcome.class);

    private Builder() {}

    private Builder(CallPolicy p) {
      attemptTimeout = p.attemptTimeout;
      deadline = p.deadline;
      maxAttempts = p.maxAttempts;
      backoffBase = p.backoffBase;
      backoffMax = p.backoffMax;
      retryBudgetRatio = p.retryBudgetRatio;
      retryBudgetMinPerSecond = p.retryBudgetMinPerSecond;
      circuitBreaker = p.circuitBreaker;
      maxConcurrentCallsPerModel = p.maxConcurrentCallsPerModel;
      onError.putAll(p.onError);
    }

    /** Time allowed for one call (default 30 s). */
    public Builder attemptTimeout(Duration timeout) {
      this.attemptTimeout = Checks.positive(timeout, "attemptTimeout");
      return this;
    }

    /** Time allowed for a whole request, retries and fallbacks included (default 60 s). */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /** Calls per model and region, first try included (default 3; 1 turns retries off). */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.positive(maxAttempts, "maxAttempts");
      return this;
    }

    /**
     * Exponential backoff with full jitter: before retry n the delay is random in
     * [0, min(max, base * 2^(n-1))] (default 1 s base, 20 s max).
     */
    public Builder backoff(Duration base, Duration max) {
      this.backoffBase = Checks.notNegative(base, "backoffBase");
      this.backoffMax = Checks.notNegative(max, "backoffMax");
      return this;
    }

    /**
     * Retry budget: on average {@code ratio} retries per request (default 0.5), plus
     * {@code minPerSecond} retries per second whatever the traffic (default 10). When the
     * budget is spent, failures move on to the next region or model at once instead of
     * retrying, so a 429 storm does not multiply the load: retries add at most half the request
     * rate by default. A 30 % storm needs about 0.43 retries per request to retry every throttled
     * call; 0.2 (Finagle's default) fails about 1.3 % of such a storm's requests that 0.5 answers
     * (benchmarks/README.md, 429 storm).
     */
    public Builder retryBudget(double ratio, int minPerSecond) {
      this.retryBudgetRatio = Checks.between(ratio, 0, 100, "retryBudgetRatio");
      this.retryBudgetMinPerSecond = Checks.notNegative(minPerSecond, "retryBudgetMinPerSecond");
      return this;
    }

    /** Circuit breaker settings per model and region (default: 5 failures in 60 s, 30 s open). */
    public Builder circuitBreaker(CircuitBreakerSettings settings) {
      this.circuitBreaker = Checks.notNull(settings, "circuitBreaker");
      return this;
    }

    /** Bulkhead: calls to one model in flight at once (default 256). */
    public Builder maxConcurrentCallsPerModel(int max) {
      this.maxConcurrentCallsPerModel = Checks.positive(max, "maxConcurrentCallsPerModel");
      return this;
    }

    /** Overrides what one failure outcome does. */
    public Builder onError(Outcome outcome, OnError action) {
      Checks.notNull(outcome, "outcome");
      if (outcome == Outcome.SUCCESS) {
        throw new IllegalArgumentException("outcome must be a failure but was SUCCESS");
      }
      onError.put(outcome, Checks.notNull(action, "action"));
      return this;
    }

    public CallPolicy build() {
      return new CallPolicy(
          attemptTimeout,
          deadline,
          maxAttempts,
          backoffBase,
          backoffMax,
          retryBudgetRatio,
          retryBudgetMinPerSecond,
          circuitBreaker,
          maxConcurrentCallsPerModel,
          onError);
    }
  }
}
