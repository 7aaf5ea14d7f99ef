package dev.bedrockkit.benchmarks.overhead;

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
import dev.bedrockkit.benchmarks.peers.ChatSubject;
import dev.bedrockkit.benchmarks.peers.Kit;
import dev.bedrockkit.benchmarks.peers.LangChain4j;
import dev.bedrockkit.benchmarks.peers.RawSdk;
import dev.bedrockkit.benchmarks.peers.SpringAi;
import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.ModelCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Overhead of each library over the raw SDK: the same Converse turn through the raw
 * {@code BedrockRuntimeClient}, {@code BedrockKit.chat}, bedrock-kit's fallback path, Spring AI
 * and LangChain4j, all on one shared client against one emulator, at several caller counts and
 * emulator latencies.
 *
 * <p>Rounds are interleaved (every library runs once per round, the starting library rotating
 * from round to round) and every ratio is taken within a round, against the raw SDK's run of that
 * same round; the table shows the median of those per-round ratios and their range. That is what
 * makes numbers from a shared, noisy machine usable: drift in load hits both sides of a ratio.
 */
public final class OverheadBenchmark {
  static final String USAGE =
      "usage: OverheadBenchmark [--latency zero,50ms] [--concurrency 1,50,200] [--rounds 7]"
          + " [--round-duration 3s] [--warmup 5s] [--libraries raw-sdk,bedrock-kit,...]"
          + " [--emulator process|in-process] [--results benchmarks/results]"
          + " [--readme benchmarks/README.md|none]";

  /** The throttled first model of the fallback paths. */
  static final String THROTTLED_MODEL = ModelCatalog.CLAUDE_3_OPUS;

  static final Map<String, String> LIBRARIES = new LinkedHashMap<>();

  static {
    LIBRARIES.put("raw-sdk", "raw SDK converse");
    LIBRARIES.put("raw-sdk-control", "raw SDK converse again: the A/A control, the noise floor");
    LIBRARIES.put("bedrock-kit", "bedrock-kit chat");
    LIBRARIES.put("bedrock-kit-fallback", "bedrock-kit fallback (429 then 2nd model, every call)");
    LIBRARIES.put("bedrock-kit-fallback-open", "bedrock-kit fallback (1st model's circuit open)");
    LIBRARIES.put("bedrock-kit-cache-hit", "bedrock-kit chat answered by its exact cache (in process)");
    LIBRARIES.put("spring-ai", "Spring AI 1.1.2 BedrockProxyChatModel");
    LIBRARIES.put("langchain4j", "LangChain4j 1.16.3 BedrockChatModel");
  }

  /** Options of a run. */
  public record Options(
      List<String> latencies,
      List<Integer> concurrency,
      int rounds,
      Duration roundDuration,
      Duration warmup,
      List<String> libraries,
      Emulator.Mode emulator,
      Path results,
      Path readme) {

    public static Options parse(String[] args) {
      Cli cli =
          Cli.parse(
              args,
              USAGE,
              Set.of("latency", "concurrency", "rounds", "round-duration", "warmup", "libraries",
                  "emulator", "results", "readme"));
      String readme = cli.string("readme", "benchmarks/README.md");
      return new Options(
          cli.strings("latency", List.of("zero", "50ms")),
          cli.integers("concurrency", List.of(1, 50, 200)),
          cli.integer("rounds", 7),
          cli.duration("round-duration", Duration.ofSeconds(3)),
          cli.duration("warmup", Duration.ofSeconds(5)),
          cli.strings("libraries", List.copyOf(LIBRARIES.keySet())),
          Emulator.Mode.parse(cli.string("emulator", "process")),
          Path.of(cli.string("results", "benchmarks/results")),
          readme.equals("none") ? null : Path.of(readme));
    }
  }

