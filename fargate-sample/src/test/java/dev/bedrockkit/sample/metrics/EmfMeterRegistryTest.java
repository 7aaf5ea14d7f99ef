package dev.bedrockkit.sample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.MetricNames;
import dev.bedrockkit.sample.SampleProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EMF documents the registry writes, line by line, for each kind of meter; a mock clock drives
 * the steps.
 */
class EmfMeterRegistryTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration STEP = Duration.ofMinutes(1);
  /** The mock clock's wall time after one step: it starts at 1 ms. */
  private static final long AFTER_ONE_STEP = 60_001;

  private final MockClock clock = new MockClock();
  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final EmfMeterRegistry registry = registry(List.of("bedrockkit.", "gen_ai.", "sample."));

  private EmfMeterRegistry registry(List<String> prefixes) {
    PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8);
    return new EmfMeterRegistry(
        new SampleProperties.Emf(true, "BedrockKit/Sample", STEP, prefixes), clock, () -> out);
  }

  private String output() {
    return stdout.toString(StandardCharsets.UTF_8);
  }

  private List<JsonNode> publishAfterOneStep() {
    clock.add(STEP);
    registry.publish();
    return documents();
  }

  private List<JsonNode> documents() {
    List<JsonNode> documents = new ArrayList<>();
    for (String line : output().split("\n")) {
      if (!line.isEmpty()) {
        documents.add(JSON.readTree(line));
      }
    }
    return documents;
  }

  @Test
  void counterIsItsStepCountInOneLine() {
    Counter throttles =
        Counter.builder(MetricNames.THROTTLES)
            .tags("operation", "chat", "model", "us.anthropic.claude-3-5-haiku-20241022-v1:0")
            .tag("region", "us-east-1")
            .register(registry);
    throttles.increment(3);

    clock.add(STEP);
    registry.publish();

    assertThat(output())
        .isEqualTo(
            "{\"_aws\":{\"Timestamp\":60001,\"CloudWatchMetrics\":[{\"Namespace\":\"BedrockKit/Sample\","
                + "\"Dimensions\":[[\"model\",\"operation\",\"region\"]],"
                + "\"Metrics\":[{\"Name\":\"bedrockkit.throttles.count\",\"Unit\":\"Count\"}]}]},"
                + "\"model\":\"us.anthropic.claude-3-5-haiku-20241022-v1:0\",\"operation\":\"chat\","
                + "\"region\":\"us-east-1\",\"bedrockkit.throttles.count\":3.0}\n");
  }

  @Test
  void counterCountsOnlyItsStep() {
    Counter throttles = Counter.builder(MetricNames.THROTTLES).register(registry);
    throttles.increment(3);
    publishAfterOneStep();
    stdout.reset();
    throttles.increment(2);

    List<JsonNode> next = publishAfterOneStep();

    assertThat(next).hasSize(1);
    assertThat(next.get(0).get("bedrockkit.throttles.count").asDouble()).isEqualTo(2.0);
  }

  @Test
  void gaugeIsItsValue() {
    AtomicInteger state = new AtomicInteger(2);
    Gauge.builder(MetricNames.CIRCUIT_STATE, state, AtomicInteger::get)
        .tags("model", "anthropic.claude-3-haiku-20240307-v1:0", "region", "us-west-2")
        .register(registry);

    assertThat(publishAfterOneStep())
        .containsExactly(
            JSON.readTree(
                """
                {"_aws": {"Timestamp": 60001, "CloudWatchMetrics": [{
                   "Namespace": "BedrockKit/Sample",
                   "Dimensions": [["model", "region"]],
                   "Metrics": [{"Name": "bedrockkit.circuit.state.value", "Unit": "None"}]}]},
                 "model": "anthropic.claude-3-haiku-20240307-v1:0", "region": "us-west-2",
                 "bedrockkit.circuit.state.value": 2.0}
                """));
  }

  @Test
  void timerIsCountSumMaxAndAverageInMilliseconds() {
    Timer duration =
        Timer.builder(MetricNames.OPERATION_DURATION)
            .tags("gen_ai.operation.name", "chat", "attribution", "chat")
            .register(registry);
    duration.record(Duration.ofMillis(100));
    duration.record(Duration.ofMillis(300));

    assertThat(publishAfterOneStep())
        .containsExactly(
            JSON.readTree(
                """
                {"_aws": {"Timestamp": 60001, "CloudWatchMetrics": [{
                   "Namespace": "BedrockKit/Sample",
                   "Dimensions": [["attribution", "gen_ai.operation.name"]],
                   "Metrics": [
                     {"Name": "gen_ai.client.operation.duration.count", "Unit": "Count"},
                     {"Name": "gen_ai.client.operation.duration.sum", "Unit": "Milliseconds"},
                     {"Name": "gen_ai.client.operation.duration.max", "Unit": "Milliseconds"},
                     {"Name": "gen_ai.client.operation.duration.avg", "Unit": "Milliseconds"}]}]},
                 "attribution": "chat", "gen_ai.operation.name": "chat",
                 "gen_ai.client.operation.duration.count": 2.0,
                 "gen_ai.client.operation.duration.sum": 400.0,
                 "gen_ai.client.operation.duration.max": 300.0,
                 "gen_ai.client.operation.duration.avg": 200.0}
                """));
  }

  @Test
  void summaryIsCountSumMaxAndAverageInItsUnit() {
    DistributionSummary tokens =
        DistributionSummary.builder(MetricNames.TOKEN_USAGE)
            .baseUnit(MetricNames.UNIT_TOKENS)
            .tag("gen_ai.token.type", "input")
            .register(registry);
    tokens.record(10);
    tokens.record(30);

    assertThat(publishAfterOneStep())
        .containsExactly(
            JSON.readTree(
                """
                {"_aws": {"Timestamp": 60001, "CloudWatchMetrics": [{
                   "Namespace": "BedrockKit/Sample",
                   "Dimensions": [["gen_ai.token.type"]],
                   "Metrics": [
                     {"Name": "gen_ai.client.token.usage.count", "Unit": "Count"},
                     {"Name": "gen_ai.client.token.usage.sum", "Unit": "None"},
                     {"Name": "gen_ai.client.token.usage.max", "Unit": "None"},
                     {"Name": "gen_ai.client.token.usage.avg", "Unit": "None"}]}]},
                 "gen_ai.token.type": "input",
                 "gen_ai.client.token.usage.count": 2.0,
                 "gen_ai.client.token.usage.sum": 40.0,
                 "gen_ai.client.token.usage.max": 30.0,
                 "gen_ai.client.token.usage.avg": 20.0}
                """));
  }

  @Test
  void aCounterInUsdHasNoCloudWatchUnit() {
    Counter.builder(MetricNames.COST)
        .baseUnit(MetricNames.UNIT_USD)
        .register(registry)
        .increment(0.25);

    JsonNode cost = publishAfterOneStep().get(0);

    assertThat(cost.at("/_aws/CloudWatchMetrics/0/Metrics"))
        .isEqualTo(JSON.readTree("[{\"Name\": \"bedrockkit.cost.count\", \"Unit\": \"None\"}]"));
    assertThat(cost.get("bedrockkit.cost.count").asDouble()).isEqualTo(0.25);
    assertThat(cost.at("/_aws/CloudWatchMetrics/0/Dimensions"))
        .isEqualTo(JSON.readTree("[[]]"));
  }

  /** The deploy module's AppMetrics reads exactly these names; keep both lists equal. */
  @Test
  void namesAreTheOnesTheAlarmsAndTheDashboardRead() {
    Tags model = Tags.of("model", "m", "region", "us-east-1");
    Counter.builder(MetricNames.THROTTLES).tags(model).register(registry).increment();
    Gauge.builder(MetricNames.CIRCUIT_STATE, () -> 2).tags(model).register(registry);
    Timer.builder(MetricNames.OPERATION_DURATION).register(registry).record(Duration.ofSeconds(1));
    Counter.builder(MetricNames.COST).baseUnit(MetricNames.UNIT_USD).register(registry).increment();
    Counter.builder(MetricNames.DEGRADED).register(registry).increment();

    List<String> names = new ArrayList<>();
    for (JsonNode document : publishAfterOneStep()) {
      for (JsonNode metric : document.at("/_aws/CloudWatchMetrics/0/Metrics")) {
        names.add(metric.get("Name").asString());
      }
    }

    assertThat(names)
        .contains(
            "bedrockkit.throttles.count",
            "bedrockkit.circuit.state.value",
            "gen_ai.client.operation.duration.avg",
            "gen_ai.client.operation.duration.max",
            "bedrockkit.cost.count",
            "bedrockkit.degraded.count");
  }

  @Test
  void eachDocumentIsExactlyOneLine() {
    Counter.builder("sample.chat.streams").tag("outcome", "done").register(registry).increment();
    Gauge.builder("sample.chat.streams.active", () -> 4).register(registry);
    Timer.builder(MetricNames.TIME_TO_FIRST_CHUNK).register(registry).record(Duration.ofMillis(5));
    DistributionSummary.builder(MetricNames.STREAM_OUTPUT_TOKENS_PER_SECOND)
        .register(registry)
        .record(50);

    clock.add(STEP);
    registry.publish();

    String out = output();
    assertThat(out).endsWith("\n");
    String[] lines = out.split("\n", -1);
    assertThat(lines).hasSize(5);
    assertThat(lines[4]).isEmpty();
    for (int i = 0; i < 4; i++) {
      assertThat(lines[i]).startsWith("{\"_aws\":{\"Timestamp\":60001,");
      JsonNode document = JSON.readTree(lines[i]);
      assertThat(document.at("/_aws/CloudWatchMetrics")).hasSize(1);
    }
  }

  @Test
  void blankTagValuesAreNotDimensions() {
    Counter.builder(MetricNames.DEGRADED)
        .tags("attribution", "", "operation", "chat", "template", " ")
        .register(registry)
        .increment();

    JsonNode document = publishAfterOneStep().get(0);

    assertThat(document.at("/_aws/CloudWatchMetrics/0/Dimensions"))
        .isEqualTo(JSON.readTree("[[\"operation\"]]"));
    assertThat(document.has("attribution")).isFalse();
    assertThat(document.has("template")).isFalse();
  }

  @Test
  void metersWithNothingRecordedInTheStepWriteNothingButGaugesAlwaysDo() {
    Counter.builder(MetricNames.THROTTLES).register(registry);
    Timer.builder(MetricNames.OPERATION_DURATION).register(registry);
    DistributionSummary.builder(MetricNames.TOKEN_USAGE).register(registry);
    Gauge.builder(MetricNames.CIRCUIT_STATE, () -> 0).register(registry);

    List<JsonNode> documents = publishAfterOneStep();

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).get("bedrockkit.circuit.state.value").asDouble()).isEqualTo(0.0);
  }

  @Test
  void aGaugeWithoutAValueWritesNothing() {
    Gauge.builder(MetricNames.BUDGET_USED, () -> Double.NaN).register(registry);

    assertThat(publishAfterOneStep()).isEmpty();
  }

  @Test
  void onlyMetersWithTheConfiguredNamePrefixesAreWritten() {
    Gauge.builder("jvm.threads.live", () -> 40).register(registry);
    Counter.builder("http.server.requests").register(registry).increment();
    Counter.builder("sample.chat.stream.model.deltas").register(registry).increment();

    List<JsonNode> documents = publishAfterOneStep();

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).has("sample.chat.stream.model.deltas.count")).isTrue();
  }

  @Test
  void noPrefixesWritesEveryMeter() {
    EmfMeterRegistry all = registry(List.of());
    Gauge.builder("jvm.threads.live", () -> 40).register(all);

    clock.add(STEP);
    all.publish();

    assertThat(documents()).hasSize(1);
    assertThat(documents().get(0).get("jvm.threads.live.value").asDouble()).isEqualTo(40.0);
  }

  @Test
  void closeWritesThePartialStep() {
    Counter.builder(MetricNames.DEGRADED).register(registry).increment(2);
    clock.add(Duration.ofSeconds(20));

    registry.close();

    List<JsonNode> documents = documents();
    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).get("bedrockkit.degraded.count").asDouble()).isEqualTo(2.0);
    assertThat(documents.get(0).at("/_aws/Timestamp").asLong()).isEqualTo(20_001);
  }

  @Test
  void aMeterWithMoreThanThirtyTagsIsNotWritten() {
    Counter.Builder builder = Counter.builder(MetricNames.ATTEMPTS);
    for (int i = 0; i < 31; i++) {
      builder.tag("t" + i, "v");
    }
    builder.register(registry).increment();
    Counter.builder(MetricNames.THROTTLES).register(registry).increment();

    List<JsonNode> documents = publishAfterOneStep();

    assertThat(documents).hasSize(1);
    assertThat(documents.get(0).has("bedrockkit.throttles.count")).isTrue();
  }

  @Test
  void aDocumentLongerThanTheLogDriversLineIsNotWritten() {
    Counter.Builder builder = Counter.builder(MetricNames.ATTEMPTS);
    for (int i = 0; i < 20; i++) {
      builder.tag("t" + i, "v".repeat(1000));
    }
    builder.register(registry).increment();

    assertThat(publishAfterOneStep()).isEmpty();
  }

  @Test
  void aTagValueThatIsNotPrintableAsciiIsNotWritten() {
    Counter.builder(MetricNames.ATTEMPTS).tag("model", "modèle").register(registry).increment();

    assertThat(publishAfterOneStep()).isEmpty();
  }
}
