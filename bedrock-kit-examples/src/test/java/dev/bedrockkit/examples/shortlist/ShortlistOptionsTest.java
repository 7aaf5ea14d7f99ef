package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShortlistOptionsTest {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String LLAMA = "meta.llama3-70b-instruct-v1:0";

  @TempDir Path dir;
  Path prompts;

  @BeforeEach
  void prompts() throws IOException {
    prompts = Files.writeString(dir.resolve("prompts.txt"), "What is Amazon Bedrock?\n");
  }

  /** The required options plus {@code more}. */
  String[] args(String... more) {
    List<String> all = new ArrayList<>(List.of(
        "--models", HAIKU, "--prompts", prompts.toString(), "--requests-per-day", "20000"));
    all.addAll(Arrays.asList(more));
    return all.toArray(String[]::new);
  }

  static String usageError(String... args) {
    try {
      ShortlistOptions.parse(args);
    } catch (UsageException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a UsageException for " + Arrays.toString(args));
  }

  @Test
  void requiredOptionsAloneGiveTheDefaults() {
    ShortlistOptions o = ShortlistOptions.parse(args());
    assertThat(o.models()).containsExactly(HAIKU);
    assertThat(o.prompts()).isEqualTo(prompts);
    assertThat(o.requestsPerDay()).isEqualTo(20_000);
    assertThat(o.requestsPerModel()).isEqualTo(20);
    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.warmupPerModel()).isEqualTo(1);
    assertThat(o.region()).isEqualTo("us-east-1");
    assertThat(o.emulator()).isFalse();
    assertThat(o.emulatorLatency()).isEqualTo("realistic");
    assertThat(o.throttleRate()).isNull();
    assertThat(o.maxAttempts()).isEqualTo(3);
    assertThat(o.backoffBase()).isEqualTo(Duration.ofSeconds(1));
    assertThat(o.maxTokens()).isNull();
    assertThat(o.out()).isNull();
    assertThat(o.chart()).isFalse();
  }

  @Test
  void everyOptionIsRead() {
    ShortlistOptions o = ShortlistOptions.parse(args(
        "--models", LLAMA + ", us.anthropic.claude-3-5-haiku-20241022-v1:0", "--requests=50",
        "--concurrency", "8", "--warmup", "0", "--region", "eu-west-1", "--emulator",
        "--emulator-latency", "zero", "--throttle-rate", "0.1", "--seed", "7", "--max-attempts", "1",
        "--backoff-ms", "250", "--max-tokens", "300", "--out", dir.resolve("out").toString(),
        "--chart"));
    assertThat(o.models())
        .containsExactly(HAIKU, LLAMA, "us.anthropic.claude-3-5-haiku-20241022-v1:0");
    assertThat(o.requestsPerModel()).isEqualTo(50);
    assertThat(o.concurrency()).isEqualTo(8);
    assertThat(o.warmupPerModel()).isZero();
    assertThat(o.region()).isEqualTo("eu-west-1");
    assertThat(o.emulator()).isTrue();
    assertThat(o.emulatorLatency()).isEqualTo("zero");
    assertThat(o.throttleRate()).isEqualTo(0.1);
    assertThat(o.seed()).isEqualTo(7);
    assertThat(o.maxAttempts()).isEqualTo(1);
    assertThat(o.backoffBase()).isEqualTo(Duration.ofMillis(250));
    assertThat(o.maxTokens()).isEqualTo(300);
    assertThat(o.out()).isEqualTo(dir.resolve("out"));
    assertThat(o.chart()).isTrue();
    assertThat(o.mode()).isEqualTo("emulator (zero latency)");
  }

  @Test
  void anAliasIsRejectedWithModelRefsMessage() {
    assertThat(usageError("--models", "anthropic.claude-3-haiku", "--prompts", prompts.toString(),
            "--requests-per-day", "1"))
        .isEqualTo("--models: 'anthropic.claude-3-haiku' is not pinned: use a versioned model ID"
            + " such as 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region inference profile"
            + " ID (us./eu./apac./global. prefix) or an ARN");
  }

  @Test
  void anUnpinnedIdAmongPinnedOnesIsRejected() {
    assertThat(usageError(args("--models", "claude-3-haiku")))
        .isEqualTo("--models: 'claude-3-haiku' is not pinned: use a versioned model ID such as"
            + " 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region inference profile ID"
            + " (us./eu./apac./global. prefix) or an ARN");
  }

  @Test
  void aModelListedTwiceIsRejected() {
    assertThat(usageError(args("--models", HAIKU)))
        .isEqualTo("--models lists " + HAIKU + " twice: list each model once");
  }

  @Test
  void anEmptyModelIdIsRejected() {
    assertThat(usageError(args("--models", LLAMA + ",")))
        .isEqualTo("--models has an empty model ID: remove the extra comma");
  }

  @Test
  void missingModelsAreReported() {
    assertThat(usageError("--prompts", prompts.toString(), "--requests-per-day", "1"))
        .isEqualTo("--models is required: one or more pinned model IDs, comma-separated, e.g."
            + " --models anthropic.claude-3-haiku-20240307-v1:0,"
            + "us.anthropic.claude-3-5-haiku-20241022-v1:0");
  }

  @Test
  void aMissingPromptFileIsReported() {
    Path missing = dir.resolve("nope.jsonl");
    assertThat(usageError("--models", HAIKU, "--prompts", missing.toString(),
            "--requests-per-day", "1"))
        .isEqualTo("--prompts: no such file or directory: " + missing);
  }

  @Test
  void missingPromptsAreReported() {
    assertThat(usageError("--models", HAIKU, "--requests-per-day", "1"))
        .isEqualTo("--prompts is required: a file with one prompt per line, a .jsonl file or a"
            + " directory");
  }

  @Test
  void missingVolumeIsReported() {
    assertThat(usageError("--models", HAIKU, "--prompts", prompts.toString()))
        .isEqualTo("--requests-per-day is required: today's volume, e.g. --requests-per-day 20000,"
            + " for the monthly cost projection");
  }

  @Test
  void badNumbersAreReportedWithTheValue() {
    assertThat(usageError(args("--requests", "abc")))
        .isEqualTo("--requests must be a positive integer but was 'abc'");
    assertThat(usageError(args("--requests", "0")))
        .isEqualTo("--requests must be a positive integer but was '0'");
    assertThat(usageError(args("--concurrency", "-2")))
        .isEqualTo("--concurrency must be a positive integer but was '-2'");
    assertThat(usageError(args("--warmup", "-1")))
        .isEqualTo("--warmup must be an integer >= 0 but was '-1'");
    assertThat(usageError(args("--max-tokens", "1.5")))
        .isEqualTo("--max-tokens must be a positive integer but was '1.5'");
    assertThat(usageError("--models", HAIKU, "--prompts", prompts.toString(),
            "--requests-per-day", "lots"))
        .isEqualTo("--requests-per-day must be a positive integer but was 'lots'");
    assertThat(usageError(args("--emulator", "--throttle-rate", "1.5")))
        .isEqualTo("--throttle-rate must be a number in (0, 1], e.g. 0.1, but was '1.5'");
    assertThat(usageError(args("--emulator", "--throttle-rate", "0")))
        .isEqualTo("--throttle-rate must be a number in (0, 1], e.g. 0.1, but was '0'");
    assertThat(usageError(args("--emulator", "--seed", "x")))
        .isEqualTo("--seed must be an integer but was 'x'");
  }

  @Test
  void anOptionWithoutItsValueIsReported() {
    assertThat(usageError(args("--requests"))).isEqualTo("--requests needs a value");
    assertThat(usageError(args("--requests", "--chart"))).isEqualTo("--requests needs a value");
  }

  @Test
  void unknownOptionsAndStrayArgumentsAreReported() {
    assertThat(usageError(args("--fast"))).isEqualTo("unknown option '--fast'");
    assertThat(usageError(args("fast"))).isEqualTo("unexpected argument 'fast': options start with --");
    assertThat(usageError(args("--requests", "5", "--requests", "6")))
        .isEqualTo("--requests is given twice: give it once");
    assertThat(usageError(args("--chart=yes", "--out", "x")))
        .isEqualTo("--chart takes no value but was given 'yes'");
  }

  @Test
  void emulatorOnlyOptionsNeedTheEmulator() {
    assertThat(usageError(args("--throttle-rate", "0.1")))
        .isEqualTo("--throttle-rate needs --emulator: it injects faults into the dry run");
    assertThat(usageError(args("--emulator-latency", "zero")))
        .isEqualTo("--emulator-latency needs --emulator");
    assertThat(usageError(args("--emulator", "--emulator-latency", "slow")))
        .isEqualTo("--emulator-latency must be 'realistic' or 'zero' but was 'slow'");
  }

  @Test
  void aBadRegionIsReported() {
    assertThat(usageError(args("--region", "Virginia")))
        .isEqualTo("--region must be an AWS Region such as us-east-1 but was 'Virginia'");
  }

  @Test
  void theChartNeedsAnOutputDirectory() {
    assertThat(usageError(args("--chart")))
        .isEqualTo("--chart needs --out DIR: the directory to write shortlist.svg to");
  }

  @Test
  void aMissingPricesFileIsReported() {
    Path missing = dir.resolve("prices.json");
    assertThat(usageError(args("--prices", missing.toString())))
        .isEqualTo("--prices: no such file: " + missing);
  }

  @Test
  void theCliPrintsAUsageErrorAndExitsWithTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Shortlist.run(
        new String[] {"--models", "anthropic.claude-3-haiku", "--prompts", prompts.toString(),
            "--requests-per-day", "1"},
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(Shortlist.EXIT_USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("shortlist: --models: 'anthropic.claude-3-haiku' is not pinned: use a versioned"
            + " model ID such as 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region inference"
            + " profile ID (us./eu./apac./global. prefix) or an ARN" + System.lineSeparator()
            + "Run with --help for usage." + System.lineSeparator());
  }

  @Test
  void helpPrintsTheUsageAndExitsWithZero() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = Shortlist.run(new String[] {"--help"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(
        "usage: shortlist --models ID[,ID...] --prompts FILE|DIR --requests-per-day N [options]");
  }

  @Test
  void parseRejectsAProblemWithAUsageException() {
    assertThatThrownBy(() -> ShortlistOptions.parse())
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--models is required");
  }
}
