package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.Operation;
import java.time.Duration;
import java.util.Random;
import java.util.Set;

/** One fault rule: a scope, an action and a budget. Thread-safe (firing is synchronized). */
public final class FaultRule implements Fault {

  /** What a rule does when it fires. */
  public enum Action {
    /** Answer with an error. */
    ERROR,
    /** Wait, then answer with ModelTimeoutException. */
    TIMEOUT,
    /** Wait, then answer normally. */
    DELAY,
    /** Space stream events further apart. */
    STREAM_DELAY,
    /** End a stream with an exception event after some events. */
    BREAK_STREAM
  }

  private final String description;
  private final String modelId;
  private final String region;
  private final Set<Operation> operations;
  private final Action action;
  private final ErrorKind error;
  private final Duration delay;
  private final int breakAfter;
  private final String exceptionType;
  private final double rate;
  private final Random random;
  private int remaining;
  private int triggered;
  private boolean cancelled;

  /**
   * Creates a rule.
   *
   * @param description what it is, for logs and assertions
   * @param modelId model ID scope or null
   * @param region region scope or null
   * @param operations operations it applies to
   * @param action the action
   * @param error the error for ERROR, or null
   * @param delay the delay for TIMEOUT, DELAY and STREAM_DELAY, or zero
   * @param breakAfter events before the break for BREAK_STREAM
   * @param exceptionType the {@code :exception-type} for BREAK_STREAM
   * @param budget how many times it fires, -1 for unlimited
   * @param rate probability of firing for a matching request, 1 for always
   * @param seed seed of the random source used when {@code rate < 1}
   */
  public FaultRule(
      String description,
      String modelId,
      String region,
      Set<Operation> operations,
      Action action,
      ErrorKind error,
      Duration delay,
      int breakAfter,
      String exceptionType,
      int budget,
      double rate,
      long seed) {
    this.description = description;
    this.modelId = modelId;
    this.region = region;
    this.operations = Set.copyOf(operations);
    this.action = action;
    this.error = error;
    this.delay = delay;
    this.breakAfter = breakAfter;
    this.exceptionType = exceptionType;
    this.remaining = budget;
    this.rate = rate;
    this.random = new Random(seed);
  }

  /**
   * Fires the rule for a request if it matches and has budget.
   *
   * @param operation the operation
   * @param requestModelId model ID as sent, or null
   * @param requestRegion region of the caller
   * @return true when it fired
   */
  synchronized boolean tryFire(Operation operation, String requestModelId, String requestRegion) {
    if (cancelled || remaining == 0 || !operations.contains(operation)) {
      return false;
    }
    if (modelId != null && !modelId.equals(requestModelId)) {
      return false;
    }
    if (region != null && !region.equals(requestRegion)) {
      return false;
    }
    if (rate < 1.0 && random.nextDouble() >= rate) {
      return false;
    }
    if (remaining > 0) {
      remaining--;
    }
    triggered++;
    return true;
  }

  Action action() {
    return action;
  }

  ErrorKind error() {
    return error;
  }

  Duration delay() {
    return delay;
  }

  int breakAfter() {
    return breakAfter;
  }

  String exceptionType() {
    return exceptionType;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public synchronized int triggered() {
    return triggered;
  }

  @Override
  public synchronized int remaining() {
    return cancelled ? 0 : remaining;
  }

  @Override
  public synchronized boolean isActive() {
    return !cancelled && remaining != 0;
  }

  @Override
  public synchronized void cancel() {
    cancelled = true;
  }

  @Override
  public String toString() {
    return description;
  }
}
