package dev.bedrockkit.sample.stream;

import dev.bedrockkit.sample.web.Problem;
import dev.bedrockkit.sample.web.RequestIds;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One chat answer sent as Server-Sent Events: {@code delta} events, then exactly one {@code done}
 * or {@code error} event, with comment lines as heartbeats in between.
 *
 * <p>Producers (the model stream's I/O thread, the heartbeat timer, the shutdown drain) only
 * enqueue; one writer at a time sends the queue in order on the writer executor, so a slow client
 * never blocks the model stream's I/O thread and events never interleave. When a write fails the
 * client is gone: the model stream is cancelled (the action given to {@link #onCancel}) so no
 * more tokens are generated and paid for. Thread-safe.
 */
public final class SseStream {
  private static final Logger log = LoggerFactory.getLogger(SseStream.class);

  private final SseEmitter emitter;
  private final Executor writer;
  private final ChatStreams owner;
  private final String requestId;
  private final long openedNanos = System.nanoTime();
  private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean terminated = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile boolean closed;
  private volatile boolean cancelRequested;
  private volatile Runnable cancel;
  private volatile long firstDeltaNanos = -1;
  private volatile int deltas;
  private volatile ScheduledFuture<?> heartbeat;
  private volatile ScheduledFuture<?> deadline;

  private static final int MAX_BATCH = 64;

  private record Item(SseEmitter.SseEventBuilder event, StreamOutcome terminal) {}

  SseStream(SseEmitter emitter, Executor writer, ChatStreams owner, String requestId) {
    this.emitter = emitter;
    this.writer = writer;
    this.owner = owner;
    this.requestId = requestId;
    emitter.onError(e -> clientGone());
    emitter.onTimeout(this::clientGone);
    emitter.onCompletion(this::clientGone);
  }

  /** The emitter to return from the controller. */
  public SseEmitter emitter() {
    return emitter;
  }

  /**
   * Sets what cancels the model stream; runs it at once if the client has already gone.
   *
   * @param action e.g. {@code () -> future.cancel(true)}
   */
  public void onCancel(Runnable action) {
    this.cancel = action;
    if (cancelRequested) {
      action.run();
    }
  }

  /** A piece of the answer: a {@code delta} event {@code {"text": ...}}. */
  public void delta(String text) {
    owner.modelDelta();
    if (terminated.get()) {
      return;
    }
    if (firstDeltaNanos < 0) {
      firstDeltaNanos = System.nanoTime();
    }
    deltas++;
    enqueue(
        new Item(
            SseEmitter.event().name("delta").data(Map.of("text", text), MediaType.APPLICATION_JSON),
            null));
  }

  /** The answer ended: a {@code done} event with its metadata, then the end of the stream. */
  public void done(Object reply) {
    terminal(
        StreamOutcome.DONE,
        SseEmitter.event().name("done").data(reply, MediaType.APPLICATION_JSON));
  }

  /** The answer failed: an {@code error} event with the problem, then the end of the stream. */
  public void error(Problem problem) {
    terminal(StreamOutcome.ERROR, problemEvent(problem));
  }

  /** Ends the stream early (timeout, shutdown) with a problem, and cancels the model stream. */
  void end(StreamOutcome outcome, Problem problem) {
    if (terminal(outcome, problemEvent(problem))) {
      runCancel();
    }
  }

  void heartbeat() {
    if (!terminated.get()) {
      enqueue(new Item(SseEmitter.event().comment("heartbeat"), null));
    }
  }

  void timers(ScheduledFuture<?> heartbeat, ScheduledFuture<?> deadline) {
    this.heartbeat = heartbeat;
    this.deadline = deadline;
    if (finished.get()) {
      stopTimers();
    }
  }

  /** Whether the stream has ended, for any reason. */
  public boolean isFinished() {
    return finished.get();
  }

  private static SseEmitter.SseEventBuilder problemEvent(Problem problem) {
    SseEmitter.SseEventBuilder event = SseEmitter.event().name("error");
    return event.data(problem.body(), MediaType.APPLICATION_PROBLEM_JSON);
  }

  private boolean terminal(StreamOutcome outcome, SseEmitter.SseEventBuilder event) {
    if (!terminated.compareAndSet(false, true)) {
      return false;
    }
    enqueue(new Item(event, outcome));
    return true;
  }

  private void enqueue(Item item) {
    if (closed) {
      return;
    }
    queue.add(item);
    if (draining.compareAndSet(false, true)) {
      try {
        writer.execute(this::drain);
      } catch (RejectedExecutionException e) {
        draining.set(false);
        clientGone();
      }
    }
  }

  private void drain() {
    MDC.put(RequestIds.MDC_KEY, requestId);
    try {
      while (true) {
        writeQueued();
        draining.set(false);
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
          return;
        }
      }
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /**
   * Sends what is queued, in order: the events waiting at the moment go out in one write and one
   * flush (up to {@value #MAX_BATCH}), so a busy server flushes less per event instead of falling
   * behind.
   */
  private void writeQueued() {
    while (!closed) {
      Set<ResponseBodyEmitter.DataWithMediaType> batch = new LinkedHashSet<>();
      StreamOutcome terminal = null;
      int n = 0;
      Item item;
      while (n < MAX_BATCH && terminal == null && (item = queue.poll()) != null) {
        batch.addAll(item.event().build());
        terminal = item.terminal();
        n++;
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        emitter.send(batch);
      } catch (IOException | IllegalStateException e) {
        log.debug("client gone: {}", e.toString());
        queue.clear();
        clientGone();
        return;
      }
      if (terminal != null) {
        closed = true;
        finish(terminal);
        emitter.complete();
      }
    }
    queue.clear();
  }

  /** The client went away (a write failed, or the container ended the request). */
  private void clientGone() {
    closed = true;
    terminated.set(true);
    if (finish(StreamOutcome.CANCELLED)) {
      runCancel();
    }
  }

  private void runCancel() {
    cancelRequested = true;
    Runnable action = cancel;
    if (action != null) {
      action.run();
    }
  }

  private boolean finish(StreamOutcome outcome) {
    if (!finished.compareAndSet(false, true)) {
      return false;
    }
    stopTimers();
    long now = System.nanoTime();
    owner.ended(
        this,
        outcome,
        (now - openedNanos) / 1_000_000,
        firstDeltaNanos < 0 ? -1 : (firstDeltaNanos - openedNanos) / 1_000_000,
        deltas);
    return true;
  }

  private void stopTimers() {
    ScheduledFuture<?> h = heartbeat;
    if (h != null) {
      h.cancel(false);
    }
    ScheduledFuture<?> d = deadline;
    if (d != null) {
      d.cancel(false);
    }
  }
}
