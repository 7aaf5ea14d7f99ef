package dev.bedrockkit.chaos;

import dev.bedrockkit.chaos.ScenarioResult.Check;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns scenario results into the Markdown table of the README (between generated markers), a
 * CSV, and the details of every failed check.
 *
 * <p>Stateless.
 */
public final class ChaosReport {
  private ChaosReport() {}

  static String begin(String profile) {
    return "<!-- BEGIN GENERATED: chaos " + profile + " -->";
  }

  static String end(String profile) {
    return "<!-- END GENERATED: chaos " + profile + " -->";
  }

  /** The table and its notes. */
  public static String markdown(ChaosSettings s, List<ScenarioResult> rows, String command,
      String environmentAtStart, double seconds) {
    StringBuilder md = new StringBuilder();
    md.append("Command: `").append(command).append("`  \n");
    md.append("Settings: ").append(s.callers()).append(" callers, ")
        .append(s.duration().toSeconds()).append(" s per scenario, think time 0-")
        .append(s.think().toMillis()).append(" ms, attempt timeout ")
        .append(s.attemptTimeout().toMillis()).append(" ms, deadline ")
        .append(s.deadline().toMillis()).append(" ms (hung = past deadline + ")
        .append(s.grace().toMillis()).append(" ms), seed ").append(s.seed()).append("  \n");
    md.append("Machine: ").append(environmentAtStart).append("; run took ")
        .append(String.format(Locale.ROOT, "%.0f", seconds)).append(" s\n\n");
    md.append("| scenario | sent | succeeded | degraded | failed, typed | failed otherwise |"
        + " hung past deadline | calls to a disabled model | p50 ms | p99 ms | max past deadline ms"
        + " | log leaks | checks |\n");
    md.append("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (ScenarioResult r : rows) {
      md.append("| ").append(r.scenario())
          .append(" | ").append(r.sent())
          .append(" | ").append(r.succeeded())
          .append(" | ").append(r.degraded())
          .append(" | ").append(typed(r.failedTyped()))
          .append(" | ").append(r.failedOtherwiseTotal() == 0 ? "**0**" : "**" + typed(r.failedOtherwise()) + "**")
          .append(" | **").append(r.hung()).append("**")
          .append(" | ").append(r.disabledCalls() == null ? "-" : "**" + r.disabledCalls() + "**")
          .append(" | ").append(fmt(r.p50Millis()))
          .append(" | ").append(fmt(r.p99Millis()))
          .append(" | ").append(fmt(r.maxPastDeadlineMillis()))
          .append(" | ").append(r.logViolations().size())
          .append(" | ").append(checks(r.checks()))
          .append(" |\n");
    }
    md.append("\nWhat each scenario did:\n\n");
    for (ScenarioResult r : rows) {
      md.append("- **").append(r.scenario()).append("**: ").append(r.description()).append('\n');
      for (Check c : r.checks()) {
        md.append("  - ").append(c.held() ? "ok" : "**FAILED**").append(": ").append(c.what())
            .append(" (").append(c.detail()).append(")\n");
      }
      for (String v : r.logViolations()) {
        md.append("  - **log leak**: ").append(v).append('\n');
      }
    }
    return md.toString();
  }

  private static String checks(List<Check> checks) {
    long held = checks.stream().filter(Check::held).count();
    return checks.isEmpty() ? "-" : held + "/" + checks.size();
  }

  private static String typed(Map<String, Long> byClass) {
    if (byClass.isEmpty()) {
      return "0";
    }
    long total = byClass.values().stream().mapToLong(Long::longValue).sum();
    return total + " (" + byClass.entrySet().stream()
        .map(e -> e.getKey().replace("Exception", "") + " " + e.getValue())
        .collect(Collectors.joining(", ")) + ")";
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  /** One line per scenario. */
  public static String csv(List<ScenarioResult> rows) {
    StringBuilder sb = new StringBuilder(
        "scenario,sent,succeeded,degraded,failed_typed,failed_otherwise,hung,disabled_calls,p50_ms,"
            + "p99_ms,max_ms,max_past_deadline_ms,log_violations,checks_failed\n");
    for (ScenarioResult r : rows) {
      sb.append('"').append(r.scenario()).append('"')
          .append(',').append(r.sent())
          .append(',').append(r.succeeded())
          .append(',').append(r.degraded())
          .append(',').append(r.failedTypedTotal())
          .append(',').append(r.failedOtherwiseTotal())
          .append(',').append(r.hung())
          .append(',').append(r.disabledCalls() == null ? "" : r.disabledCalls())
          .append(',').append(fmt(r.p50Millis()))
          .append(',').append(fmt(r.p99Millis()))
          .append(',').append(fmt(r.maxMillis()))
          .append(',').append(fmt(r.maxPastDeadlineMillis()))
          .append(',').append(r.logViolations().size())
          .append(',').append(r.checks().stream().filter(c -> !c.held()).count())
          .append('\n');
    }
    return sb.toString();
  }

  /** Replaces the generated section of {@code readme} for this profile (appends it if absent). */
  public static void writeReadme(Path readme, String profile, String markdown) throws IOException {
    String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
    String section = begin(profile) + "\n" + markdown + end(profile);
    int from = text.indexOf(begin(profile));
    int to = text.indexOf(end(profile));
    String updated =
        from >= 0 && to > from
            ? text.substring(0, from) + section + text.substring(to + end(profile).length())
            : text + (text.endsWith("\n") || text.isEmpty() ? "" : "\n") + section + "\n";
    Files.writeString(readme, updated, StandardCharsets.UTF_8);
  }

  /** Date, CPUs, Java and load average of this machine. */
  public static String environment() {
    String load = "?";
    try {
      load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      load = l < 0 ? "?" : String.format(Locale.ROOT, "%.2f", l);
    }
    return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_LOCAL_DATE) + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
        + System.getProperty("java.version") + ", load average " + load;
  }
}
