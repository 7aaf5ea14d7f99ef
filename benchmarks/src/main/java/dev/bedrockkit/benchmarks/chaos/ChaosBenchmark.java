package dev.bedrockkit.benchmarks.chaos;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.benchmarks.harness.Cli;
import dev.bedrockkit.benchmarks.harness.Clients;
import dev.bedrockkit.benchmarks.harness.ClosedLoop;
import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.harness.EmulatorSettings;
import dev.bedrockkit.benchmarks.harness.Environment;
import dev.bedrockkit.benchmarks.harness.FaultSpec;
import dev.bedrockkit.benchmarks.harness.Json;
import dev.bedrockkit.benchmarks.harness.Readme;
import dev.bedrockkit.benchmarks.harness.Table;
import dev.bedrockkit.benchmarks.harness.Workload;
import dev.bedrockkit.benchmarks.peers.ChatSubject;
import dev.bedrockkit.benchmarks.peers.Kit;
import dev.bedrockkit.benchmarks.peers.LangChain4j;
import dev.bedrockkit.benchmarks.peers.RawSdk;
import dev.bedrockkit.benchmarks.peers.SpringAi;
import dev.bedrockkit.test.ModelCatalog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A 429 storm: many concurrent callers against an emulator that throttles a share of all calls
 * (seeded), on a two-model chain, and a variant where the first model is throttled always. Each
 * library gets a fresh emulator with the same seed and the same number of requests. bedrock-kit
 * runs with SDK retries off (it owns retries) and a per-request deadline; the raw SDK and the
 * peers run as shipped: the SDK's default retry strategy, plus LangChain4j's own two retries.
 * Reported: success rate, p50/p99/max latency, HTTP calls per model (SDK retries included),
 * answers per model, and requests that took longer than the deadline (bedrock-kit must have 0).
 */
public final class ChaosBenchmark {
  static final List<String> LIBRARIES =
      List.of("bedrock-kit", "bedrock-kit-rate-cb", "bedrock-kit-strict-budget", "raw-sdk",
          "spring-ai", "langchain4j");

  static final String USAGE =
      "usage: ChaosBenchmark [--callers 200] [--requests-per-caller 10] [--throttle 0.3]"
          + " [--seed 42] [--latency 50ms] [--deadline 10s] [--rate-cb-min-calls 100] [--warmup-requests-per-caller 20] [--scenarios storm,first-down]"
          + " [--libraries " + String.join(",", LIBRARIES) + "]"
          + " [--emulator process|in-process] [--results benchmarks/results]"
          + " [--readme benchmarks/README.md|none]";

  static final String FIRST = ModelCatalog.CLAUDE_3_5_SONNET;
  static final String SECOND = ModelCatalog.CLAUDE_3_HAIKU;
  /** Never throttled: the warm-up twin of each library calls it. */
  static final String WARMUP_MODEL = ModelCatalog.CLAUDE_3_OPUS;

  /** Options of a run. */
  public record Options(
      int callers,
      int requestsPerCaller,
      double throttle,
      long seed,
      String latency,
      Duration deadline,
      int rateCbMinCalls,
      int warmupRequestsPerCaller,
      List<String> scenarios,
      List<String> libraries,
      Emulator.Mode emulator,
      Path results,
      Path readme) {

    public static Options parse(String[] args) {
      Cli cli =
          Cli.parse(
              args,
              USAGE,
              Set.of("callers", "requests-per-caller", "throttle", "seed", "latency", "deadline", "rate-cb-min-calls", "warmup-requests-per-caller",
                  "scenarios", "libraries", "emulator", "results", "readme"));
      String readme = cli.string("readme", "benchmarks/README.md");
      return new Options(
          cli.integer("callers", 200),
          cli.integer("requests-per-caller", 10),
          cli.decimal("throttle", 0.3),
          cli.integer("seed", 42),
          cli.string("latency", "50ms"),
          cli.duration("deadline", Duration.ofSeconds(10)),
          cli.integer("rate-cb-min-calls", 100),
          cli.integer("warmup-requests-per-caller", 20),
          cli.strings("scenarios", List.of("storm", "first-down")),
          cli.strings("libraries", LIBRARIES),
          Emulator.Mode.parse(cli.string("emulator", "process")),
          Path.of(cli.string("results", "benchmarks/results")),
          readme.equals("none") ? null : Path.of(readme));
    }
  }