  /**
   * One library at one caller count and latency, over all rounds.
   *
   * @param throughput calls per second, per round
   * @param p50Ms median latency in ms, per round
   * @param p99Ms 99th percentile latency in ms, per round
   * @param p50Ratio p50 ÷ raw SDK's p50 in the same round
   * @param p99Ratio p99 ÷ raw SDK's p99 in the same round
   * @param throughputRatio throughput ÷ raw SDK's throughput in the same round
   * @param addedP50Ms p50 − raw SDK's p50 in the same round
   * @param addedP99Ms p99 − raw SDK's p99 in the same round
   * @param load 1-minute load average at the start of each round
   */
  public record Cell(
      String latency,
      int concurrency,
      String library,
      List<Double> throughput,
      List<Double> p50Ms,
      List<Double> p99Ms,
      List<Double> p50Ratio,
      List<Double> p99Ratio,
      List<Double> throughputRatio,
      List<Double> addedP50Ms,
      List<Double> addedP99Ms,
      List<Double> load,
      long calls,
      long failures,
      long wrongAnswers,
      String firstFailure) {}

  /** Everything a run produced. */
  public record Report(
      String environmentAtStart,
      String environmentAtEnd,
      String emulator,
      Options options,
      List<Cell> cells,
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
    Report r = run(o);
    System.out.println(r.markdown());
  }

  /** Runs the benchmark and writes its results (CSV, JSON, README section). */
  public static Report run(Options o) {
    if (!o.libraries().contains("raw-sdk")) {
      throw new IllegalArgumentException("--libraries must include raw-sdk: every ratio is against it");
    }
    for (String l : o.libraries()) {
      if (!LIBRARIES.containsKey(l)) {
        throw new IllegalArgumentException("Unknown library " + l + "; known: " + LIBRARIES.keySet());
      }
    }
    String envStart = Environment.describe();
    Workload workload = Workload.standard();
    int maxCallers = Collections.max(o.concurrency());
    List<Cell> cells = new ArrayList<>();
    String emulatorDescription = "";
    for (String latencyName : o.latencies()) {
      LatencyModel latency = EmulatorSettings.latency(latencyName);
      EmulatorSettings settings =
          EmulatorSettings.forConcurrency(maxCallers)
              .withLatency(latency)
              .withFault(FaultSpec.throttle(THROTTLED_MODEL, 1.0, 1));
      try (Emulator emulator = Emulator.start(o.emulator(), settings);
          Clients clients = Clients.create(emulator.endpoint(), maxCallers + 16)) {
        emulatorDescription = emulator.describe() + ", " + settings.containerThreads()
            + " container threads, " + settings.streamThreads() + " response threads";
        List<ChatSubject> subjects = subjects(o.libraries(), clients, workload);
        try {
          log("latency " + EmulatorSettings.describe(latency) + ": warm-up " + o.warmup() + " per library");
          for (ChatSubject s : subjects) {
            ClosedLoop.run(maxCallers, o.warmup(), 0, () -> s.chat(workload), a -> true);
          }
          for (int callers : o.concurrency()) {
            cells.addAll(measure(o, EmulatorSettings.describe(latency), callers, subjects, workload));
          }
        } finally {
          subjects.forEach(ChatSubject::close);
        }
      }
    }
    String envEnd = Environment.describe();
    String markdown = markdown(o, cells, envStart, envEnd, emulatorDescription);
    Report report = new Report(envStart, envEnd, emulatorDescription, o, cells, markdown);
    if (o.results() != null) {
      Json.write(o.results().resolve("overhead.json"), report);
      table(cells).writeCsv(o.results().resolve("overhead.csv"));
    }
    if (o.readme() != null) {
      Readme.replaceSection(o.readme(), "overhead", markdown);
    }
    return report;
  }

