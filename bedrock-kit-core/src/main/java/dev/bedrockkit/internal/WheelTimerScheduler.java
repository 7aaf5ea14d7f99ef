package dev.bedrockkit.internal;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Internal: a {@link ScheduledExecutorService} on Netty's {@link HashedWheelTimer}, for the AWS
 * SDK's call timeouts. Every bedrock-kit call arms a timeout and almost every one is cancelled a
 * few milliseconds later. The JDK's {@code ScheduledThreadPoolExecutor} pays a locked heap
 * insertion and, when its queue was empty, a wake-up of its thread for each one (about 5 µs of
 * CPU per call, measured by {@code ClientCpuBenchmark}); the wheel queues the timeout lock-free
 * and its one thread looks once per tick. Tasks run on that thread, late by up to one tick.
 *
 * <p>Thread-safe.
 */
public final class WheelTimerScheduler extends AbstractExecutorService
    implements ScheduledExecutorService {
  private final HashedWheelTimer timer;
  private volatile boolean shutdown;

  /** A timer ticking every {@code tick}, whose thread is a daemon named {@code threadName}. */
  public WheelTimerScheduler(String threadName, Duration tick) {
    AtomicInteger n = new AtomicInteger();
    this.timer =
        new HashedWheelTimer(
            r -> {
              Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            tick.toNanos(),
            TimeUnit.NANOSECONDS,
            512);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return arm(new Task<>(Executors.callable(command), 0), delay, unit);
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    return arm(new Task<>(callable, 0), delay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return arm(new Task<>(Executors.callable(command), unit.toNanos(positive(period))), initialDelay, unit);
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return arm(new Task<>(Executors.callable(command), -unit.toNanos(positive(delay))), initialDelay, unit);
  }

  @Override
  public void execute(Runnable command) {
    schedule(command, 0, TimeUnit.NANOSECONDS);
  }

  @Override
  public void shutdown() {
    shutdown = true;
    timer.stop();
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }

  /** Timeouts armed and neither fired nor cancelled yet (cancelled ones leave at the next tick). */
  public long pending() {
    return timer.pendingTimeouts();
  }

  private <V> Task<V> arm(Task<V> task, long delay, TimeUnit unit) {
    if (shutdown) {
      throw new java.util.concurrent.RejectedExecutionException("the timer was shut down");
    }
    task.deadlineNanos = System.nanoTime() + unit.toNanos(Math.max(0, delay));
    task.timeout = timer.newTimeout(t -> task.fire(), Math.max(0, delay), unit);
    return task;
  }

  private static long positive(long period) {
    if (period <= 0) {
      throw new IllegalArgumentException("period must be > 0 but was " + period);
    }
    return period;
  }

  /** A scheduled task; {@code periodNanos} > 0 at a fixed rate, < 0 with a fixed delay. */
  private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
    private final long periodNanos;
    volatile long deadlineNanos;
    volatile Timeout timeout;

    Task(Callable<V> callable, long periodNanos) {
      super(callable);
      this.periodNanos = periodNanos;
    }

    void fire() {
      if (periodNanos == 0) {
        run();
        return;
      }
      if (runAndReset() && !shutdown) {
        long next = periodNanos > 0 ? deadlineNanos + periodNanos : System.nanoTime() - periodNanos;
        deadlineNanos = next;
        timeout = timer.newTimeout(t -> fire(), Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      Timeout t = timeout;
      if (t != null) {
        t.cancel();
      }
      return cancelled;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