  /**
   * One library in one scenario.
   *
   * @param httpCallsPerModel HTTP attempts per model as the SDK sent them (retries included)
   * @param answersPerModel successful answers per answering model
   * @param failuresByType failed requests by exception class
   * @param overDeadline requests (successful or not) that took longer than the deadline
   */
  public record Row(
      String scenario,
      String library,
      String configuration,
      long requests,
      long successes,
      double p50Ms,
      double p99Ms,
      double maxMs,
      long overDeadline,
      double maxPastDeadlineMs,
      Map<String, Long> httpCallsPerModel,
      Map<String, Long> answersPerModel,
      Map<String, Long> failuresByType,
      double seconds,
      double load) {

    public double successRate() {
      return requests == 0 ? Double.NaN : 100.0 * successes / requests;
    }
  }

  /** Everything a run produced. */
  public record Report(
      String environmentAtStart, String environmentAtEnd, Options options, List<Row> rows,
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
    List<Row> rows = new ArrayList<>();
    for (String scenario : o.scenarios()) {
      for (String library : o.libraries()) {
        rows.add(runOne(o, scenario, library));
        Row r = rows.get(rows.size() - 1);
        log(scenario + " / " + library + ": " + Table.fmt(r.successRate(), 2) + " % ok, p99 "
            + Table.fmt(r.p99Ms(), 0) + " ms, load " + Environment.loadAverages());
      }
    }
    String envEnd = Environment.describe();
    String markdown = markdown(o, rows, envStart, envEnd);
    Report report = new Report(envStart, envEnd, o, rows, markdown);
    if (o.results() != null) {
      Json.write(o.results().resolve("chaos.json"), report);
      table(rows).writeCsv(o.results().resolve("chaos.csv"));
    }
    if (o.readme() != null) {
      Readme.replaceSection(o.readme(), "chaos", markdown);
    }
    return report;
  }

  static EmulatorSettings settings(Options o, String scenario) {
    EmulatorSettings s =
        EmulatorSettings.forConcurrency(o.callers()).withLatency(EmulatorSettings.latency(o.latency()));
    return switch (scenario) {
      case "storm" -> s.withFault(FaultSpec.throttle("*", o.throttle(), o.seed()));
      case "first-down" -> s.withFault(FaultSpec.throttle(FIRST, 1.0, o.seed()))
          .withFault(FaultSpec.throttle(SECOND, o.throttle(), o.seed()));
      default -> throw new IllegalArgumentException(
          "Unknown scenario " + scenario + "; known: storm, first-down");
    };
  }

  static String describeScenario(Options o, String scenario) {
    String pct = Table.fmt(o.throttle() * 100, 0) + " %";
    return switch (scenario) {
      case "storm" -> pct + " of all calls throttled";
      case "first-down" -> "1st model 100 %, 2nd " + pct + " throttled";
      default -> scenario;
    };
  }

