package dev.bedrockkit.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Runs {@code concurrency} caller threads, each calling in a closed loop (next call when the last
 * returned) until a duration has passed or each made a number of calls. Stateless; each run
 * starts its own threads.
 */
public final class ClosedLoop {
  private ClosedLoop() {}

  /**
   * What a run measured.
   *
   * @param calls completed calls (success or failure)
   * @param failures calls that threw
   * @param wrong calls that returned an answer the check rejected
   * @param elapsedNanos from the start signal to the last caller's end
   * @param sortedLatencies every call's latency in ns, sorted
   * @param firstFailure the first exception, or null
   */
  public record Result(
      long calls, long failures, long wrong, long elapsedNanos, long[] sortedLatencies,
      Throwable firstFailure) {

    public double throughput() {
      return calls / (elapsedNanos / 1e9);
    }

    public double percentileMillis(double p) {
      return Stats.percentileSorted(sortedLatencies, p) / 1e6;
    }
  }

  /** A call that measures itself: returns the nanoseconds to record, or -1 for a wrong answer. */
  @FunctionalInterface
  public interface Measured {
    long call();
  }

  /**
   * Runs the loop, recording each call's wall time. Each caller stops after {@code duration} or
   * after {@code callsPerCaller} calls (when > 0), whichever comes first.
   */
  public static Result run(
      int concurrency,
      Duration duration,
      int callsPerCaller,
      Supplier<String> call,
      Predicate<String> check) {
    return runMeasured(
        concurrency,
        duration,
        callsPerCaller,
        () -> {
          long t0 = System.nanoTime();
          String answer = call.get();
          long took = System.nanoTime() - t0;
          return check.test(answer) ? took : -1 - took;
        });
  }

  /**
   * Runs the loop, recording what each call returns (e.g. its time to first token). A return
   * value below 0 marks a wrong answer; {@code -1 - value} is then recorded.
   */
  public static Result runMeasured(
      int concurrency, Duration duration, int callsPerCaller, Measured call) {
    CountDownLatch ready = new CountDownLatch(concurrency);
    CountDownLatch go = new CountDownLatch(1);
    List<LatencyLog> logs = new ArrayList<>();
    LongAdder failures = new LongAdder();
    LongAdder wrong = new LongAdder();
    AtomicReference<Throwable> first = new AtomicReference<>();
    long[] startAt = new long[1];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < concurrency; i++) {
      LatencyLog log = new LatencyLog();
      logs.add(log);
      Thread t =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  return;
                }
                long end = startAt[0] + duration.toNanos();
                int n = 0;
                while ((callsPerCaller <= 0 || n < callsPerCaller) && System.nanoTime() < end) {
                  n++;
                  long t0 = System.nanoTime();
                  try {
                    long v = call.call();
                    if (v < 0) {
                      wrong.increment();
                      v = -1 - v;
                    }
                    log.add(v);
                  } catch (RuntimeException e) {
                    log.add(System.nanoTime() - t0);
                    failures.increment();
                    first.compareAndSet(null, e);
                  }
                }
              },
              "caller-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    try {
      ready.await();
      startAt[0] = System.nanoTime();
      go.countDown();
      for (Thread t : threads) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    long elapsed = System.nanoTime() - startAt[0];
    long[] sorted = LatencyLog.mergeSorted(logs);
    return new Result(sorted.length, failures.sum(), wrong.sum(), elapsed, sorted, first.get());
  }
}
