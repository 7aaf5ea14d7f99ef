package dev.bedrockkit.benchmarks.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sample load run at a tiny size (20 streams), so `mvn verify` keeps it working. */
class SampleStreamsLoadSmokeTest {

  @Test
  void twentyStreamsAllFinishAndAreMeasured() throws Exception {
    SampleStreamsLoad.Options defaults = SampleStreamsLoad.Options.defaults();
    assumeThat(Files.isRegularFile(defaults.jar()))
        .as("needs %s: build fargate-sample first (mvn -pl benchmarks -am verify does)", defaults.jar())
        .isTrue();

    SampleStreamsLoad.Result r =
        SampleStreamsLoad.run(
            new SampleStreamsLoad.Options(
                20, Duration.ofSeconds(1), Duration.ofMillis(100), 5, Duration.ofSeconds(90),
                defaults.jar(), "512m"));

    assertThat(r.completed()).as(r.report()).isEqualTo(20);
    assertThat(r.failed()).isZero();
    assertThat(r.ttftMillisP99()).isGreaterThanOrEqualTo(r.ttftMillisP50()).isPositive();
    assertThat(r.peakActiveStreams()).isPositive();
    assertThat(r.peak().heapUsedBytes()).isPositive();
    assertThat(r.peakRssBytes()).isPositive();
    assertThat(r.report()).contains("20 done, 0 failed");
  }
}
