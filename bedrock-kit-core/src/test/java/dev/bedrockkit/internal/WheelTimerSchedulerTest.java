package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wheel runs on its own thread in real time: these tests wait on latches, never on sleeps. */
class WheelTimerSchedulerTest {
  private final WheelTimerScheduler timer =
      new WheelTimerScheduler("wheel-test", Duration.ofMillis(10));

  @AfterEach
  void stop() {
    timer.shutdown();
  }

  @Test
  void runsATaskNoEarlierThanItsDelay() throws Exception {
    CountDownLatch ran = new CountDownLatch(1);
    long start = System.nanoTime();
    long[] ranAfter = new long[1];
    timer.schedule(
        () -> {
          ranAfter[0] = System.nanoTime() - start;
          ran.countDown();
        },
        50,
        TimeUnit.MILLISECONDS);

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(ranAfter[0]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
  }

  @Test
  void aCallableCompletesItsFutureWithItsValue() throws Exception {
    ScheduledFuture<String> f = timer.schedule(() -> "done", 1, TimeUnit.MILLISECONDS);

    assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("done");
    assertThat(f.isDone()).isTrue();
  }

  @Test
  void aCancelledTaskNeverRunsAndLeavesTheWheel() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    ScheduledFuture<?> f = timer.schedule(runs::incrementAndGet, 30, TimeUnit.MILLISECONDS);
    assertThat(f.getDelay(TimeUnit.MILLISECONDS)).isBetween(1L, 30L);

    assertThat(f.cancel(false)).isTrue();
    CountDownLatch later = new CountDownLatch(1);
    timer.schedule(later::countDown, 100, TimeUnit.MILLISECONDS);

    assertThat(later.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(runs).hasValue(0);
    assertThat(f.isCancelled()).isTrue();
    assertThat(timer.pending()).isZero();
  }

  @Test
  void aFixedRateTaskRepeatsUntilCancelled() throws Exception {
    CountDownLatch threeRuns = new CountDownLatch(3);
    ScheduledFuture<?> f =
        timer.scheduleAtFixedRate(threeRuns::countDown, 0, 20, TimeUnit.MILLISECONDS);

    assertThat(threeRuns.await(10, TimeUnit.SECONDS)).isTrue();
    f.cancel(false);
    assertThat(f.isCancelled()).isTrue();
  }

  @Test
  void aFixedDelayTaskRepeats() throws Exception {
    CountDownLatch twoRuns = new CountDownLatch(2);
    ScheduledFuture<?> f =
        timer.scheduleWithFixedDelay(twoRuns::countDown, 0, 20, TimeUnit.MILLISECONDS);

    assertThat(twoRuns.await(10, TimeUnit.SECONDS)).isTrue();
    f.cancel(false);
  }

  @Test
  void rejectsTasksAfterShutdownAndNonPositivePeriods() {
    assertThatThrownBy(() -> timer.scheduleAtFixedRate(() -> {}, 0, 0, TimeUnit.MILLISECONDS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("period must be > 0");

    timer.shutdown();

    assertThat(timer.isShutdown()).isTrue();
    assertThatThrownBy(() -> timer.execute(() -> {}))
        .isInstanceOf(RejectedExecutionException.class);
  }
}
