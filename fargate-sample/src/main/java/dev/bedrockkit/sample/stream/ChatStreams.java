package dev.bedrockkit.sample.stream;

import dev.bedrockkit.sample.SampleProperties;
import dev.bedrockkit.sample.web.ApiException;
import dev.bedrockkit.sample.web.ProblemType;
import dev.bedrockkit.sample.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.thread.Threading;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open chat streams: opens them (heartbeat and maximum duration timers), counts how they end,
 * and at shutdown lets them finish before the web server stops.
 *
 * <p>Shutdown, in the phase just before the web server's graceful shutdown: new streams are
 * refused (503 {@code shutting-down}); open streams get until {@code
 * spring.lifecycle.timeout-per-shutdown-phase} minus {@code sample.stream.shutdown-end-grace} to
 * end on their own; any still open then get an {@code error} event ({@code shutting-down}, retry)
 * and their model streams are cancelled, so clients see a clean end rather than a reset
 * connection. ECS sends SIGTERM after the load balancer has drained the task; its stop timeout
 * (120 s) must be longer than the phase timeout.
 *
 * <p>Metrics: {@code sample.chat.streams} (counter, tag {@code outcome}), {@code
 * sample.chat.streams.active} (gauge), {@code sample.chat.stream.model.deltas} (counter of text
 * pieces received from models, sent or not). Thread-safe.
 */
@Component
public class ChatStreams implements SmartLifecycle, DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(ChatStreams.class);

  /** Stops just before the web server's graceful shutdown (higher phases stop first). */
  public static final int PHASE = WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 512;

  private final SampleProperties.Stream settings;
  private final Problems problems;
  private final Duration phaseTimeout;
  private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private final ScheduledThreadPoolExecutor timers;
  private final ExecutorService writers;
  private final boolean virtualWriters;
  private final Map<StreamOutcome, Counter> outcomes = new EnumMap<>(StreamOutcome.class);
  private final Counter modelDeltas;
  private volatile boolean accepting = true;
  private volatile boolean running;

  public ChatStreams(
      SampleProperties properties, Problems problems, MeterRegistry meters, Environment env) {
    this.settings = properties.stream();
    this.problems = problems;
    this.phaseTimeout =
        env.getProperty(
            "spring.lifecycle.timeout-per-shutdown-phase", Duration.class, Duration.ofSeconds(30));
    this.timers = new ScheduledThreadPoolExecutor(1, daemon("sse-timer"));
    this.timers.setRemoveOnCancelPolicy(true);
    this.virtualWriters = Threading.VIRTUAL.isActive(env);
    this.writers =
        virtualWriters
            ? virtualThreadPerTask()
            : Executors.newFixedThreadPool(settings.writerThreads(), daemon("sse-writer"));
    for (StreamOutcome o : StreamOutcome.values()) {
      outcomes.put(
          o,
          Counter.builder("sample.chat.streams")
              .description("Chat streams ended, by how they ended")
              .tag("outcome", o.tag())
              .register(meters));
    }
    this.modelDeltas =
        Counter.builder("sample.chat.stream.model.deltas")
            .description("Pieces of answer text received from models by chat streams")
            .register(meters);
    Gauge.builder("sample.chat.streams.active", open, Set::size)
        .description("Chat streams open now")
        .register(meters);
  }

  /**
   * Opens a stream for one answer.
   *
   * @param requestId the request id, for the stream's log lines
   * @return the stream
   * @throws ApiException {@code shutting-down} once shutdown has begun
   */
  public SseStream open(String requestId) {
    if (!accepting) {
      throw new ApiException(
          ProblemType.SHUTTING_DOWN,
          "This instance is shutting down; try again (another instance will answer).",
          List.of(),
          Duration.ofSeconds(1));
    }
    // The container's own timeout is a backstop; the deadline timer below ends the stream first,
    // with an error event.
    SseEmitter emitter = new SseEmitter(settings.maxDuration().plusSeconds(30).toMillis());
    SseStream stream = new SseStream(emitter, writers, this, requestId);
    open.add(stream);
    long beat = settings.heartbeat().toNanos();
    stream.timers(
        timers.scheduleAtFixedRate(stream::heartbeat, beat, beat, TimeUnit.NANOSECONDS),
        timers.schedule(
            () ->
                stream.end(
                    StreamOutcome.TIMEOUT,
                    problems.of(
                        ProblemType.STREAM_TIMEOUT,
                        "The stream was open longer than "
                            + settings.maxDuration().toSeconds()
                            + " seconds; ask again, perhaps for a shorter answer.",
                        null,
                        requestId)),
            settings.maxDuration().toNanos(),
            TimeUnit.NANOSECONDS));
    return stream;
  }

  /** Streams open now. */
  public int active() {
    return open.size();
  }

  /** Whether stream writes run on virtual threads (Java 21+ with spring.threads.virtual.enabled). */
  public boolean virtualWriters() {
    return virtualWriters;
  }

  void modelDelta() {
    modelDeltas.increment();
  }

  void ended(SseStream stream, StreamOutcome outcome, long millis, long firstDeltaMillis, int deltas) {
    open.remove(stream);
    outcomes.get(outcome).increment();
    log.info(
        "stream {} after {} ms, first delta at {} ms, {} deltas",
        outcome.tag(),
        millis,
        firstDeltaMillis,
        deltas);
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  @Override
  public void start() {
    accepting = true;
    running = true;
  }

  @Override
  public void stop() {
    drain();
  }

  @Override
  public void stop(Runnable callback) {
    accepting = false;
    Thread drainer =
        new Thread(
            () -> {
              try {
                drain();
              } finally {
                callback.run();
              }
            },
            "sse-shutdown");
    drainer.setDaemon(true);
    drainer.start();
  }

  /**
   * Refuses new streams, waits for the open ones to end, then ends the rest with a {@code
   * shutting-down} error event. Returns when every stream has ended or the phase time is up.
   */
  void drain() {
    accepting = false;
    Duration letFinish = phaseTimeout.minus(settings.shutdownEndGrace());
    if (letFinish.isNegative()) {
      letFinish = Duration.ZERO;
    }
    int atStart = open.size();
    if (atStart > 0) {
      log.info("shutdown: waiting up to {} s for {} open stream(s)", letFinish.toSeconds(), atStart);
    }
    awaitNoneOpen(letFinish);
    int left = open.size();
    if (left > 0) {
      log.warn("shutdown: ending {} stream(s) still open", left);
      for (SseStream s : List.copyOf(open)) {
        s.end(
            StreamOutcome.SHUTDOWN,
            problems.of(
                ProblemType.SHUTTING_DOWN,
                "This instance is shutting down; ask again (another instance will answer).",
                null,
                null));
      }
      awaitNoneOpen(settings.shutdownEndGrace());
    }
    running = false;
  }

  private void awaitNoneOpen(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (!open.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }

  @Override
  public void destroy() {
    timers.shutdownNow();
    writers.shutdown();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()}, compiled for Java 17. */
  private static ExecutorService virtualThreadPerTask() {
    try {
      Method m = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
      return (ExecutorService) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("virtual threads are on but not available", e);
    }
  }
}
