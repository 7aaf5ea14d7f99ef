package dev.bedrockkit.benchmarks.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the machine was doing while a number was taken: date, load average, CPUs, JVM. Every
 * table the harnesses write carries it, because on a shared machine a number means nothing
 * without it. Stateless and thread-safe.
 */
public final class Environment {
  private Environment() {}

  /** The 1-minute load average from {@code /proc/loadavg}, or NaN off Linux. */
  public static double loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg")).trim();
      return Double.parseDouble(s.split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The three load averages as {@code 1.23 / 2.34 / 3.45}, or {@code n/a}. */
  public static String loadAverages() {
    try {
      String[] p = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return p[0] + " / " + p[1] + " / " + p[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** One line: date, CPUs, JVM, and the load averages (1, 5, 15 min) at this moment. */
  public static String describe() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + ", " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
        + ", load average " + loadAverages();
  }
}
