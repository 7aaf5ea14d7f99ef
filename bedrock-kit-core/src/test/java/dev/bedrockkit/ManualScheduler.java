package dev.bedrockkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A scheduler that runs nothing by itself: tests see what was scheduled and run it with {@link
 * #runScheduled()}, so refreshes happen exactly when the test says and nothing sleeps.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {

  /** One scheduled task. */
  static final class Task implements ScheduledFuture<Object> {
    final Runnable runnable;
    final long initialDelayMillis;
    final long periodMillis;
    final boolean fixedDelay;
    private volatile boolean cancelled;

    Task(Runnable runnable, long initialDelayMillis, long periodMillis, boolean fixedDelay) {
      this.runnable = runnable;
      this.initialDelayMillis = initialDelayMillis;
      this.periodMillis = periodMillis;
      this.fixedDelay = fixedDelay;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(initialDelayMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.MILLISECONDS), other.getDelay(TimeUnit.MILLISECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      cancelled = true;
      return true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public boolean isDone() {
      return cancelled;
    }

    @Override
    public Object get() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      throw new UnsupportedOperationException();
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private volatile boolean shutdown;

  /** Every task scheduled so far, cancelled ones included. */
  synchronized List<Task> tasks() {
    return List.copyOf(tasks);
  }

  /** Runs each task that is not cancelled once, as if its time had come. */
  void runScheduled() {
    for (Task task : tasks()) {
      if (!task.isCancelled()) {
        task.runnable.run();
      }
    }
  }

  @Override
  public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    return add(new Task(command, unit.toMillis(delay), 0, false));
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    throw new UnsupportedOperationException();
  }

  @Override
  public synchronized ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    return add(new Task(command, unit.toMillis(initialDelay), unit.toMillis(period), false));
  }

  @Override
  public synchronized ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    return add(new Task(command, unit.toMillis(initialDelay), unit.toMillis(delay), true));
  }

  private Task add(Task task) {
    if (shutdown) {
      throw new IllegalStateException("shut down");
    }
    tasks.add(task);
    return task;
  }

  @Override
  public void execute(Runnable command) {
    command.run();
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
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
}