  static List<ChatSubject> subjects(List<String> names, Clients c, Workload w) {
    List<ChatSubject> out = new ArrayList<>();
    for (String n : names) {
      out.add(
          switch (n) {
            case "raw-sdk" -> new RawSdk(c.sync());
            case "raw-sdk-control" -> new RawSdk(c.sync(), n);
            case "bedrock-kit" -> Kit.of(n, c.sync(), List.of(w.modelId()));
            case "bedrock-kit-fallback" -> Kit.of(
                n, c.sync(), List.of(THROTTLED_MODEL, w.modelId()), Kit.fallbackEveryCall(), null, r -> {});
            case "bedrock-kit-fallback-open" -> Kit.of(
                n, c.sync(), List.of(THROTTLED_MODEL, w.modelId()));
            case "bedrock-kit-cache-hit" -> Kit.exactCacheHit(n, c.sync(), w.modelId());
            case "spring-ai" -> new SpringAi(c.sync(), c.async(), w.modelId());
            case "langchain4j" -> new LangChain4j(c.sync(), w.modelId());
            default -> throw new IllegalArgumentException("Unknown library " + n);
          });
    }
    return out;
  }

  private static List<Cell> measure(
      Options o, String latency, int callers, List<ChatSubject> subjects, Workload w) {
    int n = subjects.size();
    Map<String, List<ClosedLoop.Result>> byLib = new LinkedHashMap<>();
    Map<String, List<Double>> loads = new LinkedHashMap<>();
    for (ChatSubject s : subjects) {
      byLib.put(s.name(), new ArrayList<>());
      loads.put(s.name(), new ArrayList<>());
    }
    for (int round = 0; round < o.rounds(); round++) {
      for (int k = 0; k < n; k++) {
        ChatSubject s = subjects.get((round + k) % n);
        loads.get(s.name()).add(Environment.loadAverage());
        String expected = s.answeringModel(w);
        ClosedLoop.Result r =
            ClosedLoop.run(callers, o.roundDuration(), 0, () -> s.chat(w), a -> w.answeredBy(a, expected));
        byLib.get(s.name()).add(r);
      }
      log("latency " + latency + ", " + callers + " callers: round " + (round + 1) + "/" + o.rounds()
          + " done, load " + Environment.loadAverages());
    }
    List<ClosedLoop.Result> raw = byLib.get("raw-sdk");
    List<Cell> cells = new ArrayList<>();
    for (ChatSubject s : subjects) {
      List<ClosedLoop.Result> rs = byLib.get(s.name());
      List<Double> thr = new ArrayList<>(), p50 = new ArrayList<>(), p99 = new ArrayList<>();
      List<Double> p50r = new ArrayList<>(), p99r = new ArrayList<>(), thrr = new ArrayList<>();
      List<Double> add50 = new ArrayList<>(), add99 = new ArrayList<>();
      long calls = 0, failures = 0, wrong = 0;
      String firstFailure = null;
      for (int i = 0; i < rs.size(); i++) {
        ClosedLoop.Result r = rs.get(i);
        ClosedLoop.Result b = raw.get(i);
        thr.add(r.throughput());
        p50.add(r.percentileMillis(50));
        p99.add(r.percentileMillis(99));
        p50r.add(r.percentileMillis(50) / b.percentileMillis(50));
        p99r.add(r.percentileMillis(99) / b.percentileMillis(99));
        thrr.add(r.throughput() / b.throughput());
        add50.add(r.percentileMillis(50) - b.percentileMillis(50));
        add99.add(r.percentileMillis(99) - b.percentileMillis(99));
        calls += r.calls();
        failures += r.failures();
        wrong += r.wrong();
        if (firstFailure == null && r.firstFailure() != null) {
          firstFailure = r.firstFailure().toString();
        }
      }
      cells.add(new Cell(latency, callers, s.name(), thr, p50, p99, p50r, p99r, thrr, add50, add99,
          loads.get(s.name()), calls, failures, wrong, firstFailure));
    }
    return cells;
  }

