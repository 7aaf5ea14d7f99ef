package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.bedrockkit.sample.stream.ChatStreams;
import dev.bedrockkit.test.Operation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/** Health for the load balancer, the inference probe, Prometheus metrics, the page, threads. */
class OperationsTest extends SampleTestBase {
  @Autowired Environment environment;
  @Autowired ChatStreams streams;

  @Test
  void theLoadBalancersHealthCheckIsUpWithoutCallingAModel() {
    Http.Reply reply = http.get("/health");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json()).isEqualTo(Http.JSON.readTree("{\"status\": \"UP\"}"));
    assertThat(emulator().journal().calls(Operation.CONVERSE)).isEmpty();
  }

  @Test
  void aBedrockOutageFailsTheProbeButNotTheLoadBalancersHealthCheck() {
    emulator().faults().throttleNext(1000);

    Http.Reply bedrock = http.get("/actuator/health/bedrock");
    Http.Reply alb = http.get("/health");

    assertThat(bedrock.status()).isEqualTo(503);
    JsonNode kit = bedrock.json().at("/components/bedrockKit");
    assertThat(kit.get("status").asString()).isEqualTo("DOWN");
    assertThat(kit.at("/details/reason").asString()).startsWith("probe failed: ");
    assertThat(alb.status()).isEqualTo(200);
  }

  @Test
  void actuatorHealthShowsTheInferenceProbe() {
    Http.Reply reply = http.get("/actuator/health");

    assertThat(reply.status()).isEqualTo(200);
    JsonNode json = reply.json();
    assertThat(json.get("status").asString()).isEqualTo("UP");
    JsonNode details = json.at("/components/bedrockKit/details");
    assertThat(details.get("configVersion").asString()).isEqualTo("1");
    assertThat(details.get("enabled").asBoolean()).isTrue();
    assertThat(details.at("/probe/status").asString()).isEqualTo("ok");
    assertThat(details.at("/probe/model").asString()).isEqualTo(FIRST);
    assertThat(json.get("groups").toString()).contains("alb", "bedrock", "liveness", "readiness");
    assertThat(emulator().journal().calls(Operation.CONVERSE)).hasSize(1);
  }

  @Test
  void livenessAndReadinessProbesAreUp() {
    assertThat(http.get("/actuator/health/liveness").json().get("status").asString()).isEqualTo("UP");
    assertThat(http.get("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
  }

  @Test
  void prometheusHasTheGenAiAndBedrockKitMetrics() {
    http.post("/v1/chat", "{\"message\": \"count me\"}");
    try (SseClient sse = SseClient.open(port, "/v1/chat/stream?message=stream+me")) {
      sse.await("done", java.time.Duration.ofSeconds(20));
    }

    Http.Reply reply = http.get("/actuator/prometheus");

    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .contains(
            "gen_ai_client_operation_duration_seconds_count{",
            "gen_ai_client_token_usage_tokens_count{",
            "gen_ai_client_operation_time_to_first_chunk_seconds_count{",
            "bedrockkit_cost_usd_total{",
            "bedrockkit_attempts_total{",
            "bedrockkit_cache_requests_total{",
            "sample_chat_streams_total{outcome=\"done\"}",
            "sample_chat_streams_active ",
            "sample_chat_stream_model_deltas_total ")
        .contains("attribution=\"chat\"")
        .contains("gen_ai_request_model=\"" + FIRST + "\"");
  }

  @Test
  void theChatPageIsServed() {
    Http.Reply page = http.get("/");
    Http.Reply script = http.get("/app.js");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).startsWith("text/html");
    assertThat(page.body()).contains("<title>bedrock-kit chat</title>", "app.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.body()).contains("new EventSource(");
  }

  @Test
  void virtualThreadsAreAskedForButIgnoredOnJava17() {
    assumeThat(Runtime.version().feature())
        .as("this JVM is Java 21+; SampleJarIT checks virtual threads there")
        .isLessThan(21);

    assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
    assertThat(Threading.VIRTUAL.isActive(environment)).isFalse();
    assertThat(streams.virtualWriters()).isFalse();
  }

  @Test
  void infoShowsTheChainFromParameterStore() {
    JsonNode info = http.get("/actuator/info", Map.of()).json();

    assertThat(info.toString()).contains(FIRST, SECOND);
  }
}