  private static Row runOne(Options o, String scenario, String library) {
    Workload w = Workload.standard().withModel(FIRST);
    boolean kit = library.startsWith("bedrock-kit");
    Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    try (Emulator emulator = Emulator.start(o.emulator(), settings(o, scenario));
        Clients clients =
            kit
                ? Clients.create(emulator.endpoint(), o.callers() + 16)
                : Clients.withSdkDefaultRetries(emulator.endpoint(), o.callers() + 16)) {
      ChatSubject subject = subject(o, library, clients, FIRST, SECOND);
      String configuration = configuration(o, library);
      // Warm up class loading, JIT and connections with a twin of the library on a model the
      // emulator never throttles, so neither the seeded fault sequence nor the measured
      // instance's circuits and retry budget are touched.
      try (ChatSubject twin = subject(o, library, clients, WARMUP_MODEL, WARMUP_MODEL)) {
        Workload warm = Workload.standard().withModel(WARMUP_MODEL);
        ClosedLoop.run(Math.min(o.callers(), 50), Duration.ofHours(1), o.warmupRequestsPerCaller(),
            () -> twin.chat(warm), a -> true);
      }
      double load = Environment.loadAverage();
      try (subject) {
        clients.counter().reset();
        ClosedLoop.Result r =
            ClosedLoop.run(
                o.callers(),
                Duration.ofHours(1),
                o.requestsPerCaller(),
                () -> {
                  try {
                    return subject.chat(w);
                  } catch (RuntimeException e) {
                    String key = failureKey(e);
                    if (failures.get(key) == null
                        && library.startsWith("bedrock-kit")
                        && !(e instanceof dev.bedrockkit.BedrockKitException)) {
                      log(library + " threw a " + e.getClass().getName()
                          + ", not a BedrockKitException:\n" + stackTrace(e));
                    }
                    failures.computeIfAbsent(key, k -> new LongAdder()).increment();
                    throw e;
                  }
                },
                answer -> {
                  String model = answer != null && answer.startsWith("[") && answer.indexOf(']') > 0
                      ? answer.substring(1, answer.indexOf(']')) : "unexpected";
                  answers.computeIfAbsent(model, k -> new LongAdder()).increment();
                  return model.equals(FIRST) || model.equals(SECOND);
                });
        long deadlineNanos = o.deadline().toNanos();
        long over = 0;
        StringBuilder overs = new StringBuilder();
        for (long v : r.sortedLatencies()) {
          if (v > deadlineNanos) {
            over++;
            overs.append(' ').append((v - deadlineNanos) / 1_000_000.0);
          }
        }
        if (over > 0 && kit) {
          log(scenario + " / " + library + ": past the deadline by (ms):" + overs);
        }
        long[] sorted = r.sortedLatencies();
        return new Row(
            scenario, library, configuration, r.calls(), r.calls() - r.failures() - r.wrong(),
            r.percentileMillis(50), r.percentileMillis(99),
            sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6,
            over, sorted.length == 0 ? 0 : Math.max(0, (sorted[sorted.length - 1] - deadlineNanos) / 1e6),
            clients.counter().snapshot(), snapshot(answers), snapshot(failures),
            r.elapsedNanos() / 1e9, load);
      }
    }
  }

  static ChatSubject subject(Options o, String library, Clients clients, String first, String second) {
    return switch (library) {
      case "bedrock-kit" -> Kit.of(library, clients.sync(), chain(first, second),
          CallPolicy.ofDefaults(), o.deadline(), r -> {});
      case "bedrock-kit-rate-cb" -> Kit.of(library, clients.sync(), chain(first, second),
          rateBasedPolicy(o.rateCbMinCalls()), o.deadline(), r -> {});
      case "bedrock-kit-strict-budget" -> Kit.of(library, clients.sync(), chain(first, second),
          CallPolicy.builder().retryBudget(0.2, 10).build(), o.deadline(), r -> {});
      case "raw-sdk" -> new RawSdk(clients.sync());
      case "spring-ai" -> new SpringAi(clients.sync(), null, first);
      case "langchain4j" -> new LangChain4j(clients.sync(), first, null, library);
      default -> throw new IllegalArgumentException("Unknown library " + library
          + "; known: " + String.join(", ", LIBRARIES));
    };
  }

  private static List<String> chain(String first, String second) {
    return first.equals(second) ? List.of(first) : List.of(first, second);
  }

  static String configuration(Options o, String library) {
    return switch (library) {
      case "bedrock-kit" -> "chain [" + FIRST + ", " + SECOND + "], default CallPolicy, deadline "
          + o.deadline().toMillis() + " ms, SDK retries off";
      case "bedrock-kit-rate-cb" -> "as bedrock-kit, but a rate-based circuit breaker: opens when"
          + " 50 % of at least " + o.rateCbMinCalls() + " calls in 60 s failed"
          + " (CircuitBreakerSettings.rateBased(50, " + o.rateCbMinCalls() + ", 60 s))";
      case "bedrock-kit-strict-budget" -> "as bedrock-kit, but a smaller retry budget:"
          + " retryBudget(0.2, 10) (Finagle's ratio) instead of the default (0.5, 10)";
      case "raw-sdk" -> FIRST + ", SDK default retries";
      case "spring-ai" -> FIRST + ", SDK default retries (no retry of its own)";
      case "langchain4j" -> FIRST + ", SDK default retries + maxRetries 2 (default)";
      default -> library;
    };
  }

  /**
   * The exception's class; for {@code AllModelsFailedException} also what ended each model's
   * turn (its last attempt's outcome), so a table shows why the chain ran out.
   */
  static String failureKey(RuntimeException e) {
    if (e instanceof AllModelsFailedException all) {
      Map<String, String> lastByModel = new LinkedHashMap<>();
      all.attempts().forEach(a -> lastByModel.put(a.modelId(), a.outcome().name()));
      return e.getClass().getSimpleName() + " (" + String.join(", ", lastByModel.values()) + ")";
    }
    return e.getClass().getSimpleName();
  }

