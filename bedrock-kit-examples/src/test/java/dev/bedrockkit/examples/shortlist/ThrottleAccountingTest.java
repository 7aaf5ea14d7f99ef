package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.Faults;
import dev.bedrockkit.test.Journal;
import dev.bedrockkit.test.RecordedCall;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/** Throttles the emulator injects are exactly the throttles the shortlist reports. */
class ThrottleAccountingTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String LLAMA = "meta.llama3-8b-instruct-v1:0";
  static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @TempDir Path dir;

  ShortlistReport benchmark(BedrockRuntimeAsyncClient client, String maxAttempts) throws Exception {
    Path prompts = Files.writeString(dir.resolve("p.txt"), "Where is my parcel?\nRefund please.\n");
    ShortlistOptions options = ShortlistOptions.parse(
        "--models", HAIKU + "," + LLAMA, "--prompts", prompts.toString(), "--requests", "25",
        "--concurrency", "2", "--warmup", "0", "--requests-per-day", "1000", "--backoff-ms", "0",
        "--max-attempts", maxAttempts);
    return Shortlist.benchmark(options, PromptSet.load(prompts), PricingCatalog.ofDefaults(), client, QUIET);
  }

  static long throttledCalls(Journal journal, String model) {
    return journal.calls(model).stream()
        .map(RecordedCall::errorType)
        .filter("ThrottlingException"::equals)
        .count();
  }

  @Test
  void everyThrottledCallIsCountedOnTheModelItHit(
      BedrockRuntimeAsyncClient client, Faults faults, Journal journal) throws Exception {
    Fault throttling = faults.throttleRate(0.3, 7);
    ShortlistReport report = benchmark(client, "3");

    assertThat(throttling.triggered()).isPositive();
    long seen = 0;
    for (ModelReport m : report.models()) {
      assertThat(m.requests()).isEqualTo(25);
      assertThat(m.succeeded() + m.failed()).isEqualTo(25);
      assertThat(m.attempts()).isEqualTo(journal.count(m.modelId()));
      assertThat(m.throttledAttempts()).isEqualTo(throttledCalls(journal, m.modelId()));
      assertThat(m.throttleRate()).isEqualTo((double) m.throttledAttempts() / m.attempts());
      assertThat(m.errors().keySet()).isSubsetOf(List.of("THROTTLED"));
      // a request fails only when its every attempt was throttled
      assertThat(m.throttledAttempts()).isGreaterThanOrEqualTo(m.failed());
      assertThat(m.attempts() - m.throttledAttempts()).isEqualTo(m.succeeded());
      seen += m.throttledAttempts();
    }
    assertThat(seen).isEqualTo(throttling.triggered());
  }

  @Test
  void withoutRetriesEveryThrottleIsAFailedRequest(
      BedrockRuntimeAsyncClient client, Faults faults, Journal journal) throws Exception {
    Fault throttling = faults.throttleRate(0.3, 11);
    ShortlistReport report = benchmark(client, "1");

    long failed = 0;
    for (ModelReport m : report.models()) {
      assertThat(m.attempts()).isEqualTo(25);
      assertThat(m.failed()).isEqualTo(m.throttledAttempts());
      assertThat(m.failed()).isEqualTo(throttledCalls(journal, m.modelId()));
      assertThat(m.errorRate()).isEqualTo(m.failed() / 25.0);
      assertThat(m.errorRate()).isEqualTo(m.throttleRate());
      failed += m.failed();
    }
    assertThat(failed).isEqualTo(throttling.triggered()).isPositive();
  }

  @Test
  void theDryRunReportsTheThrottlesItInjectedAndSawAlike() throws IOException {
    Path prompts = Files.writeString(dir.resolve("p.txt"), "Where is my parcel?\n");
    ShortlistDryRunTest.Cli cli = ShortlistDryRunTest.run(
        "--emulator", "--emulator-latency", "zero", "--throttle-rate", "0.2", "--seed", "3",
        "--models", HAIKU + "," + LLAMA, "--prompts", prompts.toString(), "--requests", "20",
        "--warmup", "1", "--backoff-ms", "0", "--requests-per-day", "1000");
    assertThat(cli.status()).isZero();
    Matcher m = Pattern.compile("Emulator: (\\d+) throttle\\(s\\) injected, (\\d+) seen by bedrock-kit\\.")
        .matcher(cli.out());
    assertThat(m.find()).isTrue();
    assertThat(m.group(1)).isEqualTo(m.group(2));
    assertThat(Integer.parseInt(m.group(1))).isPositive();
  }

  @Test
  void whenEveryCallIsThrottledTheReportShowsItAndTheExitStatusIsOne() throws IOException {
    Path prompts = Files.writeString(dir.resolve("p.txt"), "Where is my parcel?\n");
    ShortlistDryRunTest.Cli cli = ShortlistDryRunTest.run(
        "--emulator", "--emulator-latency", "zero", "--throttle-rate", "1", "--max-attempts", "1",
        "--models", HAIKU, "--prompts", prompts.toString(), "--requests", "4", "--warmup", "0",
        "--requests-per-day", "1000");
    assertThat(cli.status()).isEqualTo(Shortlist.EXIT_FAILED);
    assertThat(cli.err()).isEqualTo("shortlist: no request succeeded; see the failures above"
        + System.lineSeparator());
    assertThat(cli.out())
        .containsPattern(HAIKU.replace(".", "\\.") + " +0/4 +100\\.0% +100\\.0% +n/a")
        .contains("Failures of " + HAIKU + ": 4 x THROTTLED; first: Too many requests, please wait"
            + " before trying again.")
        .contains("Emulator: 4 throttle(s) injected, 4 seen by bedrock-kit.");
  }
}
