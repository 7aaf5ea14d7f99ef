package dev.bedrockkit.chaos;

import dev.bedrockkit.BedrockKitException;
import dev.bedrockkit.chaos.RequestOutcome.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop load: {@code callers} threads send requests for a fixed time, pausing a random
 * think time between two; a controller thread runs the scenario's faults at fixed fractions of
 * that time. Every request is classified (answered, degraded, typed failure, other failure, hung)
 * with its latency. A request still running when the harness stops waiting counts as hung.
 *
 * <p>One instance per scenario run; not reusable.
 */
final class LoadRunner {

  /** One request of the load. */
  @FunctionalInterface
  interface Request {
    /**
     * Starts request number {@code index}. A blocking call runs inside and returns a completed
     * future; an async one returns its future. The future's value says whether the answer was
     * degraded.
     */
    CompletableFuture<Boolean> start(int index, SplittableRandom random, Silence silence)
        throws Exception;
  }

  /** Something the scenario does to the system at a fraction of the run. */
  record Phase(double at, String label, Action action) {}

  /** A phase's action. */
  @FunctionalInterface
  interface Action {
    void run() throws Exception;
  }

  /**
   * Tracks the longest silence of a stream once it has started to answer: listeners call {@link
   * #tick()} on every text event. Before the first event, retries and fallbacks may take their
   * turns (each ended by the idle timeout); the deadline bounds that part.
   */
  static final class Silence {
    private long last;
    private long max;

    synchronized void tick() {
      long now = System.nanoTime();
      if (last != 0) {
        max = Math.max(max, now - last);
      }
      last = now;
    }

    /** The longest gap between two events, or after the last one until now. */
    synchronized long maxNanos() {
      return last == 0 ? 0 : Math.max(max, System.nanoTime() - last);
    }
  }

  /** What the run produced. */
  record Run(List<RequestOutcome> outcomes, Map<String, Instant> phaseTimes, List<String> samples) {}

  private final ChaosSettings settings;
  private final String opName;

  LoadRunner(ChaosSettings settings, String opName) {
    this.settings = settings;
    this.opName = opName;
  }

  Run run(List<String> ops, Map<String, Request> requests, List<Phase> phases)
      throws InterruptedException {
    warmUp(requests);
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    long deadline = settings.deadline().toNanos();
    long grace = settings.grace().toNanos();
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<RequestOutcome> outcomes = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
    Map<String, Instant> phaseTimes = Collections.synchronizedMap(new LinkedHashMap<>());
    long[] inFlightSince = new long[settings.callers()];
    String[] inFlightOp = new String[settings.callers()];

    Thread controller =
        new Thread(
            () -> {
              for (Phase p : phases) {
                long at = start + (long) (p.at() * settings.duration().toNanos());
                sleepUntil(at);
                try {
                  p.action().run();
                } catch (Exception e) {
                  samples.add("phase '" + p.label() + "' failed: " + e);
                }
                phaseTimes.put(p.label(), Instant.now());
              }
            },
            "chaos-" + opName + "-controller");
    controller.setDaemon(true);
    controller.start();

    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < settings.callers(); c++) {
      int caller = c;
      SplittableRandom random = new SplittableRandom(settings.seed() * 31 + c);
      Thread t =
          new Thread(
              () -> {
                while (System.nanoTime() < end) {
                  int index = next.getAndIncrement();
                  String op = ops.get(random.nextInt(ops.size()));
                  Request request = requests.get(op);
                  Silence silence = new Silence();
                  long sent = System.nanoTime();
                  synchronized (inFlightSince) {
                    inFlightSince[caller] = sent;
                    inFlightOp[caller] = op;
                  }
                  RequestOutcome outcome =
                      send(op, request, index, random, silence, sent, deadline, grace, samples);
                  synchronized (inFlightSince) {
                    inFlightSince[caller] = 0;
                  }
                  outcomes.add(outcome);
                  long think = settings.think().toNanos();
                  if (think > 0) {
                    LockSupport.parkNanos(random.nextLong(think + 1));
                  }
                }
              },
              "chaos-" + opName + "-caller-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    long giveUp = end + deadline + grace + TimeUnit.SECONDS.toNanos(5);
    for (Thread t : threads) {
      long left = giveUp - System.nanoTime();
      if (left > 0) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      }
    }
    controller.join(TimeUnit.SECONDS.toMillis(30));
    synchronized (inFlightSince) {
      for (int c = 0; c < inFlightSince.length; c++) {
        if (inFlightSince[c] != 0) {
          outcomes.add(
              new RequestOutcome(
                  inFlightOp[c], Kind.HUNG, "never returned", inFlightSince[c], System.nanoTime(),
                  true, 0));
          samples.add("caller " + c + " never returned from a " + inFlightOp[c] + " request");
        }
      }
    }
    return new Run(List.copyOf(outcomes), Map.copyOf(phaseTimes), List.copyOf(samples));
  }

