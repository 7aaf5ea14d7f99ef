package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.sample.local.LocalEmulator;
import dev.bedrockkit.sample.metrics.EmfMeterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The service with CloudWatch EMF on, as in profile {@code aws}, against the emulator: the
 * registry joins Spring Boot's composite next to Prometheus; a chat call and a stream that ends
 * during the graceful shutdown both reach stdout as EMF lines, written when the application has
 * stopped. Its own application, since it closes it; stdout is captured while it runs.
 */
class EmfMetricsApplicationTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private static MeterRegistry primary;
  private static List<String> stdout;
  private static List<JsonNode> documents;

  @BeforeAll
  static void chatStreamAndStop() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(SampleApplication.class)
              .profiles("local")
              .run(
                  "--server.port=0",
                  "--sample.metrics.emf.enabled=true",
                  "--sample.local.latency=zero",
                  // 3 s phase: 2 s to let streams finish, 1 s to end the others.
                  "--spring.lifecycle.timeout-per-shutdown-phase=3s",
                  "--sample.stream.shutdown-end-grace=1s",
                  "--bedrock-kit.health.probe.enabled=false");
      primary = app.getBean(MeterRegistry.class);
      int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
      assertThat(new Http(port).post("/v1/chat", "{\"message\": \"count me\"}").status())
          .isEqualTo(200);

      app.getBean(LocalEmulator.class).emulator().faults().slowStreams(Duration.ofMillis(150));
      try (SseClient stream = SseClient.open(port, "/v1/chat/stream?message=short+one")) {
        stream.await("delta", WAIT);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(app::close);
        stream.await("done", WAIT);
        closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    } finally {
      System.setOut(original);
    }
    stdout = captured.toString(StandardCharsets.UTF_8).lines().toList();
    documents = new ArrayList<>();
    for (String line : stdout) {
      if (line.startsWith("{\"_aws\":")) {
        documents.add(Http.JSON.readTree(line));
      }
    }
  }

  /** The sum of {@code metric} over the documents whose dimensions include {@code tags}. */
  private static double sum(String metric, Map<String, String> tags) {
    double sum = 0;
    for (JsonNode d : documents) {
      boolean matches = d.has(metric);
      for (Map.Entry<String, String> tag : tags.entrySet()) {
        matches &= d.has(tag.getKey()) && d.get(tag.getKey()).asString().equals(tag.getValue());
      }
      if (matches) {
        sum += d.get(metric).asDouble();
      }
    }
    return sum;
  }

  private static List<String> metricNames() {
    List<String> names = new ArrayList<>();
    for (JsonNode d : documents) {
      for (JsonNode metric : d.at("/_aws/CloudWatchMetrics/0/Metrics")) {
        names.add(metric.get("Name").asString());
      }
    }
    return names;
  }

  @Test
  void theEmfRegistryJoinsBootsCompositeNextToPrometheus() {
    assertThat(primary).isInstanceOf(CompositeMeterRegistry.class);
    assertThat(((CompositeMeterRegistry) primary).getRegistries())
        .hasSize(2)
        .hasAtLeastOneElementOfType(EmfMeterRegistry.class)
        .hasAtLeastOneElementOfType(PrometheusMeterRegistry.class);
  }

  @Test
  void aChatCallIsWrittenAsBedrockKitAndGenAiMetrics() {
    assertThat(metricNames())
        .contains(
            "gen_ai.client.operation.duration.count",
            "gen_ai.client.operation.duration.sum",
            "gen_ai.client.operation.duration.max",
            "gen_ai.client.operation.duration.avg",
            "gen_ai.client.token.usage.sum",
            "bedrockkit.attempts.count",
            "bedrockkit.cost.count");
    assertThat(
            sum(
                "gen_ai.client.operation.duration.count",
                Map.of("gen_ai.operation.name", "chat", "attribution", "chat")))
        .isEqualTo(2.0);
    assertThat(sum("bedrockkit.cost.count", Map.of("attribution", "chat"))).isPositive();
  }

  @Test
  void aStreamThatEndsDuringTheGracefulShutdownIsCounted() {
    assertThat(sum("sample.chat.streams.count", Map.of("outcome", "done"))).isEqualTo(1.0);
  }

  @Test
  void everyDocumentIsAWholeLineInTheServiceNamespace() {
    assertThat(documents).isNotEmpty();
    assertThat(stdout.stream().filter(line -> line.contains("\"_aws\"")))
        .hasSameSizeAs(documents);
    for (JsonNode d : documents) {
      JsonNode directive = d.at("/_aws/CloudWatchMetrics/0");
      assertThat(d.at("/_aws/CloudWatchMetrics")).hasSize(1);
      assertThat(directive.get("Namespace").asString()).isEqualTo("BedrockKit/Sample");
      for (JsonNode dimension : directive.at("/Dimensions/0")) {
        assertThat(d.get(dimension.asString()).isString()).isTrue();
      }
      for (JsonNode metric : directive.get("Metrics")) {
        assertThat(d.get(metric.get("Name").asString()).isNumber()).isTrue();
      }
    }
  }

  @Test
  void onlyBedrockKitGenAiAndSampleMetersAreWritten() {
    assertThat(metricNames())
        .allMatch(
            name ->
                name.startsWith("bedrockkit.")
                    || name.startsWith("gen_ai.")
                    || name.startsWith("sample."));
  }
}
