package dev.bedrockkit.benchmarks.harness;

import java.util.Arrays;

/**
 * Latencies of one caller thread, in nanoseconds; merged after a run. Not thread-safe: one per
 * thread, read after the thread finished.
 */
public final class LatencyLog {
  private long[] values = new long[1024];
  private int size;

  public void add(long nanos) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = nanos;
  }

  public int size() {
    return size;
  }

  public long[] toArray() {
    return Arrays.copyOf(values, size);
  }

  /** All values of several logs, sorted. */
  public static long[] mergeSorted(Iterable<LatencyLog> logs) {
    int n = 0;
    for (LatencyLog l : logs) {
      n += l.size;
    }
    long[] all = new long[n];
    int i = 0;
    for (LatencyLog l : logs) {
      System.arraycopy(l.values, 0, all, i, l.size);
      i += l.size;
    }
    Arrays.sort(all);
    return all;
  }
}