  /**
   * Sends each kind of request a few times before the measured load (not counted): the first calls
   * of a JVM load classes and warm the SDK up for 1-3 s, which is not what a fault costs.
   */
  private static void warmUp(Map<String, Request> requests) {
    SplittableRandom random = new SplittableRandom(1);
    int index = -1;
    for (Request r : new java.util.LinkedHashSet<>(requests.values())) {
      for (int i = 0; i < 3; i++) {
        try {
          r.start(index--, random, new Silence()).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          // a warm-up call may fail; only its side effect (warm code) matters
        }
      }
    }
  }

  private static RequestOutcome send(
      String op,
      Request request,
      int index,
      SplittableRandom random,
      Silence silence,
      long sent,
      long deadline,
      long grace,
      ConcurrentLinkedQueue<String> samples) {
    Kind kind;
    String error = null;
    Throwable thrown = null;
    CompletableFuture<Boolean> future = null;
    try {
      future = request.start(index, random, silence);
      long wait = deadline + grace + TimeUnit.SECONDS.toNanos(2) - (System.nanoTime() - sent);
      boolean degraded = future.get(Math.max(1, wait), TimeUnit.NANOSECONDS);
      kind = degraded ? Kind.DEGRADED : Kind.OK;
    } catch (TimeoutException e) {
      future.cancel(true);
      kind = Kind.HUNG;
      error = "no answer within deadline + grace";
    } catch (ExecutionException | CompletionException e) {
      thrown = e.getCause() != null ? e.getCause() : e;
      kind = typed(thrown) ? Kind.TYPED : Kind.OTHER;
      error = name(thrown);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kind = Kind.OTHER;
      error = "InterruptedException";
    } catch (Exception | Error e) {
      thrown = e;
      kind = typed(e) ? Kind.TYPED : Kind.OTHER;
      error = name(e);
    }
    long ended = System.nanoTime();
    boolean hung = kind == Kind.HUNG || ended - sent > deadline + grace;
    if (kind == Kind.OTHER && samples.size() < 20) {
      samples.add(op + " #" + index + " failed otherwise: " + describe(thrown));
    }
    if (hung && kind != Kind.HUNG && samples.size() < 20) {
      samples.add(
          op + " #" + index + " ended " + TimeUnit.NANOSECONDS.toMillis(ended - sent - deadline)
              + " ms past its deadline (" + kind + (error == null ? "" : " " + error) + ")");
    }
    return new RequestOutcome(op, kind, error, sent, ended, hung, silence.maxNanos());
  }

  /** A BedrockKitException, or its HTTP counterpart: a problem of a documented type. */
  private static boolean typed(Throwable t) {
    return t instanceof BedrockKitException || t instanceof ProblemResponse;
  }

  private static String name(Throwable t) {
    return t instanceof ProblemResponse p ? p.status() + " " + p.type() : t.getClass().getSimpleName();
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(t.toString());
    StackTraceElement[] trace = t.getStackTrace();
    for (int i = 0; i < Math.min(6, trace.length); i++) {
      sb.append(" at ").append(trace[i]);
    }
    if (t.getCause() != null && t.getCause() != t) {
      sb.append(" caused by ").append(describe(t.getCause()));
    }
    return sb.toString();
  }

  private static void sleepUntil(long nanoTime) {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      LockSupport.parkNanos(left);
    }
  }

  /** Nearest-rank percentile of latencies, in milliseconds. */
  static double percentileMillis(List<RequestOutcome> outcomes, double p) {
    if (outcomes.isEmpty()) {
      return 0;
    }
    long[] l = outcomes.stream().mapToLong(RequestOutcome::latencyNanos).sorted().toArray();
    int rank = (int) Math.ceil(p / 100.0 * l.length);
    return l[Math.max(0, Math.min(l.length - 1, rank - 1))] / 1e6;
  }

  static Duration timeSince(long nanos) {
    return Duration.ofNanos(System.nanoTime() - nanos);
  }
}
