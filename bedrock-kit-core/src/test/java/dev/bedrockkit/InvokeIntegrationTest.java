package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.Operation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Raw InvokeModel, its stream, and Titan embeddings through BedrockKit against the emulator. */
class InvokeIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String CLAUDE_BODY =
      "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":200,"
          + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello Claude\"}]}]}";

  private BedrockKit kit;

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
  }

  private BedrockKit kit() {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
            .build();
    return kit;
  }

  @Test
  void invokesClaudeWithANativeBodyAndReadsTokenCountsFromTheHeaders() throws Exception {
    InvokeResponse r = kit().invoke(InvokeRequest.of(HAIKU, CLAUDE_BODY));

    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    assertThat(json.get("type").asText()).isEqualTo("message");
    assertThat(json.at("/content/0/text").asText()).contains("Hello Claude");
    assertThat(r.usage().inputTokens()).isEqualTo(json.at("/usage/input_tokens").asInt()).isPositive();
    assertThat(r.usage().outputTokens()).isEqualTo(json.at("/usage/output_tokens").asInt()).isPositive();
    assertThat(r.invocationLatency()).isNotNull();
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(BEDROCK.journal().calls(Operation.INVOKE_MODEL)).hasSize(1);
  }

  @Test
  void asyncInvokeRetriesAThrottle() {
    BEDROCK.faults().throttleNext(1);
    InvokeResponse r = kit().invokeAsync(InvokeRequest.of(HAIKU, CLAUDE_BODY)).join();
    assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
  }

  @Test
  void invokeStreamDeliversChunksAndTheFinalInvocationMetrics() {
    List<String> chunks = new CopyOnWriteArrayList<>();
    InvokeResponse r = kit().invokeStream(InvokeRequest.of(HAIKU, CLAUDE_BODY), chunks::add).join();

    assertThat(chunks).hasSizeGreaterThan(2);
    assertThat(chunks.get(0)).contains("message_start");
    assertThat(r.usage().inputTokens()).isPositive();
    assertThat(r.usage().outputTokens()).isPositive();
    assertThat(r.body()).isEqualTo(String.join("\n", chunks));
  }

  @Test
  void aBlankBodyFailsBeforeTheNetwork() {
    assertThatThrownBy(() -> InvokeRequest.of(HAIKU, " "))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("body"));
  }

  @Test
  void embedsTextWithTitanV2() {
    Embedding e = kit().embed("bedrock-kit embeds text");
    assertThat(e.dimensions()).isEqualTo(1024);
    assertThat(e.modelId()).isEqualTo("amazon.titan-embed-text-v2:0");
    assertThat(e.inputTokens()).isPositive();
    double norm = 0;
    for (float v : e.vector()) {
      norm += v * v;
    }
    assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    var body = BEDROCK.journal().last().body();
    assertThat(body.get("inputText").asText()).isEqualTo("bedrock-kit embeds text");
    assertThat(body.get("dimensions").asInt()).isEqualTo(1024);
    assertThat(body.get("normalize").asBoolean()).isTrue();
  }

  @Test
  void embedsWithFewerDimensionsAsync() {
    assertThat(kit().embedAsync("small", 256, true).join().dimensions()).isEqualTo(256);
  }

  @Test
  void rejectsUnsupportedEmbeddingDimensions() {
    assertThatThrownBy(() -> kit().embed("x", 300, true))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("dimensions");
              assertThat(e.getMessage()).isEqualTo("dimensions must be 256, 512 or 1024 but was 300");
            });
  }
}
