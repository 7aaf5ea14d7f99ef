package dev.bedrockkit.benchmarks.stream;

import dev.bedrockkit.benchmarks.harness.Cli;
import dev.bedrockkit.benchmarks.harness.Clients;
import dev.bedrockkit.benchmarks.harness.ClosedLoop;
import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.harness.EmulatorSettings;
import dev.bedrockkit.benchmarks.harness.Environment;
import dev.bedrockkit.benchmarks.harness.FaultSpec;
import dev.bedrockkit.benchmarks.harness.Json;
import dev.bedrockkit.benchmarks.harness.Readme;
import dev.bedrockkit.benchmarks.harness.Stats;
import dev.bedrockkit.benchmarks.harness.Table;
import dev.bedrockkit.benchmarks.harness.Workload;
import dev.bedrockkit.benchmarks.peers.StreamSubject;
import dev.bedrockkit.test.LatencyModel;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streaming: time to first text that {@code BedrockKit.stream} adds over the raw SDK's
 * {@code converseStream} on the same async client (interleaved rounds, per-round differences),
 * and the client heap that 1,000 open streams hold (used heap after a full GC, with every stream
 * open and slowed down by the emulator, minus the same measure before opening them).
 */
public final class StreamBenchmark {
  static final String USAGE =
      "usage: StreamBenchmark [--latency zero,50ms] [--concurrency 1,50] [--rounds 7]"
          + " [--round-duration 3s] [--warmup 5s] [--heap-streams 1000] [--heap-rounds 1]"
          + " [--heap-event-gap 2s] [--emulator process|in-process]"
          + " [--results benchmarks/results] [--readme benchmarks/README.md|none]";

  /** Options of a run. {@code heapStreams} 0 skips the heap part. */
  public record Options(
      List<String> latencies,
      List<Integer> concurrency,
      int rounds,
      Duration roundDuration,
      Duration warmup,
      int heapStreams,
      int heapRounds,
      Duration heapEventGap,
      Emulator.Mode emulator,
      Path results,
      Path readme) {

    public static Options parse(String[] args) {
      Cli cli =
          Cli.parse(
              args,
              USAGE,
              Set.of("latency", "concurrency", "rounds", "round-duration", "warmup", "heap-streams",
                  "heap-rounds", "heap-event-gap", "emulator", "results", "readme"));
      String readme = cli.string("readme", "benchmarks/README.md");
      return new Options(
          cli.strings("latency", List.of("zero", "50ms")),
          cli.integers("concurrency", List.of(1, 50)),
          cli.integer("rounds", 7),
          cli.duration("round-duration", Duration.ofSeconds(3)),
          cli.duration("warmup", Duration.ofSeconds(5)),
          cli.integer("heap-streams", 1000),
          cli.integer("heap-rounds", 1),
          cli.duration("heap-event-gap", Duration.ofSeconds(2)),
          Emulator.Mode.parse(cli.string("emulator", "process")),
          Path.of(cli.string("results", "benchmarks/results")),
          readme.equals("none") ? null : Path.of(readme));
    }
  }

  /** Time to first text of one library at one caller count and latency, over rounds. */
  public record TtftCell(
      String latency,
      int concurrency,
      String library,
      List<Double> p50Ms,
      List<Double> p99Ms,
      List<Double> p50Ratio,
      List<Double> addedP50Ms,
      List<Double> addedP99Ms,
      List<Double> load,
      long calls,
      long failures,
      long wrong,
      String firstFailure) {}

  /**
   * Heap held by open streams, one library, one round.
   *
   * @param baselineBytes used heap after GC before opening
   * @param openBytes used heap after GC with the streams open
   * @param openAtMeasure streams started and not yet finished when measured (must equal streams)
   * @param firstTextSeen streams that had received text when measured
   * @param failures streams that ended in error
   */
  public record HeapCell(
      String library,
      int round,
      int streams,
      long baselineBytes,
      long openBytes,
      long openAtMeasure,
      long firstTextSeen,
      long failures,
      long wrongAnswers,
      double load,
      String firstFailure) {

    public double bytesPerStream() {
      return (openBytes - baselineBytes) / (double) streams;
    }
  }

