package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;

/** Hundreds of paced streams at once: each holds a response thread for its whole duration. */
class ConcurrentStreamsTest {
  static final int STREAMS = 200;

  // 100 ms to first token, 100 tokens/s: a ~20-token answer takes ~0.3 s, so all 200 overlap.
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.of(
      BedrockEmulator.builder().latency(LatencyModel.of(Duration.ofMillis(100), 100)));

  @Test
  void twoHundredConcurrentStreamsOverHttp2AllComplete(BedrockRuntimeAsyncClient async) throws Exception {
    runStreams(async);
    assertThat(BEDROCK.journal().all()).allSatisfy(c -> assertThat(c.protocol()).isEqualTo("HTTP/2.0"));
  }

  @Test
  void twoHundredConcurrentStreamsOverHttp11AllComplete() throws Exception {
    try (BedrockRuntimeAsyncClient http1 = BEDROCK.bedrockAsyncClientBuilder("us-east-1")
        .httpClientBuilder(BedrockEmulatorExtension.nettyBuilder().protocol(Protocol.HTTP1_1)).build()) {
      runStreams(http1);
    }
    assertThat(BEDROCK.journal().all()).allSatisfy(c -> assertThat(c.protocol()).isEqualTo("HTTP/1.1"));
  }

  private static void runStreams(BedrockRuntimeAsyncClient client) throws Exception {
    List<CompletableFuture<Requests.Collected>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < STREAMS; i++) {
      futures.add(Requests.stream(client, Requests.converseStream(CLAUDE_3_HAIKU, "stream number " + i)));
    }
    CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    for (int i = 0; i < STREAMS; i++) {
      Requests.Collected c = futures.get(i).join();
      assertThat(c.text()).isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: stream number " + i);
      assertThat(c.types()).endsWith(ConverseStreamOutput.EventType.METADATA);
    }
    assertThat(BEDROCK.journal().count(Operation.CONVERSE_STREAM)).isEqualTo(STREAMS);
    // Serial streaming would take 200 x ~0.3 s = 60 s; concurrent streams overlap.
    assertThat(elapsed).isLessThan(Duration.ofSeconds(20));
  }
}
