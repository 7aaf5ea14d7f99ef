package dev.bedrockkit.chaos;

import dev.bedrockkit.chaos.Scenarios.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the chaos scenarios and reports the table: {@code chaos/run.sh} runs the long profile and
 * writes it into {@code chaos/README.md}; the suite in {@code mvn verify} runs the short one.
 *
 * <pre>
 * ChaosMain [--profile long|short] [--callers N] [--duration 60s] [--scenarios "429 storm,Redis killed"]
 *           [--readme chaos/README.md|none] [--results chaos/results|none]
 * </pre>
 *
 * Exit status 0 when every scenario kept its zeros and checks, 1 otherwise, 2 for bad options.
 */
public final class ChaosMain {
  static final String USAGE =
      "usage: ChaosMain [--profile long|short] [--callers N] [--duration 60s]"
          + " [--scenarios name,name] [--readme chaos/README.md|none] [--results chaos/results|none]";

  private ChaosMain() {}

  /** What one run produced. */
  public record Outcome(ChaosSettings settings, List<ScenarioResult> rows, String markdown) {
    public boolean passed() {
      return rows.stream().allMatch(ScenarioResult::passed);
    }
  }

  public static void main(String[] args) throws Exception {
    ChaosSettings settings = ChaosSettings.longRun();
    List<String> only = List.of();
    String readme = "chaos/README.md";
    String results = "chaos/results";
    Integer callers = null;
    Duration duration = null;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      String v = i + 1 < args.length ? args[i + 1] : null;
      switch (a) {
        case "--profile" -> {
          settings = "short".equals(v) ? ChaosSettings.shortRun() : ChaosSettings.longRun();
          i++;
        }
        case "--callers" -> {
          callers = Integer.parseInt(v);
          i++;
        }
        case "--duration" -> {
          duration = Duration.parse("PT" + v.toUpperCase(Locale.ROOT));
          i++;
        }
        case "--scenarios" -> {
          only = List.of(v.split(","));
          i++;
        }
        case "--readme" -> {
          readme = v;
          i++;
        }
        case "--results" -> {
          results = v;
          i++;
        }
        case "--help", "-h" -> {
          System.out.println(USAGE);
          return;
        }
        default -> {
          System.err.println("unknown option " + a + "\n" + USAGE);
          System.exit(2);
        }
      }
    }
    if (callers != null || duration != null) {
      settings =
          settings.with(
              callers != null ? callers : settings.callers(),
              duration != null ? duration : settings.duration());
    }
    String command = "./chaos/run.sh" + (args.length == 0 ? "" : " " + String.join(" ", args));
    Outcome outcome = run(settings, only, command);
    System.out.println(outcome.markdown());
    if (!"none".equals(readme)) {
      ChaosReport.writeReadme(Path.of(readme), settings.profile(), outcome.markdown());
    }
    if (!"none".equals(results)) {
      Path dir = Path.of(results);
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("chaos-" + settings.profile() + ".csv"),
          ChaosReport.csv(outcome.rows()),
          StandardCharsets.UTF_8);
      Files.writeString(
          dir.resolve("chaos-" + settings.profile() + ".md"), outcome.markdown(), StandardCharsets.UTF_8);
    }
    System.exit(outcome.passed() ? 0 : 1);
  }

  /** Runs the scenarios named in {@code only} (all when empty). */
  public static Outcome run(ChaosSettings settings, List<String> only, String command)
      throws Exception {
    String env = ChaosReport.environment();
    long start = System.nanoTime();
    List<ScenarioResult> rows = new ArrayList<>();
    try (ChaosContext ctx = new ChaosContext(settings)) {
      ctx.warmUp(Duration.ofSeconds(2));
      for (Scenario s : Scenarios.all()) {
        if (!only.isEmpty() && only.stream().noneMatch(n -> n.equalsIgnoreCase(s.name()))) {
          continue;
        }
        long t = System.nanoTime();
        ScenarioResult r;
        try {
          r = s.run().run(ctx, s);
        } finally {
          ctx.endScenario();
        }
        rows.add(r);
        System.err.printf(
            Locale.ROOT,
            "[chaos] %-16s %5d sent, %5d ok, %4d degraded, %4d typed, %d other, %d hung, p99 %s ms"
                + " (%.1f s)%s%n",
            s.name(), r.sent(), r.succeeded(), r.degraded(), r.failedTypedTotal(),
            r.failedOtherwiseTotal(), r.hung(), ChaosReport.fmt(r.p99Millis()),
            (System.nanoTime() - t) / 1e9, r.passed() ? "" : "  <-- FAILED");
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Outcome(
        settings, rows, ChaosReport.markdown(settings, rows, command, env, seconds));
  }
}