  /** Everything a run produced. */
  public record Report(
      String environmentAtStart,
      String environmentAtEnd,
      String emulator,
      Options options,
      List<TtftCell> ttft,
      List<HeapCell> heap,
      String markdown) {}

  public static void main(String[] args) {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println(run(o).markdown());
  }

  public static Report run(Options o) {
    String envStart = Environment.describe();
    Workload w = Workload.standard();
    List<TtftCell> ttft = new ArrayList<>();
    String emulatorDescription = "";
    int maxCallers = o.concurrency().isEmpty() ? 1 : Collections.max(o.concurrency());
    for (String latencyName : o.latencies()) {
      if (o.concurrency().isEmpty() || o.rounds() == 0) {
        break;
      }
      LatencyModel latency = EmulatorSettings.latency(latencyName);
      EmulatorSettings settings = EmulatorSettings.forConcurrency(maxCallers).withLatency(latency);
      try (Emulator emulator = Emulator.start(o.emulator(), settings);
          Clients clients = Clients.create(emulator.endpoint(), maxCallers + 16)) {
        emulatorDescription = emulator.describe();
        List<StreamSubject> subjects =
            List.of(StreamSubject.rawSdk(clients.async()), StreamSubject.kit(clients.async(), w.modelId()));
        try {
          for (StreamSubject s : subjects) {
            ClosedLoop.runMeasured(maxCallers, o.warmup(), 0, () -> s.timeToFirstText(w));
          }
          for (int callers : o.concurrency()) {
            ttft.addAll(measureTtft(o, EmulatorSettings.describe(latency), callers, subjects, w));
          }
        } finally {
          subjects.forEach(StreamSubject::close);
        }
      }
    }
    List<HeapCell> heap = o.heapStreams() > 0 ? measureHeap(o, w) : List.of();
    String envEnd = Environment.describe();
    String markdown = markdown(o, ttft, heap, envStart, envEnd, emulatorDescription);
    Report report = new Report(envStart, envEnd, emulatorDescription, o, ttft, heap, markdown);
    if (o.results() != null) {
      Json.write(o.results().resolve("stream.json"), report);
      ttftTable(ttft).writeCsv(o.results().resolve("stream-ttft.csv"));
      heapTable(heap).writeCsv(o.results().resolve("stream-heap.csv"));
    }
    if (o.readme() != null) {
      Readme.replaceSection(o.readme(), "stream", markdown);
    }
    return report;
  }

  private static List<TtftCell> measureTtft(
      Options o, String latency, int callers, List<StreamSubject> subjects, Workload w) {
    Map<String, List<ClosedLoop.Result>> byLib = new LinkedHashMap<>();
    Map<String, List<Double>> loads = new LinkedHashMap<>();
    for (StreamSubject s : subjects) {
      byLib.put(s.name(), new ArrayList<>());
      loads.put(s.name(), new ArrayList<>());
    }
    for (int round = 0; round < o.rounds(); round++) {
      for (int k = 0; k < subjects.size(); k++) {
        StreamSubject s = subjects.get((round + k) % subjects.size());
        loads.get(s.name()).add(Environment.loadAverage());
        byLib.get(s.name()).add(
            ClosedLoop.runMeasured(callers, o.roundDuration(), 0, () -> s.timeToFirstText(w)));
      }
      log("latency " + latency + ", " + callers + " streams: round " + (round + 1) + "/" + o.rounds()
          + ", load " + Environment.loadAverages());
    }
    List<ClosedLoop.Result> raw = byLib.get("raw-sdk");
    List<TtftCell> cells = new ArrayList<>();
    for (StreamSubject s : subjects) {
      List<ClosedLoop.Result> rs = byLib.get(s.name());
      List<Double> p50 = new ArrayList<>(), p99 = new ArrayList<>(), ratio = new ArrayList<>();
      List<Double> add50 = new ArrayList<>(), add99 = new ArrayList<>();
      long calls = 0, failures = 0, wrong = 0;
      String firstFailure = null;
      for (int i = 0; i < rs.size(); i++) {
        ClosedLoop.Result r = rs.get(i);
        ClosedLoop.Result b = raw.get(i);
        p50.add(r.percentileMillis(50));
        p99.add(r.percentileMillis(99));
        ratio.add(r.percentileMillis(50) / b.percentileMillis(50));
        add50.add(r.percentileMillis(50) - b.percentileMillis(50));
        add99.add(r.percentileMillis(99) - b.percentileMillis(99));
        calls += r.calls();
        failures += r.failures();
        wrong += r.wrong();
        if (firstFailure == null && r.firstFailure() != null) {
          firstFailure = r.firstFailure().toString();
        }
      }
      cells.add(new TtftCell(latency, callers, s.name(), p50, p99, ratio, add50, add99,
          loads.get(s.name()), calls, failures, wrong, firstFailure));
    }
    return cells;
  }

