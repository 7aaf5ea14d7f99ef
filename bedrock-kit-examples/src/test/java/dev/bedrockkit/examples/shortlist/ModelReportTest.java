package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.TokenUsage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelReportTest {
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";

  static RequestResult ok(long latencyMs, long ttftMs, int in, int out, String cost) {
    return RequestResult.success(MODEL, latencyMs * 1_000_000, ttftMs * 1_000_000,
        new TokenUsage(in, out, 0, 0), Optional.ofNullable(cost).map(BigDecimal::new));
  }

  @Test
  void percentilesAreNearestRank() {
    List<Double> values = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      values.add((double) i);
    }
    assertThat(ModelReport.percentile(values, 50)).isEqualTo(50.0);
    assertThat(ModelReport.percentile(values, 99)).isEqualTo(99.0);
    assertThat(ModelReport.percentile(List.of(7.0, 3.0, 5.0), 99)).isEqualTo(7.0);
    assertThat(ModelReport.percentile(List.of(7.0, 3.0, 5.0), 50)).isEqualTo(5.0);
    assertThat(ModelReport.percentile(List.of(), 50)).isNull();
  }

  @Test
  void costPerThousandAndMonthlyProjectionsAreExact() {
    ModelReport r = ModelReport.of(MODEL,
        List.of(ok(100, 10, 10, 20, "0.0001"), ok(200, 20, 20, 40, "0.0002"),
            ok(300, 30, 30, 60, "0.0003")),
        new AttemptCounter.Counts(3, 0), true, 20_000);
    assertThat(r.meanCostUsd()).isEqualByComparingTo("0.0002");
    assertThat(r.usdPer1000Requests()).isEqualByComparingTo("0.2");
    assertThat(r.monthlyUsd()).isEqualByComparingTo("120");             // 0.0002 × 20,000 × 30
    assertThat(r.monthlyUsdAt10x()).isEqualByComparingTo("1200");
    assertThat(r.meanInputTokens()).isEqualTo(20.0);
    assertThat(r.meanOutputTokens()).isEqualTo(40.0);
  }

  @Test
  void aMeanThatDoesNotTerminateIsStillExactlyThousandfoldPerThousand() {
    ModelReport r = ModelReport.of(MODEL,
        List.of(ok(100, 10, 1, 1, "0.00000001"), ok(100, 10, 1, 1, "0"), ok(100, 10, 1, 1, "0")),
        new AttemptCounter.Counts(3, 0), true, 7);
    assertThat(r.usdPer1000Requests()).isEqualTo(r.meanCostUsd().multiply(BigDecimal.valueOf(1000)));
    assertThat(r.monthlyUsd())
        .isEqualTo(r.meanCostUsd().multiply(BigDecimal.valueOf(7)).multiply(BigDecimal.valueOf(30)));
    assertThat(r.monthlyUsdAt10x()).isEqualTo(r.monthlyUsd().multiply(BigDecimal.TEN));
  }

  @Test
  void anUnknownPriceLeavesEveryCostUnknown() {
    ModelReport r = ModelReport.of(MODEL, List.of(ok(100, 10, 10, 20, null)),
        new AttemptCounter.Counts(1, 0), false, 20_000);
    assertThat(r.priceKnown()).isFalse();
    assertThat(r.meanCostUsd()).isNull();
    assertThat(r.usdPer1000Requests()).isNull();
    assertThat(r.monthlyUsd()).isNull();
    assertThat(r.monthlyUsdAt10x()).isNull();
    assertThat(ReportFormats.money(r, r.usdPer1000Requests(), 4)).isEqualTo("unknown");
  }

  @Test
  void errorsAndThrottlesAreRatesOfRequestsAndOfCalls() {
    ModelReport r = ModelReport.of(MODEL,
        List.of(ok(100, 10, 10, 20, "0.0001"),
            RequestResult.failure(MODEL, 5_000_000, -1, "THROTTLED", "All models ... failed"),
            RequestResult.failure(MODEL, 5_000_000, -1, "THROTTLED", "again"),
            RequestResult.failure(MODEL, 1_000_000, -1, "ModelUnavailableException", "gone")),
        new AttemptCounter.Counts(8, 6), true, 1);
    assertThat(r.requests()).isEqualTo(4);
    assertThat(r.succeeded()).isEqualTo(1);
    assertThat(r.failed()).isEqualTo(3);
    assertThat(r.errorRate()).isEqualTo(0.75);
    assertThat(r.throttleRate()).isEqualTo(0.75);
    assertThat(r.errors()).containsExactly(Map.entry("THROTTLED", 2), Map.entry("ModelUnavailableException", 1));
    assertThat(r.firstError()).isEqualTo("All models ... failed");
    assertThat(r.latencyP99Ms()).isEqualTo(100.0);            // successes only
  }

  @Test
  void outputSpeedIsTheMedianOfTokensOverGenerationTime() {
    ModelReport r = ModelReport.of(MODEL,
        List.of(ok(1_100, 100, 10, 100, "0"), ok(600, 100, 10, 100, "0"), ok(2_100, 100, 10, 100, "0")),
        new AttemptCounter.Counts(3, 0), true, 1);
    assertThat(r.outputTokensPerSecond()).isEqualTo(100.0);   // 100 tokens in 1 s; others 200, 50
  }

  @Test
  void withoutASuccessNothingIsMeasured() {
    ModelReport r = ModelReport.of(MODEL,
        List.of(RequestResult.failure(MODEL, 1, -1, "AccessDeniedException", "no access")),
        new AttemptCounter.Counts(1, 0), true, 1);
    assertThat(r.latencyP50Ms()).isNull();
    assertThat(r.ttftP99Ms()).isNull();
    assertThat(r.meanInputTokens()).isNull();
    assertThat(r.usdPer1000Requests()).isNull();
    assertThat(ReportFormats.money(r, r.usdPer1000Requests(), 4)).isEqualTo("n/a");
  }

  @Test
  void theScheduleInterleavesModelsAndRotatesWhoGoesFirst() {
    List<BenchPrompt> prompts = List.of(new BenchPrompt("p1", null, null, "f:1"),
        new BenchPrompt("p2", null, null, "f:2"));
    List<Benchmark.Task> tasks = Benchmark.schedule(List.of("a", "b", "c"), prompts, 3, 0);
    assertThat(tasks).extracting(Benchmark.Task::modelId)
        .containsExactly("a", "b", "c", "b", "c", "a", "c", "a", "b");
    assertThat(tasks).extracting(t -> t.prompt().text())
        .containsExactly("p1", "p1", "p1", "p2", "p2", "p2", "p1", "p1", "p1");
  }
}
