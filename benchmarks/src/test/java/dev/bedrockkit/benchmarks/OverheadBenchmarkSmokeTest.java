package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.harness.Readme;
import dev.bedrockkit.benchmarks.overhead.OverheadBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the overhead harness with tiny counts; checks the shape of its output, never timings. */
class OverheadBenchmarkSmokeTest {
  static final List<String> LIBRARIES =
      List.of("raw-sdk", "raw-sdk-control", "bedrock-kit", "bedrock-kit-fallback", "bedrock-kit-fallback-open",
          "bedrock-kit-cache-hit", "spring-ai", "langchain4j");

  @TempDir Path dir;

  @Test
  void everyLibraryAnswersInEveryRoundAndRatiosAreAgainstTheRawSdkOfTheSameRound() throws Exception {
    Path readme = dir.resolve("README.md");
    Files.writeString(readme, "# Benchmarks\n\nintro\n\n" + Readme.begin("overhead") + "\nold\n"
        + Readme.end("overhead") + "\n\ntail\n");
    OverheadBenchmark.Report r =
        OverheadBenchmark.run(
            new OverheadBenchmark.Options(
                List.of("zero", "5ms"), List.of(1, 3), 2, Duration.ofMillis(200),
                Duration.ofMillis(100), LIBRARIES, Emulator.Mode.IN_PROCESS, dir.resolve("results"),
                readme));

    assertThat(r.cells()).hasSize(2 * 2 * LIBRARIES.size());
    assertThat(r.cells()).extracting(OverheadBenchmark.Cell::library).containsOnlyElementsOf(LIBRARIES);
    for (OverheadBenchmark.Cell c : r.cells()) {
      assertThat(c.calls()).as(c.library() + " calls").isPositive();
      assertThat(c.failures()).as(c.library() + " failures: " + c.firstFailure()).isZero();
      assertThat(c.wrongAnswers()).as(c.library() + " answers from the expected model").isZero();
      assertThat(c.p50Ratio()).hasSize(2);
      assertThat(c.p99Ratio()).hasSize(2);
      assertThat(c.throughputRatio()).hasSize(2);
      if (c.library().equals("raw-sdk")) {
        assertThat(c.p50Ratio()).containsOnly(1.0);
        assertThat(c.addedP50Ms()).containsOnly(0.0);
      }
    }
    String text = Files.readString(readme);
    assertThat(text).startsWith("# Benchmarks\n\nintro\n\n" + Readme.begin("overhead")).endsWith("\n\ntail\n");
    assertThat(text).doesNotContain("\nold\n").contains("| zero | 200 |".replace("200", "3"))
        .contains("bedrock-kit at 3 callers, latency zero: median ")
        .contains("bedrock-kit at 1 caller, latency ttft 5 ms: median ")
        .contains("; the raw SDK against itself in the same cell: median ")
        .contains("load average");
    assertThat(Files.readAllLines(dir.resolve("results/overhead.csv")))
        .hasSize(1 + r.cells().size())
        .first().asString().startsWith("latency,callers,library,calls/s");
    assertThat(Files.readString(dir.resolve("results/overhead.json"))).contains("\"cells\"");
  }
}