  private static List<HeapCell> measureHeap(Options o, Workload w) {
    int n = o.heapStreams();
    EmulatorSettings settings =
        EmulatorSettings.forConcurrency(n)
            .withStreamThreads(n + 100)
            .withFault(FaultSpec.slowStreams(o.heapEventGap()));
    List<HeapCell> cells = new ArrayList<>();
    try (Emulator emulator = Emulator.start(o.emulator(), settings);
        Clients clients = Clients.create(emulator.endpoint(), n + 16)) {
      List<StreamSubject> subjects =
          List.of(StreamSubject.rawSdk(clients.async()), StreamSubject.kit(clients.async(), w.modelId()));
      try {
        // Warm both paths (class loading, pools) with a few streams before the first baseline.
        for (StreamSubject s : subjects) {
          openAll(s, w, Math.min(n, 20), Duration.ofSeconds(120), null);
        }
        for (int round = 0; round < o.heapRounds(); round++) {
          for (int k = 0; k < subjects.size(); k++) {
            StreamSubject s = subjects.get((round + k) % subjects.size());
            cells.add(heapRound(s, w, n, round, Duration.ofSeconds(120)));
            log("heap: " + s.name() + " round " + (round + 1) + ": "
                + Table.fmt(cells.get(cells.size() - 1).bytesPerStream() / 1024, 1) + " KiB per open stream");
          }
        }
      } finally {
        subjects.forEach(StreamSubject::close);
      }
    }
    return cells;
  }

  private static HeapCell heapRound(StreamSubject s, Workload w, int n, int round, Duration timeout) {
    double load = Environment.loadAverage();
    long baseline = usedHeapAfterGc();
    long[] measured = new long[3];
    OpenResult r =
        openAll(
            s,
            w,
            n,
            timeout,
            (open, firstSeen) -> {
              measured[0] = usedHeapAfterGc();
              measured[1] = open.get();
              measured[2] = firstSeen;
            });
    return new HeapCell(s.name(), round + 1, n, baseline, measured[0], measured[1], measured[2],
        r.failures, r.wrong, load, r.firstFailure);
  }

  @FunctionalInterface
  private interface WhileOpen {
    void measure(AtomicLong open, long firstTextSeen);
  }

  private record OpenResult(long failures, long wrong, String firstFailure) {}

