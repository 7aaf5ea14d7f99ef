package dev.bedrockkit.internal;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Internal: a {@link Flow.Subscription} that buffers items pushed by a producer and delivers
 * them as the subscriber requests them, serially and in order (Reactive Streams rules 1.3,
 * 3.9). A model answer is small, so the buffer is unbounded.
 *
 * <p>Thread-safe: producers may emit from any thread.
 */
public final class EventSubscription<T> implements Flow.Subscription {
  private final Flow.Subscriber<? super T> subscriber;
  private final Queue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong demand = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean completed;
  private volatile Throwable error;
  private volatile boolean cancelled;
  private volatile boolean terminated;
  private volatile Runnable onCancel = () -> {};

  public EventSubscription(Flow.Subscriber<? super T> subscriber) {
    this.subscriber = subscriber;
    subscriber.onSubscribe(this);
  }

  /** What to do when the subscriber cancels. */
  public void onCancel(Runnable action) {
    this.onCancel = action;
    if (cancelled) {
      action.run();
    }
  }

  public void emit(T item) {
    queue.offer(item);
    drain();
  }

  public void complete() {
    completed = true;
    drain();
  }

  public void error(Throwable t) {
    error = t;
    completed = true;
    drain();
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      error(new IllegalArgumentException("request must be > 0 but was " + n + " (rule 3.9)"));
      return;
    }
    demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
    drain();
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      queue.clear();
      onCancel.run();
    }
  }

  private void drain() {
    if (wip.getAndIncrement() != 0) {
      return;
    }
    int missed = 1;
    do {
      while (!cancelled && !terminated) {
        if (demand.get() > 0) {
          T item = queue.poll();
          if (item != null) {
            demand.decrementAndGet();
            subscriber.onNext(item);
            continue;
          }
        }
        if (completed && queue.isEmpty()) {
          terminated = true;
          Throwable e = error;
          if (e != null) {
            subscriber.onError(e);
          } else {
            subscriber.onComplete();
          }
        }
        break;
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
