package dev.bedrockkit.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.chaos.Scenarios.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The short chaos run (8 callers, 3 s per scenario): every scenario must keep the zeros the
 * README promises (no failure other than a BedrockKitException, no request hung past its
 * deadline, no call to a switched-off model, no prompt in the logs) and its own checks. The table
 * is written to {@code target/chaos-short.md}; {@code chaos/run.sh} runs the long version.
 */
class ChaosSuiteTest {
  private static ChaosContext ctx;
  private static final List<ScenarioResult> rows = new ArrayList<>();
  private static long start;

  @BeforeAll
  static void start() throws Exception {
    start = System.nanoTime();
    ctx = new ChaosContext(ChaosSettings.shortRun());
    ctx.warmUp(java.time.Duration.ofSeconds(2));
  }

  @AfterAll
  static void stop() throws Exception {
    ctx.close();
    String md =
        ChaosReport.markdown(
            ctx.settings, rows, "mvn -B -pl chaos -am verify (ChaosSuiteTest)",
            ChaosReport.environment(), (System.nanoTime() - start) / 1e9);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/chaos-short.md"), md, StandardCharsets.UTF_8);
    System.out.println(md);
  }

  @TestFactory
  Stream<DynamicTest> everyScenarioKeepsItsZeros() {
    return Scenarios.all().stream()
        .map(s -> DynamicTest.dynamicTest(s.name(), () -> runAndCheck(s)));
  }

  private static void runAndCheck(Scenario s) throws Exception {
    ScenarioResult r;
    try {
      r = s.run().run(ctx, s);
    } finally {
      ctx.endScenario();
    }
    rows.add(r);
    assertThat(r.sent()).as("requests sent").isGreaterThan(0);
    assertThat(r.failedOtherwise()).as("failed otherwise (not a BedrockKitException)").isEmpty();
    assertThat(r.hung()).as("hung past deadline").isZero();
    if (r.disabledCalls() != null) {
      assertThat(r.disabledCalls()).as("calls reaching a disabled model").isZero();
    }
    assertThat(r.logViolations()).as("log events carrying a prompt or a secret").isEmpty();
    assertThat(r.checks()).as("scenario checks").allSatisfy(c -> assertThat(c.held()).as(c.what() + ": " + c.detail()).isTrue());
  }
}
