package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The benchmark's work records what it claims to; JMH itself runs only with {@code -Pjmh}. */
class MetricsRecordingBenchmarkSmokeTest {

  @Test
  void eachBenchmarkRecordsOneRequest() {
    MetricsRecordingBenchmark b = new MetricsRecordingBenchmark();
    b.histogram = true;
    b.setUp(); // records one chat and one stream

    b.recordChatRequest();
    b.recordStreamRequest();
    b.recordChatRequestTwoThreads();

    // chats and streams are both GenAI "chat" operations: one timer
    assertThat(b.registry.get("gen_ai.client.operation.duration").timer().count()).isEqualTo(5);
    assertThat(b.registry.get("bedrockkit.attempts").counter().count()).isEqualTo(5.0);
    assertThat(b.registry.get("gen_ai.client.operation.time_to_first_chunk").timer().count()).isEqualTo(2);
    assertThat(b.priceChat()).hasValue(new BigDecimal("0.00087500"));
  }
}
