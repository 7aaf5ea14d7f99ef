package dev.bedrockkit.chaos;

import java.time.Duration;

/**
 * How hard and how long each chaos scenario pushes: concurrent callers, how long the load runs
 * (faults are injected at fixed fractions of it), and the call policy the kit under test uses.
 *
 * <p>Immutable.
 *
 * @param profile {@code short} (the suite in {@code mvn verify}) or {@code long} ({@code run.sh})
 * @param callers concurrent closed-loop callers
 * @param duration how long each scenario sends requests
 * @param think the longest pause of a caller between two requests (drawn uniformly)
 * @param attemptTimeout the kit's per-attempt timeout
 * @param deadline the kit's per-request deadline
 * @param grace how far past its deadline a request may end before it counts as hung (scheduling
 *     noise on a loaded machine, not a hang)
 * @param seed seed of every random choice (request mix, think time, throttling)
 */
public record ChaosSettings(
    String profile,
    int callers,
    Duration duration,
    Duration think,
    Duration attemptTimeout,
    Duration deadline,
    Duration grace,
    long seed) {

  /** The version that runs in {@code mvn verify}: 8 callers, 3 s per scenario. */
  public static ChaosSettings shortRun() {
    return new ChaosSettings(
        "short",
        8,
        Duration.ofSeconds(3),
        Duration.ofMillis(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        42);
  }

  /** The long run of {@code chaos/run.sh}: 64 callers, 60 s per scenario. */
  public static ChaosSettings longRun() {
    return new ChaosSettings(
        "long",
        64,
        Duration.ofSeconds(60),
        Duration.ofMillis(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(4),
        Duration.ofSeconds(2),
        42);
  }

  /** A copy with other callers and duration. */
  public ChaosSettings with(int callers, Duration duration) {
    return new ChaosSettings(
        profile, callers, duration, think, attemptTimeout, deadline, grace, seed);
  }
}
