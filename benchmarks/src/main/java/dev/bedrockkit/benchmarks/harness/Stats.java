package dev.bedrockkit.benchmarks.harness;

import java.util.Arrays;
import java.util.List;

/** Exact percentiles and medians over small arrays. Stateless and thread-safe. */
public final class Stats {
  private Stats() {}

  /** The {@code p}-th percentile (0-100, nearest rank) of unsorted values; NaN when empty. */
  public static double percentile(long[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return percentileSorted(sorted, p);
  }

  /** Nearest-rank percentile of sorted values. */
  public static double percentileSorted(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
  }

  /** The median of the values (mean of the middle two for an even count); NaN when empty. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  public static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  public static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