  /**
   * Opens {@code n} streams, waits until every one has received text, runs {@code whileOpen},
   * then waits for all to end.
   */
  private static OpenResult openAll(
      StreamSubject s, Workload w, int n, Duration timeout, WhileOpen whileOpen) {
    CountDownLatch firstText = new CountDownLatch(n);
    AtomicLong open = new AtomicLong();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      open.incrementAndGet();
      CompletableFuture<String> f;
      try {
        f = s.open(w, firstText::countDown);
      } catch (RuntimeException e) {
        f = CompletableFuture.failedFuture(e);
      }
      futures.add(f.whenComplete((t, e) -> open.decrementAndGet()));
    }
    try {
      boolean all = firstText.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (whileOpen != null) {
        whileOpen.measure(open, n - firstText.getCount());
      }
      if (!all) {
        log("heap: only " + (n - firstText.getCount()) + " of " + n + " streams had text after " + timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    long failures = 0, wrong = 0;
    String firstFailure = null;
    for (CompletableFuture<String> f : futures) {
      try {
        String text = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!w.answeredBy(text, w.modelId())) {
          wrong++;
        }
      } catch (Exception e) {
        failures++;
        if (firstFailure == null) {
          firstFailure = e.toString();
        }
      }
    }
    return new OpenResult(failures, wrong, firstFailure);
  }

  /** Used heap after two full collections. */
  static long usedHeapAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static Table ttftTable(List<TtftCell> cells) {
    Table t =
        new Table("latency", "streams at once", "library", "p50 TTFT ms", "p99 TTFT ms",
            "p50 ÷ raw (median [min–max] of rounds)", "added p50 ms (median [min–max])",
            "added p99 ms", "failed / wrong", "load avg (median)");
    for (TtftCell c : cells) {
      t.row(c.latency(), c.concurrency(), c.library(),
          Table.fmt(Stats.median(c.p50Ms()), 2), Table.fmt(Stats.median(c.p99Ms()), 2),
          Table.fmt(Stats.median(c.p50Ratio()), 3) + " [" + Table.fmt(Stats.min(c.p50Ratio()), 3)
              + "–" + Table.fmt(Stats.max(c.p50Ratio()), 3) + "]",
          Table.fmt(Stats.median(c.addedP50Ms()), 3) + " [" + Table.fmt(Stats.min(c.addedP50Ms()), 3)
              + " – " + Table.fmt(Stats.max(c.addedP50Ms()), 3) + "]",
          Table.fmt(Stats.median(c.addedP99Ms()), 3),
          c.failures() + " / " + c.wrong(), Table.fmt(Stats.median(c.load()), 2));
    }
    return t;
  }

  static Table heapTable(List<HeapCell> cells) {
    Table t =
        new Table("library", "round", "streams", "open when measured", "had text",
            "heap before (MiB)", "heap with streams open (MiB)", "KiB per open stream",
            "failed / wrong", "load avg");
    for (HeapCell c : cells) {
      t.row(c.library(), c.round(), c.streams(), c.openAtMeasure(), c.firstTextSeen(),
          Table.fmt(c.baselineBytes() / 1048576.0, 1), Table.fmt(c.openBytes() / 1048576.0, 1),
          Table.fmt(c.bytesPerStream() / 1024, 1), c.failures() + " / " + c.wrongAnswers(),
          Table.fmt(c.load(), 2));
    }
    return t;
  }

  static String markdown(Options o, List<TtftCell> ttft, List<HeapCell> heap, String envStart,
      String envEnd, String emulator) {
    StringBuilder sb = new StringBuilder();
    sb.append("Measured ").append(envStart).append(" (at end: load average ")
        .append(envEnd.substring(envEnd.indexOf("load average ") + 13)).append(").\n");
    sb.append("Emulator: ").append(emulator.isEmpty() ? o.emulator().name().toLowerCase() : emulator)
        .append(". Time to first text: ").append(o.rounds()).append(" interleaved rounds × ")
        .append(o.roundDuration().toMillis()).append(" ms per library.\n\n");
    if (!ttft.isEmpty()) {
      sb.append(ttftTable(ttft).markdown()).append('\n');
    }
    if (!heap.isEmpty()) {
      sb.append("Heap of ").append(o.heapStreams()).append(" concurrent streams (emulator adds ")
          .append(o.heapEventGap().toMillis()).append(" ms between events so they stay open;")
          .append(" used heap after full GC, minus the same before opening):\n\n");
      sb.append(heapTable(heap).markdown()).append('\n');
      Map<String, List<Double>> per = new LinkedHashMap<>();
      for (HeapCell c : heap) {
        per.computeIfAbsent(c.library(), k -> new ArrayList<>()).add(c.bytesPerStream());
      }
      if (per.containsKey("raw-sdk") && per.containsKey("bedrock-kit")) {
        double raw = Stats.median(per.get("raw-sdk"));
        double kit = Stats.median(per.get("bedrock-kit"));
        sb.append("- bedrock-kit holds ").append(Table.fmt((kit - raw) / 1024, 1))
            .append(" KiB more per open stream than the raw SDK (")
            .append(Table.fmt(kit / 1024, 1)).append(" vs ").append(Table.fmt(raw / 1024, 1))
            .append(" KiB; ").append(Table.fmt((kit - raw) * o.heapStreams() / 1048576.0, 1))
            .append(" MiB for ").append(o.heapStreams()).append(" streams).\n");
      }
    }
    return sb.toString();
  }

  static void log(String s) {
    System.err.println("[stream] " + s);
  }
}
