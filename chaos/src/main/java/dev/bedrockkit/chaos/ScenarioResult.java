package dev.bedrockkit.chaos;

import java.util.List;
import java.util.Map;

/**
 * One row of the chaos table.
 *
 * @param scenario short name
 * @param description what was done to the system
 * @param sent requests sent
 * @param succeeded answered by a model or the response cache
 * @param degraded answered with a degraded answer (marked {@code degraded=true})
 * @param failedTyped failed with a {@code BedrockKitException}, by class
 * @param failedOtherwise failed with anything else, by class (must be empty)
 * @param hung requests that ended more than the grace past their deadline, or never (must be 0)
 * @param disabledCalls calls the emulator received for a switched-off model after the switch took
 *     effect, or {@code null} when the scenario switches nothing off (must be 0)
 * @param p50Millis median latency of all requests
 * @param p99Millis 99th percentile (nearest rank) of all requests
 * @param maxMillis slowest request
 * @param maxPastDeadlineMillis how far the slowest request went past its deadline (0 if none did)
 * @param logViolations log events at INFO or above that carried a prompt or answer, or a secret
 * @param checks scenario-specific findings, each "ok" or a failure sentence
 */
public record ScenarioResult(
    String scenario,
    String description,
    long sent,
    long succeeded,
    long degraded,
    Map<String, Long> failedTyped,
    Map<String, Long> failedOtherwise,
    long hung,
    Integer disabledCalls,
    double p50Millis,
    double p99Millis,
    double maxMillis,
    double maxPastDeadlineMillis,
    List<String> logViolations,
    List<Check> checks) {

  /** One scenario-specific expectation and whether it held. */
  public record Check(String what, boolean held, String detail) {}

  public long failedTypedTotal() {
    return failedTyped.values().stream().mapToLong(Long::longValue).sum();
  }

  public long failedOtherwiseTotal() {
    return failedOtherwise.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether every zero the suite promises is a zero and every check held. */
  public boolean passed() {
    return failedOtherwiseTotal() == 0
        && hung == 0
        && (disabledCalls == null || disabledCalls == 0)
        && logViolations.isEmpty()
        && checks.stream().allMatch(Check::held);
  }
}
