package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.benchmarks.chaos.ChaosBenchmark;
import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.test.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the chaos harness with tiny counts; checks invariants, never timings. */
class ChaosBenchmarkSmokeTest {
  static final String FIRST = ModelCatalog.CLAUDE_3_5_SONNET;
  static final String SECOND = ModelCatalog.CLAUDE_3_HAIKU;

  @TempDir Path dir;

  private ChaosBenchmark.Report run(String scenario, List<String> libraries, String readme) {
    return ChaosBenchmark.run(
        new ChaosBenchmark.Options(
            10, 2, 0.3, 42, "zero", Duration.ofSeconds(3), 100, 2, List.of(scenario), libraries,
            Emulator.Mode.IN_PROCESS, dir.resolve("results"), dir.resolve(readme)));
  }

  @Test
  void aStormReachesEveryLibraryAndBedrockKitKeepsItsDeadline() throws Exception {
    ChaosBenchmark.Report r =
        run("storm", List.of("bedrock-kit", "bedrock-kit-rate-cb", "bedrock-kit-strict-budget", "raw-sdk", "spring-ai",
            "langchain4j"),
            "README.md");

    assertThat(r.rows()).hasSize(6);
    for (ChaosBenchmark.Row row : r.rows()) {
      assertThat(row.requests()).as(row.library()).isEqualTo(20);
      assertThat(row.successes()).as(row.library()).isBetween(0L, 20L);
      assertThat(row.httpCallsPerModel().getOrDefault(FIRST, 0L)).as(row.library() + " called the 1st model").isPositive();
      long answered = row.answersPerModel().values().stream().mapToLong(Long::longValue).sum();
      assertThat(answered).as(row.library() + " answers add up").isEqualTo(row.successes());
    }
    assertThat(r.rows()).filteredOn(row -> row.library().startsWith("bedrock-kit"))
        .allSatisfy(row -> assertThat(row.overDeadline()).as(row.library()).isZero());
    assertThat(r.rows()).filteredOn(row -> !row.library().startsWith("bedrock-kit"))
        .allSatisfy(row -> assertThat(row.httpCallsPerModel()).doesNotContainKey(SECOND));
    assertThat(Files.readString(dir.resolve("README.md")))
        .contains("| storm | bedrock-kit |").contains("requests over the deadline");
    assertThat(Files.readAllLines(dir.resolve("results/chaos.csv"))).hasSize(7);
  }

  @Test
  void withTheFirstModelDownBedrockKitAnswersFromTheSecondWithinItsDeadline() {
    ChaosBenchmark.Report r = run("first-down", List.of("bedrock-kit-rate-cb"), "README2.md");

    ChaosBenchmark.Row row = r.rows().get(0);
    assertThat(row.requests()).isEqualTo(20);
    assertThat(row.overDeadline()).isZero();
    assertThat(row.answersPerModel()).doesNotContainKey(FIRST);
    assertThat(row.successes()).isPositive();
    assertThat(row.httpCallsPerModel().get(SECOND)).isGreaterThanOrEqualTo(row.successes());
  }
}
