package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt.Outcome;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Internal: one streaming attempt. It is <em>committed</em> when its first content arrives:
 * {@link #committed()} completes then, which lets the chain stop trying other targets; before
 * that, any failure fails {@code committed()} so the chain retries or falls back. After it, a
 * failure fails {@link #done()} and ends the stream with a typed error.
 *
 * <p>Guards against the two SDK stream pitfalls: callbacks never throw (an exception in an SDK
 * stream callback is swallowed and the rest of the stream lost, aws-sdk-java-v2 #4929), and a
 * stream that goes quiet is cancelled by an idle timer instead of hanging.
 *
 * <p>SDK callbacks arrive one at a time; timers may race with them, so state changes are
 * synchronized.
 */
public abstract class StreamSession {
  private final CompletableFuture<StreamSession> committed = new CompletableFuture<>();
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final ScheduledExecutorService scheduler;
  private final Duration idleTimeout;
  private final long startNanos = System.nanoTime();
  private volatile CompletableFuture<Void> upstream;
  private ScheduledFuture<?> timer;
  private boolean isCommitted;
  private boolean finished;
  private long firstContentNanos = -1;
  private int chunks;

  protected StreamSession(ScheduledExecutorService scheduler, Duration idleTimeout) {
    this.scheduler = scheduler;
    this.idleTimeout = idleTimeout;
  }

  /** Completes with this session when the first content arrives. */
  public CompletableFuture<StreamSession> committed() {
    return committed;
  }

  /** Completes when the stream ends after commit. */
  public CompletableFuture<Void> done() {
    return done;
  }

  /** Starts the SDK call; {@code start} returns its future. */
  public final StreamSession start(java.util.function.Supplier<CompletableFuture<Void>> start) {
    synchronized (this) {
      armTimer("no first event within " + idleTimeout.toMillis() + " ms");
    }
    CompletableFuture<Void> call;
    try {
      call = start.get();
    } catch (RuntimeException e) {
      fail(e);
      return this;
    }
    this.upstream = call;
    call.whenComplete(
        (v, error) -> {
          if (error != null) {
            fail(ErrorClassifier.unwrap(error));
          } else {
            finish();
          }
        });
    return this;
  }

  /**
   * Runs an SDK event callback: resets the idle timer, commits on first content, and turns any
   * exception (ours or the user's listener's) into the end of the stream instead of letting the
   * SDK swallow it.
   */
  protected final void onEvent(boolean content, Runnable handle) {
    boolean commitNow = false;
    synchronized (this) {
      if (finished) {
        return;
      }
      armTimer("no event for " + idleTimeout.toMillis() + " ms");
      if (content && !isCommitted) {
        isCommitted = true;
        commitNow = true;
        firstContentNanos = System.nanoTime();
      }
      if (content) {
        chunks++;
      }
    }
    if (commitNow) {
      committed.complete(this);
    }
    try {
      handle.run();
    } catch (Throwable t) {
      fail(t); // first, so the cancellation below is not what the caller sees
      cancelUpstream();
    }
  }

  /** Ends the stream with a failure: before commit the chain may retry, after it the caller sees it. */
  protected final void fail(Throwable error) {
    boolean wasCommitted;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      cancelTimer();
      wasCommitted = isCommitted;
    }
    if (wasCommitted) {
      done.completeExceptionally(error);
    } else {
      committed.completeExceptionally(error);
    }
  }

  private void finish() {
    boolean commitNow;
    synchronized (this) {
      if (finished) {
        return;
      }
      finished = true;
      cancelTimer();
      commitNow = !isCommitted;
      isCommitted = true;
      if (firstContentNanos < 0) {
        firstContentNanos = System.nanoTime();
      }
    }
    try {
      onFinished();
    } catch (RuntimeException e) {
      if (commitNow) {
        committed.completeExceptionally(e);
      } else {
        done.completeExceptionally(e);
      }
      return;
    }
    if (commitNow) {
      committed.complete(this);
    }
    done.complete(null);
  }

  /** Called once when the SDK stream completed normally, before {@link #done()} completes. */
  protected void onFinished() {}

  /** Cancels the stream (caller gave up, or a listener failed). */
  public final void cancel() {
    fail(new CancellationException("stream cancelled by the caller"));
    cancelUpstream();
  }

  private void cancelUpstream() {
    CompletableFuture<Void> u = upstream;
    if (u != null) {
      u.cancel(true);
    }
  }

  /** Time from the start of this attempt to its first content. */
  public synchronized Duration timeToFirstContent() {
    return firstContentNanos < 0 ? null : Duration.ofNanos(firstContentNanos - startNanos);
  }

  /** Time from first content to the end of the stream, for per-chunk timing. */
  public synchronized Duration streamingTime() {
    return firstContentNanos < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - firstContentNanos);
  }

  /** Content events delivered. */
  public synchronized int chunks() {
    return chunks;
  }

  private void armTimer(String why) {
    cancelTimer();
    timer =
        scheduler.schedule(
            () -> {
              fail(new AttemptFailure(Outcome.TIMEOUT, "StreamTimeout", "stream timed out: " + why,
                  null));
              cancelUpstream();
            },
            idleTimeout.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
