package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.stream.StreamBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the stream harness with tiny counts; checks shape and invariants, never timings. */
class StreamBenchmarkSmokeTest {
  @TempDir Path dir;

  @Test
  void bothLibrariesStreamAndEveryStreamIsOpenWhenTheHeapIsMeasured() throws Exception {
    StreamBenchmark.Report r =
        StreamBenchmark.run(
            new StreamBenchmark.Options(
                List.of("zero"), List.of(1, 3), 2, Duration.ofMillis(200), Duration.ofMillis(100),
                20, 1, Duration.ofMillis(60), Emulator.Mode.IN_PROCESS, dir.resolve("results"),
                dir.resolve("README.md")));

    assertThat(r.ttft()).hasSize(2 * 2);
    assertThat(r.ttft()).extracting(StreamBenchmark.TtftCell::library)
        .containsOnly("raw-sdk", "bedrock-kit");
    for (StreamBenchmark.TtftCell c : r.ttft()) {
      assertThat(c.calls()).isPositive();
      assertThat(c.failures()).as(c.library() + ": " + c.firstFailure()).isZero();
      assertThat(c.wrong()).as(c.library() + " streamed the whole expected answer").isZero();
      assertThat(c.p50Ratio()).hasSize(2);
    }
    assertThat(r.heap()).hasSize(2);
    for (StreamBenchmark.HeapCell c : r.heap()) {
      assertThat(c.openAtMeasure()).as(c.library() + " streams open when measured").isEqualTo(20);
      assertThat(c.firstTextSeen()).as(c.library() + " streams that had text").isEqualTo(20);
      assertThat(c.failures()).as(c.library() + ": " + c.firstFailure()).isZero();
      assertThat(c.wrongAnswers()).isZero();
      assertThat(c.baselineBytes()).isPositive();
    }
    assertThat(Files.readString(dir.resolve("README.md")))
        .contains("p50 TTFT ms").contains("KiB per open stream").contains("load average");
    assertThat(dir.resolve("results/stream-ttft.csv")).exists();
    assertThat(dir.resolve("results/stream-heap.csv")).exists();
  }
}
