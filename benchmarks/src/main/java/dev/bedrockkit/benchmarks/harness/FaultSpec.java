package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.Faults;
import java.time.Duration;

/**
 * A fault to install in an emulator, in a form that also travels as one command-line argument to
 * an emulator process: {@code throttle,<modelId or *>,<rate>,<seed>} or
 * {@code slowStreams,<millis per event>}. Immutable.
 *
 * @param kind {@code throttle} or {@code slowStreams}
 * @param modelId the model the fault is scoped to, or {@code *} for every model
 * @param rate share of calls throttled, in (0, 1]
 * @param seed random seed of the throttling
 * @param millis extra time between two stream events
 */
public record FaultSpec(String kind, String modelId, double rate, long seed, long millis) {

  /** Throttles {@code rate} of the calls to {@code modelId} ({@code *} = all), seeded. */
  public static FaultSpec throttle(String modelId, double rate, long seed) {
    return new FaultSpec("throttle", modelId, rate, seed, 0);
  }

  /** Every stream waits {@code perEvent} more between two events. */
  public static FaultSpec slowStreams(Duration perEvent) {
    return new FaultSpec("slowStreams", "*", 0, 0, perEvent.toMillis());
  }

  /** The one-argument form. */
  public String arg() {
    return kind.equals("throttle")
        ? "throttle," + modelId + "," + rate + "," + seed
        : "slowStreams," + millis;
  }

  /** Parses {@link #arg()}. */
  public static FaultSpec parse(String arg) {
    String[] p = arg.split(",");
    if (p[0].equals("throttle") && p.length == 4) {
      return throttle(p[1], Double.parseDouble(p[2]), Long.parseLong(p[3]));
    }
    if (p[0].equals("slowStreams") && p.length == 2) {
      return slowStreams(Duration.ofMillis(Long.parseLong(p[1])));
    }
    throw new IllegalArgumentException(
        "fault must be throttle,<model|*>,<rate>,<seed> or slowStreams,<ms>, not '" + arg + "'");
  }

  /** Installs the fault. */
  public void applyTo(BedrockEmulator emulator) {
    Faults f = modelId.equals("*") ? emulator.faults() : emulator.faults().forModel(modelId);
    if (kind.equals("throttle")) {
      f.throttleRate(rate, seed);
    } else {
      f.slowStreams(Duration.ofMillis(millis));
    }
  }
}
