package dev.bedrockkit.examples.shortlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Renders a {@link ShortlistReport} as a terminal table, CSV (one row per model, exact decimals,
 * {@code unknown} for a cost without a price, empty for nothing measured) and JSON (exact
 * decimals, {@code null} for unknown).
 *
 * <p>Stateless and thread-safe.
 */
public final class ReportFormats {
  /** Printed in place of a cost when the model has no price. */
  public static final String UNKNOWN = "unknown";
  /** Printed when there is nothing to measure (no successful request). */
  public static final String NOT_AVAILABLE = "n/a";

  static final List<String> CSV_COLUMNS =
      List.of(
          "model_id", "requests", "succeeded", "failed", "error_rate", "attempts",
          "throttled_attempts", "throttle_rate", "latency_p50_ms", "latency_p99_ms",
          "ttft_p50_ms", "ttft_p99_ms", "output_tokens_per_second", "mean_input_tokens",
          "mean_output_tokens", "price_known", "mean_cost_usd", "usd_per_1000_requests",
          "monthly_usd", "monthly_usd_10x");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportFormats() {}

  /** The terminal table with a header line and footnotes. */
  public static String table(ShortlistReport report) {
    List<Column> columns =
        List.of(
            new Column("model", false, ModelReport::modelId),
            new Column("ok", true, m -> m.succeeded() + "/" + m.requests()),
            new Column("errors", true, m -> percent(m.errorRate())),
            new Column("throttled", true, m -> percent(m.throttleRate())),
            new Column("p50 ms", true, m -> millis(m.latencyP50Ms())),
            new Column("p99 ms", true, m -> millis(m.latencyP99Ms())),
            new Column("TTFT p50", true, m -> millis(m.ttftP50Ms())),
            new Column("TTFT p99", true, m -> millis(m.ttftP99Ms())),
            new Column("out tok/s", true, m -> oneDecimal(m.outputTokensPerSecond())),
            new Column("in tok", true, m -> oneDecimal(m.meanInputTokens())),
            new Column("out tok", true, m -> oneDecimal(m.meanOutputTokens())),
            new Column("$/1k req", true, m -> money(m, m.usdPer1000Requests(), 4)),
            new Column("$/month", true, m -> money(m, m.monthlyUsd(), 2)),
            new Column("$/month 10x", true, m -> money(m, m.monthlyUsdAt10x(), 2)));
    List<List<String>> rows = new ArrayList<>();
    for (ModelReport m : report.models()) {
      rows.add(columns.stream().map(c -> c.value.apply(m)).toList());
    }
    int[] widths = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      widths[i] = columns.get(i).header.length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Model shortlist: %s, %d measured request(s) per model after %d warm-up, concurrency %d,"
                + " %d prompt(s) from %s%n%n",
            report.mode(), report.requestsPerModel(), report.warmupPerModel(),
            report.concurrency(), report.promptCount(), report.promptSource()));
    appendRow(sb, columns.stream().map(c -> c.header).toList(), columns, widths);
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < widths.length; i++) {
      rule.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
    }
    sb.append(rule).append('\n');
    for (List<String> row : rows) {
      appendRow(sb, row, columns, widths);
    }
    sb.append('\n');
    sb.append("Latency: request start to last token, bedrock-kit retries included; TTFT: to first"
        + " text. Nearest-rank percentiles over successful requests.\n");
    sb.append("errors: requests failed after retries; throttled: calls Bedrock throttled out of all")
        .append(" calls made. Retries: ").append(report.policyDescription()).append(".\n");
    sb.append(
        String.format(
            Locale.ROOT,
            "Cost: mean of a successful request at list prices as of %s (check"
                + " https://aws.amazon.com/bedrock/pricing/); month = %d days at %,d requests/day"
                + " (10x: %,d).%n",
            report.pricesAsOf(), ModelReport.DAYS_PER_MONTH, report.requestsPerDay(),
            report.requestsPerDay() * 10));
    for (ModelReport m : report.models()) {
      if (!m.priceKnown()) {
        sb.append("No price for ").append(m.modelId())
            .append(": cost unknown; add it with --prices FILE.\n");
      }
    }
    for (ModelReport m : report.models()) {
      if (m.failed() > 0) {
        sb.append("Failures of ").append(m.modelId()).append(": ");
        List<String> kinds = new ArrayList<>();
        m.errors().forEach((kind, n) -> kinds.add(n + " x " + kind));
        sb.append(String.join(", ", kinds));
        if (m.firstError() != null) {
          sb.append("; first: ").append(firstLine(m.firstError()));
        }
        sb.append('\n');
      }
    }
    if (report.throttlesInjected() != null) {
      long seen = report.models().stream().mapToLong(ModelReport::throttledAttempts).sum();
      sb.append(
          String.format(
              Locale.ROOT, "Emulator: %d throttle(s) injected, %d seen by bedrock-kit.%n",
              report.throttlesInjected(), seen));
    }
    sb.append(
        String.format(
            Locale.ROOT, "Measured run took %.1f s.%n", report.wallTime().toMillis() / 1000.0));
    return sb.toString();
  }

  /** One header line, then one line per model; RFC 4180 quoting where needed. */
  public static String csv(ShortlistReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.join(",", CSV_COLUMNS)).append("\r\n");
    for (ModelReport m : report.models()) {
      List<String> v =
          List.of(
              m.modelId(),
              Integer.toString(m.requests()),
              Integer.toString(m.succeeded()),
              Integer.toString(m.failed()),
              ratio(m.errorRate()),
              Long.toString(m.attempts()),
              Long.toString(m.throttledAttempts()),
              ratio(m.throttleRate()),
              number(m.latencyP50Ms()),
              number(m.latencyP99Ms()),
              number(m.ttftP50Ms()),
              number(m.ttftP99Ms()),
              number(m.outputTokensPerSecond()),
              number(m.meanInputTokens()),
              number(m.meanOutputTokens()),
              Boolean.toString(m.priceKnown()),
              csvMoney(m, m.meanCostUsd()),
              csvMoney(m, m.usdPer1000Requests()),
              csvMoney(m, m.monthlyUsd()),
              csvMoney(m, m.monthlyUsdAt10x()));
      sb.append(String.join(",", v.stream().map(ReportFormats::quote).toList())).append("\r\n");
    }
    return sb.toString();
  }

  /** The run's settings and every model's numbers as a JSON document. */
  public static String json(ShortlistReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("generatedAt", report.generatedAt().toString());
    root.put("mode", report.mode());
    root.put("region", report.region());
    root.put("promptSource", report.promptSource());
    root.put("promptCount", report.promptCount());
    root.put("requestsPerModel", report.requestsPerModel());
    root.put("warmupPerModel", report.warmupPerModel());
    root.put("concurrency", report.concurrency());
    root.put("requestsPerDay", report.requestsPerDay());
    root.put("daysPerMonth", ModelReport.DAYS_PER_MONTH);
    root.put("pricesAsOf", report.pricesAsOf());
    root.put("wallTimeMs", report.wallTime().toMillis());
    ObjectNode policy = root.putObject("callPolicy");
    policy.put("maxAttempts", report.policy().maxAttempts());
    policy.put("backoffBaseMs", report.policy().backoffBase().toMillis());
    policy.put("backoffMaxMs", report.policy().backoffMax().toMillis());
    policy.put("retryBudgetRatio", report.policy().retryBudgetRatio());
    policy.put("retryBudgetMinPerSecond", report.policy().retryBudgetMinPerSecond());
    policy.put("attemptTimeoutMs", report.policy().attemptTimeout().toMillis());
    policy.put("deadlineMs", report.policy().deadline().toMillis());
    policy.put("circuitBreaker", false);
    policy.put("sdkRetries", false);
    if (report.throttlesInjected() != null) {
      root.put("throttlesInjected", report.throttlesInjected());
    }
    ArrayNode models = root.putArray("models");
    for (ModelReport m : report.models()) {
      ObjectNode n = models.addObject();
      n.put("modelId", m.modelId());
      n.put("requests", m.requests());
      n.put("succeeded", m.succeeded());
      n.put("failed", m.failed());
      n.put("errorRate", m.errorRate());
      n.put("attempts", m.attempts());
      n.put("throttledAttempts", m.throttledAttempts());
      n.put("throttleRate", m.throttleRate());
      n.put("latencyP50Ms", m.latencyP50Ms());
      n.put("latencyP99Ms", m.latencyP99Ms());
      n.put("ttftP50Ms", m.ttftP50Ms());
      n.put("ttftP99Ms", m.ttftP99Ms());
      n.put("outputTokensPerSecond", m.outputTokensPerSecond());
      n.put("meanInputTokens", m.meanInputTokens());
      n.put("meanOutputTokens", m.meanOutputTokens());
      n.put("priceKnown", m.priceKnown());
      n.put("meanCostUsd", m.meanCostUsd());
      n.put("usdPer1000Requests", m.usdPer1000Requests());
      n.put("monthlyUsd", m.monthlyUsd());
      n.put("monthlyUsdAt10x", m.monthlyUsdAt10x());
      ObjectNode errors = n.putObject("errors");
      m.errors().forEach(errors::put);
      n.put("firstError", m.firstError());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private record Column(String header, boolean right, Function<ModelReport, String> value) {}

  private static void appendRow(
      StringBuilder sb, List<String> cells, List<Column> columns, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        line.append("  ");
      }
      String cell = cells.get(i);
      String pad = " ".repeat(widths[i] - cell.length());
      line.append(columns.get(i).right ? pad + cell : cell + pad);
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  static String millis(Double ms) {
    return ms == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.0f", ms);
  }

  static String oneDecimal(Double v) {
    return v == null ? NOT_AVAILABLE : String.format(Locale.ROOT, "%.1f", v);
  }

  /** {@code unknown} without a price, {@code n/a} without data, else rounded half-up. */
  static String money(ModelReport m, BigDecimal usd, int decimals) {
    if (!m.priceKnown()) {
      return UNKNOWN;
    }
    if (usd == null) {
      return NOT_AVAILABLE;
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", usd.setScale(decimals, RoundingMode.HALF_UP));
  }

  private static String csvMoney(ModelReport m, BigDecimal usd) {
    if (!m.priceKnown()) {
      return UNKNOWN;
    }
    return usd == null ? "" : usd.toPlainString();
  }

  private static String ratio(double v) {
    return BigDecimal.valueOf(v).toPlainString();
  }

  private static String number(Double v) {
    return v == null ? "" : BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).toPlainString();
  }

  private static String quote(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    String line = nl < 0 ? message : message.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