  /** The default policy with a circuit breaker that opens on a failure rate, not a count. */
  static CallPolicy rateBasedPolicy(int minCalls) {
    return CallPolicy.builder()
        .circuitBreaker(CallPolicy.CircuitBreakerSettings.rateBased(50, minCalls, Duration.ofSeconds(60)))
        .build();
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter w = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(w));
    return w.toString();
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
    Map<String, Long> out = new TreeMap<>();
    m.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  static String shortModel(String id) {
    return id.equals(FIRST) ? "1st" : id.equals(SECOND) ? "2nd" : id;
  }

  private static String perModel(Map<String, Long> m) {
    return "1st " + m.getOrDefault(FIRST, 0L) + " / 2nd " + m.getOrDefault(SECOND, 0L);
  }

  static Table table(List<Row> rows) {
    Table t =
        new Table("scenario", "library", "requests", "success %", "p50 ms", "p99 ms", "max ms",
            "over deadline", "max past deadline ms", "HTTP calls per model", "answers per model", "failures",
            "seconds", "load avg");
    for (Row r : rows) {
      StringBuilder f = new StringBuilder();
      r.failuresByType().forEach((k, v) -> f.append(f.length() == 0 ? "" : "; ").append(k).append(' ').append(v));
      t.row(r.scenario(), r.library(), r.requests(), Table.fmt(r.successRate(), 2),
          Table.fmt(r.p50Ms(), 0), Table.fmt(r.p99Ms(), 0), Table.fmt(r.maxMs(), 0),
          r.overDeadline(), Table.fmt(r.maxPastDeadlineMs(), 1), perModel(r.httpCallsPerModel()), perModel(r.answersPerModel()),
          f.length() == 0 ? "-" : f.toString(), Table.fmt(r.seconds(), 1), Table.fmt(r.load(), 2));
    }
    return t;
  }

  static String markdown(Options o, List<Row> rows, String envStart, String envEnd) {
    StringBuilder sb = new StringBuilder();
    sb.append("Measured ").append(envStart).append(" (at end: load average ")
        .append(envEnd.substring(envEnd.indexOf("load average ") + 13)).append(").\n");
    sb.append(o.callers()).append(" concurrent callers × ").append(o.requestsPerCaller())
        .append(" requests per library and scenario; emulator latency ").append(o.latency())
        .append(", throttling seeded (").append(o.seed()).append("), a fresh emulator ")
        .append(o.emulator() == Emulator.Mode.PROCESS ? "process" : "instance")
        .append(" per row. 1st model ").append(FIRST).append(", 2nd ").append(SECOND)
        .append(". Scenarios: storm = ").append(describeScenario(o, "storm"))
        .append("; first-down = ").append(describeScenario(o, "first-down")).append(".\n\n");
    sb.append("Configurations: ");
    rows.stream().map(r -> r.library() + ": " + r.configuration()).distinct()
        .forEach(s -> sb.append("\n- ").append(s));
    sb.append("\n\n").append(table(rows).markdown()).append('\n');
    sb.append("\"over deadline\" counts requests that took longer than ").append(o.deadline().toMillis())
        .append(" ms; only bedrock-kit has a deadline to keep (target 0). Peers have none.\n");
    for (Row kit : rows) {
      if (!kit.library().startsWith("bedrock-kit")) {
        continue;
      }
      String scenario = kit.scenario();
      double bestPeer = rows.stream()
          .filter(r -> r.scenario().equals(scenario)
              && (r.library().equals("spring-ai") || r.library().equals("langchain4j")))
          .mapToDouble(Row::successRate).max().orElse(Double.NaN);
      sb.append("- ").append(scenario).append(", ").append(kit.library()).append(": ")
          .append(Table.fmt(kit.successRate(), 2)).append(" % success vs best peer ")
          .append(Table.fmt(bestPeer, 2)).append(" % (target: better: ")
          .append(Double.isNaN(bestPeer) ? "n/a"
              : kit.successRate() > bestPeer ? "met"
              : kit.successRate() == 100.0 && bestPeer == 100.0 ? "tied at 100 %, the most there is"
              : "missed")
          .append("); ").append(kit.overDeadline()).append(" requests over the deadline (target 0: ")
          .append(kit.overDeadline() == 0 ? "met" : "missed").append(").\n");
    }
    return sb.toString();
  }

  static void log(String s) {
    System.err.println("[chaos] " + s);
  }
}
