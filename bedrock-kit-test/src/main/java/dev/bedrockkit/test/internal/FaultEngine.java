package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Holds the fault rules and decides, per request, which fire. Rules are tried in the order they
 * were added; delays add up, the first error wins. Thread-safe.
 */
public final class FaultEngine {
  private final CopyOnWriteArrayList<FaultRule> rules = new CopyOnWriteArrayList<>();

  /**
   * Adds a rule.
   *
   * @param rule the rule
   * @return the rule as a handle
   */
  public Fault add(FaultRule rule) {
    rules.add(rule);
    return rule;
  }

  /** Removes every rule. */
  public void reset() {
    rules.forEach(FaultRule::cancel);
    rules.clear();
  }

  /** @return every rule still in the engine, active or used up */
  public List<Fault> rules() {
    return List.copyOf(rules);
  }

  /** @return the number of requests any rule affected since the last reset */
  public int triggered() {
    return rules.stream().mapToInt(FaultRule::triggered).sum();
  }

  /**
   * Evaluates the rules for one request.
   *
   * @param operation the operation
   * @param modelId model ID as sent, or null
   * @param region the caller's region
   * @return the combined decision
   */
  public Decision evaluate(Operation operation, String modelId, String region) {
    Duration delay = Duration.ZERO;
    Duration eventDelay = Duration.ZERO;
    int breakAfter = -1;
    String exceptionType = null;
    for (FaultRule rule : rules) {
      if (!rule.tryFire(operation, modelId, region)) {
        continue;
      }
      switch (rule.action()) {
        case ERROR:
          return new Decision(rule.error(), delay, eventDelay, breakAfter, exceptionType);
        case TIMEOUT:
          return new Decision(
              ErrorKind.MODEL_TIMEOUT, delay.plus(rule.delay()), eventDelay, breakAfter, exceptionType);
        case DELAY:
          delay = delay.plus(rule.delay());
          break;
        case STREAM_DELAY:
          eventDelay = eventDelay.plus(rule.delay());
          break;
        case BREAK_STREAM:
          if (exceptionType == null) {
            breakAfter = rule.breakAfter();
            exceptionType = rule.exceptionType();
          }
          break;
        default:
          throw new IllegalStateException(rule.action().name());
      }
    }
    return new Decision(null, delay, eventDelay, breakAfter, exceptionType);
  }

  /**
   * What the fault rules decided for one request.
   *
   * @param error the error to answer with, or null
   * @param delay extra delay before the answer
   * @param eventDelay extra delay between stream events
   * @param breakAfter events before a mid-stream exception, or -1
   * @param exceptionType the mid-stream {@code :exception-type}, or null
   */
  public record Decision(
      ErrorKind error, Duration delay, Duration eventDelay, int breakAfter, String exceptionType) {}
}