  static Table table(List<Cell> cells) {
    Table t =
        new Table(
            "latency", "callers", "library", "calls/s", "p50 ms", "p99 ms",
            "p50 ÷ raw (median [min–max] of rounds)", "p99 ÷ raw", "calls/s ÷ raw",
            "added p50 ms", "added p99 ms", "failed / wrong", "load avg (median)");
    for (Cell c : cells) {
      t.row(
          c.latency(),
          c.concurrency(),
          c.library(),
          Table.fmt(Stats.median(c.throughput()), 0),
          Table.fmt(Stats.median(c.p50Ms()), 3),
          Table.fmt(Stats.median(c.p99Ms()), 3),
          ratio(c.p50Ratio()),
          ratio(c.p99Ratio()),
          ratio(c.throughputRatio()),
          Table.fmt(Stats.median(c.addedP50Ms()), 3),
          Table.fmt(Stats.median(c.addedP99Ms()), 3),
          c.failures() + " / " + c.wrongAnswers(),
          Table.fmt(Stats.median(c.load()), 2));
    }
    return t;
  }

  static String ratio(List<Double> r) {
    return Table.fmt(Stats.median(r), 3) + " [" + Table.fmt(Stats.min(r), 3) + "–"
        + Table.fmt(Stats.max(r), 3) + "]";
  }

  static String markdown(
      Options o, List<Cell> cells, String envStart, String envEnd, String emulator) {
    StringBuilder sb = new StringBuilder();
    sb.append("Measured ").append(envStart).append(" (at end: load average ")
        .append(envEnd.substring(envEnd.indexOf("load average ") + 13)).append(").\n");
    sb.append("Emulator: ").append(emulator).append(". Rounds: ").append(o.rounds())
        .append(" × ").append(o.roundDuration().toMillis()).append(" ms per library, interleaved;")
        .append(" warm-up ").append(o.warmup().toMillis()).append(" ms per library and latency.\n\n");
    sb.append(table(cells).markdown()).append('\n');
    sb.append(verdicts(cells));
    return sb.toString();
  }

  /**
   * bedrock-kit against its targets at 1 caller and at the largest caller count of each latency,
   * with the A/A control of the same cell when it ran: a ratio the control misses too is noise.
   */
  static String verdicts(List<Cell> cells) {
    StringBuilder sb = new StringBuilder();
    int max = cells.stream().mapToInt(Cell::concurrency).max().orElse(0);
    for (Cell c : cells) {
      if (!c.library().equals("bedrock-kit") || (c.concurrency() != max && c.concurrency() != 1)) {
        continue;
      }
      double p50 = Stats.median(c.p50Ratio());
      double p99 = Stats.median(c.p99Ratio());
      sb.append("- bedrock-kit at ").append(c.concurrency())
          .append(c.concurrency() == 1 ? " caller" : " callers").append(", latency ")
          .append(c.latency())
          .append(": median ").append(Table.fmt(p50, 3)).append("× raw SDK (target ≤ 1.02: ")
          .append(p50 <= 1.02 ? "met" : "missed by " + Table.fmt((p50 - 1.02) * 100, 1) + " points")
          .append("), p99 ").append(Table.fmt(p99, 3)).append("× (target ≤ 1.05: ")
          .append(p99 <= 1.05 ? "met" : "missed by " + Table.fmt((p99 - 1.05) * 100, 1) + " points")
          .append(")");
      cells.stream()
          .filter(
              k -> k.library().equals("raw-sdk-control")
                  && k.latency().equals(c.latency())
                  && k.concurrency() == c.concurrency())
          .findFirst()
          .ifPresent(
              k -> sb.append("; the raw SDK against itself in the same cell: median ")
                  .append(Table.fmt(Stats.median(k.p50Ratio()), 3)).append("×, p99 ")
                  .append(Table.fmt(Stats.median(k.p99Ratio()), 3)).append("×"));
      sb.append(".\n");
    }
    return sb.toString();
  }

  static void log(String s) {
    System.err.println("[overhead] " + s);
  }
}
