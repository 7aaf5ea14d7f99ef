package dev.bedrockkit.sample.metrics;

import dev.bedrockkit.sample.SampleProperties;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import io.micrometer.core.instrument.step.StepRegistryConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Micrometer registry that writes each step's values to stdout in CloudWatch embedded metric
 * format (EMF): one JSON document per meter, each a line of its own. On ECS the awslogs driver
 * ships every stdout line as a log event, and CloudWatch Logs extracts the metrics of a log event
 * that is an EMF document, so publishing needs no {@code PutMetricData} call, no {@code
 * monitoring} endpoint and no IAM permission beyond the log group the task already writes to.
 *
 * <p>Document structure, per the specification
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * the log event must be the JSON object itself, nothing before or after it (so these lines
 * bypass logback, whose JSON console format would wrap them); {@code _aws.Timestamp} in epoch
 * milliseconds; {@code _aws.CloudWatchMetrics} holds one directive with the {@code Namespace}, one
 * dimension set of at most 30 keys and at most 100 metric definitions ({@code Name}, {@code
 * Unit}); each dimension and metric is a root member, dimension values strings, metric values
 * numbers. A meter gives at most four metrics, so one document per meter stays inside those
 * limits and, with bounded tags, far below 16 KiB, where the awslogs driver in non-blocking mode
 * splits a line into two events (https://github.com/moby/moby/issues/41794). A document that
 * CloudWatch would reject or the driver would split is not written; one WARN names the meter.
 *
 * <p>Names, as Micrometer's CloudWatch registry gives them: counters {@code <name>.count} (the
 * step's count), gauges {@code <name>.value}, timers {@code .count}, {@code .sum}, {@code .max},
 * {@code .avg} in milliseconds, distribution summaries the same in their base unit. Tags become
 * dimensions; tags with a blank value are left out. A counter, timer or summary with nothing
 * recorded in the step writes no document (no activity is no data point, and a zero average
 * would drag down averages across dimensions); gauges are written every step.
 *
 * <p>Thread-safe: meters record from any thread; documents are written by the registry's
 * publishing thread and on {@link #close()}, each line with one write to the stream, so lines
 * never interleave with log lines written to the same {@code System.out}.
 */
public class EmfMeterRegistry extends StepMeterRegistry {
  /** Docker's (and the awslogs driver's) split point for a line; longer documents are dropped. */
  static final int MAX_LINE_BYTES = 16 * 1024;
  /** EMF: a dimension set holds at most 30 keys. */
  static final int MAX_DIMENSIONS = 30;

  private static final Logger log = LoggerFactory.getLogger(EmfMeterRegistry.class);
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String namespace;
  private final Supplier<PrintStream> stdout;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /**
   * A registry writing to {@code stdout}; it publishes every step once {@link #start} is called,
   * and once more on {@link #close()}.
   *
   * @param settings namespace, step and the meter names to write ({@code enabled} is not read)
   * @param clock the clock of steps and timestamps
   * @param stdout where lines go, looked up at each publication (normally {@code () ->
   *     System.out})
   */
  public EmfMeterRegistry(
      SampleProperties.Emf settings, Clock clock, Supplier<PrintStream> stdout) {
    super(stepConfig(settings.step()), clock);
    this.namespace = settings.namespace();
    this.stdout = stdout;
    config().namingConvention(NamingConvention.identity);
    List<String> prefixes = settings.meterNamePrefixes();
    if (!prefixes.isEmpty()) {
      config()
          .meterFilter(
              MeterFilter.denyUnless(id -> prefixes.stream().anyMatch(id.getName()::startsWith)));
    }
  }

  /** The namespace every document names. */
  public String namespace() {
    return namespace;
  }

  @Override
  protected TimeUnit getBaseTimeUnit() {
    return TimeUnit.MILLISECONDS;
  }

  @Override
  protected void publish() {
    long timestamp = clock.wallTime();
    PrintStream out = stdout.get();
    for (Meter meter : getMeters()) {
      String document = document(meter, timestamp);
      if (document == null) {
        continue;
      }
      byte[] line = (document + "\n").getBytes(StandardCharsets.UTF_8);
      if (line.length > MAX_LINE_BYTES) {
        warnOnce(meter, "its document is " + line.length + " bytes, above " + MAX_LINE_BYTES);
        continue;
      }
      out.write(line, 0, line.length);
    }
    out.flush();
  }

  /** The EMF document of one meter's step, or {@code null} when there is nothing to write. */
  private String document(Meter meter, long timestamp) {
    Meter.Id id = meter.getId();
    String name = id.getConventionName(config().namingConvention());
    List<Metric> metrics = new ArrayList<>();
    for (Metric m : metrics(meter)) {
      if (Double.isFinite(m.value())) {
        metrics.add(new Metric(name + "." + m.name(), m.unit(), m.value()));
      }
    }
    if (metrics.isEmpty()) {
      return null;
    }
    List<Tag> dimensions = new ArrayList<>();
    for (Tag tag : id.getConventionTags(config().namingConvention())) {
      if (!tag.getValue().isBlank()) {
        dimensions.add(tag);
      }
    }
    String problem = dimensionProblem(dimensions, metrics);
    if (problem != null) {
      warnOnce(meter, problem);
      return null;
    }

    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", timestamp);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
    ArrayNode definitions = directive.putArray("Metrics");
    for (Tag tag : dimensions) {
      dimensionSet.add(tag.getKey());
    }
    for (Metric m : metrics) {
      definitions.addObject().put("Name", m.name()).put("Unit", m.unit());
    }
    for (Tag tag : dimensions) {
      root.put(tag.getKey(), tag.getValue());
    }
    for (Metric m : metrics) {
      root.put(m.name(), m.value());
    }
    return JSON.writeValueAsString(root);
  }

  /** A metric of a meter: its name (the statistic's suffix until qualified), unit and value. */
  private record Metric(String name, String unit, double value) {}

  private List<Metric> metrics(Meter meter) {
    String baseUnit = meter.getId().getBaseUnit();
    return meter.match(
        gauge -> List.of(new Metric("value", unit(baseUnit), gauge.value())),
        counter -> counted(counter.count(), baseUnit),
        this::timer,
        this::summary,
        this::longTaskTimer,
        timeGauge ->
            List.of(new Metric("value", "Milliseconds", timeGauge.value(getBaseTimeUnit()))),
        functionCounter -> counted(functionCounter.count(), baseUnit),
        this::functionTimer,
        this::other);
  }

  private static List<Metric> counted(double count, String baseUnit) {
    if (count == 0) {
      return List.of();
    }
    return List.of(new Metric("count", baseUnit == null ? "Count" : unit(baseUnit), count));
  }

  private List<Metric> timer(Timer timer) {
    long count = timer.count();
    if (count == 0) {
      return List.of();
    }
    TimeUnit ms = getBaseTimeUnit();
    return List.of(
        new Metric("count", "Count", count),
        new Metric("sum", "Milliseconds", timer.totalTime(ms)),
        new Metric("max", "Milliseconds", timer.max(ms)),
        new Metric("avg", "Milliseconds", timer.mean(ms)));
  }

  private List<Metric> summary(DistributionSummary summary) {
    long count = summary.count();
    if (count == 0) {
      return List.of();
    }
    String unit = unit(summary.getId().getBaseUnit());
    return List.of(
        new Metric("count", "Count", count),
        new Metric("sum", unit, summary.totalAmount()),
        new Metric("max", unit, summary.max()),
        new Metric("avg", unit, summary.mean()));
  }

  private List<Metric> longTaskTimer(LongTaskTimer timer) {
    return List.of(
        new Metric("activeTasks", "Count", timer.activeTasks()),
        new Metric("duration", "Milliseconds", timer.duration(getBaseTimeUnit())));
  }

  private List<Metric> functionTimer(FunctionTimer timer) {
    double count = timer.count();
    if (count == 0) {
      return List.of();
    }
    TimeUnit ms = getBaseTimeUnit();
    return List.of(
        new Metric("count", "Count", count),
        new Metric("sum", "Milliseconds", timer.totalTime(ms)),
        new Metric("avg", "Milliseconds", timer.mean(ms)));
  }

  private List<Metric> other(Meter meter) {
    List<Metric> metrics = new ArrayList<>();
    for (Measurement m : meter.measure()) {
      metrics.add(new Metric(m.getStatistic().getTagValueRepresentation(), "None", m.getValue()));
    }
    return metrics;
  }

  /** The CloudWatch unit of a Micrometer base unit; {@code None} for one CloudWatch lacks. */
  static String unit(String baseUnit) {
    if (baseUnit == null) {
      return "None";
    }
    return switch (baseUnit.toLowerCase(Locale.ROOT)) {
      case "bytes" -> "Bytes";
      case "seconds" -> "Seconds";
      case "milliseconds" -> "Milliseconds";
      case "microseconds" -> "Microseconds";
      case "percent" -> "Percent";
      case "count" -> "Count";
      default -> "None";
    };
  }

  /**
   * Why these dimensions cannot be extracted (CloudWatch rejects the whole document), or {@code
   * null}: at most 30; names of 1 to 255 and values of 1 to 1024 printable ASCII characters, a
   * name not starting with a colon; no name equal to a metric's or to {@code _aws} (each is a
   * member of the same object).
   */
  private static String dimensionProblem(List<Tag> dimensions, List<Metric> metrics) {
    if (dimensions.size() > MAX_DIMENSIONS) {
      return "it has " + dimensions.size() + " tags, more than the " + MAX_DIMENSIONS
          + " dimensions CloudWatch accepts";
    }
    Set<String> members = new HashSet<>();
    members.add("_aws");
    for (Metric m : metrics) {
      members.add(m.name());
    }
    for (Tag tag : dimensions) {
      String key = tag.getKey();
      String value = tag.getValue();
      if (key.length() > 255 || key.startsWith(":") || !printableAscii(key)) {
        return "tag '" + key + "' is not a valid dimension name (1 to 255 printable ASCII"
            + " characters, not starting with ':')";
      }
      if (value.length() > 1024 || !printableAscii(value)) {
        return "the value of tag '" + key + "' is not a valid dimension value (1 to 1024"
            + " printable ASCII characters)";
      }
      if (!members.add(key)) {
        return "tag '" + key + "' has the name of another member of the document";
      }
    }
    return null;
  }

  private static boolean printableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private void warnOnce(Meter meter, String problem) {
    String name = meter.getId().getName();
    if (warned.add(name)) {
      log.warn(
          "Meter {} is not written as CloudWatch EMF: {}. Change its tags, or leave it out with"
              + " sample.metrics.emf.meter-name-prefixes",
          name,
          problem);
    }
  }

  private static StepRegistryConfig stepConfig(Duration step) {
    return new StepRegistryConfig() {
      @Override
      public String prefix() {
        return "sample.metrics.emf";
      }

      @Override
      public String get(String key) {
        return null;
      }

      @Override
      public Duration step() {
        return step;
      }
    };
  }
}
