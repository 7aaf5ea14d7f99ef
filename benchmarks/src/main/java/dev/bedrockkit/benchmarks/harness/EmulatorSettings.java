package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.LatencyModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to run the emulator for a benchmark: latency, server threads, faults. Immutable.
 *
 * @param latency the latency of every model
 * @param containerThreads Jetty threads (one per request being parsed and answered)
 * @param streamThreads threads that write delayed and paced answers (one per paced stream)
 * @param faults faults to install at start
 */
public record EmulatorSettings(
    LatencyModel latency, int containerThreads, int streamThreads, List<FaultSpec> faults) {

  public EmulatorSettings {
    faults = List.copyOf(faults);
  }

  /** Enough threads for {@code concurrency} callers, zero latency, no faults. */
  public static EmulatorSettings forConcurrency(int concurrency) {
    int threads = Math.max(64, concurrency + 56);
    return new EmulatorSettings(LatencyModel.ZERO, threads, threads, List.of());
  }

  public EmulatorSettings withLatency(LatencyModel l) {
    return new EmulatorSettings(l, containerThreads, streamThreads, faults);
  }

  public EmulatorSettings withStreamThreads(int n) {
    return new EmulatorSettings(latency, containerThreads, n, faults);
  }

  public EmulatorSettings withFault(FaultSpec f) {
    List<FaultSpec> all = new ArrayList<>(faults);
    all.add(f);
    return new EmulatorSettings(latency, containerThreads, streamThreads, all);
  }

  /**
   * A latency setting by name: {@code zero} (answers at once: pure client cost), or a duration
   * such as {@code 50ms}: that fixed time to first token and instant generation.
   */
  public static LatencyModel latency(String name) {
    if (name.equalsIgnoreCase("zero")) {
      return LatencyModel.ZERO;
    }
    Duration ttft = Cli.parseDuration(name, "latency");
    return LatencyModel.of(ttft, Double.POSITIVE_INFINITY);
  }

  /** The name of a latency setting for tables: {@code zero} or {@code ttft 50 ms}. */
  public static String describe(LatencyModel l) {
    if (l.timeToFirstToken().isZero() && Double.isInfinite(l.outputTokensPerSecond())) {
      return "zero";
    }
    String s = "ttft " + l.timeToFirstToken().toMillis() + " ms";
    return Double.isInfinite(l.outputTokensPerSecond())
        ? s
        : s + ", " + (long) l.outputTokensPerSecond() + " tok/s";
  }

  /** The command-line form for {@link EmulatorMain}. */
  public List<String> args() {
    List<String> a = new ArrayList<>();
    a.add("--ttft-ms");
    a.add(Long.toString(latency.timeToFirstToken().toMillis()));
    a.add("--tokens-per-second");
    a.add(Double.isInfinite(latency.outputTokensPerSecond())
        ? "inf" : Double.toString(latency.outputTokensPerSecond()));
    a.add("--container-threads");
    a.add(Integer.toString(containerThreads));
    a.add("--stream-threads");
    a.add(Integer.toString(streamThreads));
    for (FaultSpec f : faults) {
      a.add("--fault");
      a.add(f.arg());
    }
    return a;
  }
}
