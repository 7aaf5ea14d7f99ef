package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.BedrockClients;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.LatencyModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;

/**
 * The model shortlist benchmark: runs a workload's typical prompts against several pinned models
 * and prints, per model, latency and time-to-first-token percentiles, output speed, error and
 * throttle rates, mean tokens, USD per 1,000 requests and the projected monthly cost at today's
 * volume and at ten times it; optionally CSV, JSON and an SVG chart.
 *
 * <pre>
 * ./shortlist.sh --emulator --models anthropic.claude-3-haiku-20240307-v1:0,meta.llama3-70b-instruct-v1:0 \
 *     --prompts bedrock-kit-examples/src/main/resources/shortlist/prompts --requests-per-day 20000
 * </pre>
 *
 * <p>Against Bedrock, clients come from {@link BedrockClients} (default credential chain, SDK
 * retries off); bedrock-kit retries with {@link #policy(ShortlistOptions)}. With
 * {@code --emulator} the embedded emulator answers with each model's own latency profile.
 *
 * <p>Each run builds its own kit and clients; {@link #run} may be called from several threads.
 */
public final class Shortlist {
  /** Exit status of a usage error. */
  public static final int EXIT_USAGE = 2;
  /** Exit status when the run could not be made. */
  public static final int EXIT_FAILED = 1;

  private static final String QUIET_LOGGER = "org.slf4j.simpleLogger.log.dev.bedrockkit";

  private Shortlist() {}

  public static void main(String[] args) {
    // Failures are summarised in the report; keep bedrock-kit's per-request WARN lines out of the
    // table unless the user asks for them (-Dorg.slf4j.simpleLogger.log.dev.bedrockkit=warn).
    if (System.getProperty(QUIET_LOGGER) == null) {
      System.setProperty(QUIET_LOGGER, "error");
    }
    int status = run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the CLI: parses {@code args}, benchmarks, prints the table to {@code out} and writes the
   * files; problems go to {@code err}.
   *
   * @return 0, {@link #EXIT_USAGE} or {@link #EXIT_FAILED}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    ShortlistOptions options;
    List<BenchPrompt> prompts;
    PricingCatalog pricing;
    try {
      options = ShortlistOptions.parse(args);
      if (options.help()) {
        out.println(ShortlistOptions.USAGE);
        return 0;
      }
      prompts = PromptSet.load(options.prompts());
      pricing = pricing(options);
    } catch (UsageException e) {
      err.println("shortlist: " + e.getMessage());
      err.println("Run with --help for usage.");
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      err.println("shortlist: " + e.getMessage());
      return EXIT_FAILED;
    }
    try {
      ShortlistReport report =
          options.emulator()
              ? onEmulator(options, prompts, pricing, out)
              : onBedrock(options, prompts, pricing, out);
      out.println();
      out.print(ReportFormats.table(report));
      for (Path written : write(report, options)) {
        out.println("Wrote " + written);
      }
      if (report.models().stream().allMatch(m -> m.succeeded() == 0)) {
        err.println("shortlist: no request succeeded; see the failures above");
        return EXIT_FAILED;
      }
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("shortlist: interrupted");
      return EXIT_FAILED;
    } catch (RuntimeException e) {
      err.println("shortlist: " + e.getMessage());
      return EXIT_FAILED;
    }
  }

  /**
   * bedrock-kit's call policy for the benchmark: the production defaults (attempts, full-jitter
   * backoff up to 20 s, retry budget, 30 s per attempt, 60 s per request) with the attempts and
   * backoff base from the options, the circuit breaker off (an open circuit would turn a model's
   * throttling into instant failures of our own making) and a bulkhead no smaller than the
   * concurrency.
   */
  public static CallPolicy policy(ShortlistOptions options) {
    Duration max = CallPolicy.DEFAULT_BACKOFF_MAX;
    return CallPolicy.builder()
        .maxAttempts(options.maxAttempts())
        .backoff(options.backoffBase(), options.backoffBase().compareTo(max) > 0 ? options.backoffBase() : max)
        .circuitBreaker(CircuitBreakerSettings.countBased(Integer.MAX_VALUE, Duration.ofMinutes(1)))
        .maxConcurrentCallsPerModel(
            Math.max(options.concurrency(), CallPolicy.DEFAULT_MAX_CONCURRENT_CALLS_PER_MODEL))
        .build();
  }

  /** The built-in list prices, plus those of {@code --prices}. */
  static PricingCatalog pricing(ShortlistOptions options) {
    if (options.prices() == null) {
      return PricingCatalog.ofDefaults();
    }
    try {
      return PricingCatalog.ofDefaults().toBuilder().json(options.prices()).build();
    } catch (ConfigurationException e) {
      throw new UsageException("--prices: " + e.getMessage());
    }
  }

  private static ShortlistReport onBedrock(
      ShortlistOptions options, List<BenchPrompt> prompts, PricingCatalog pricing, PrintStream out)
      throws InterruptedException {
    requireCredentials();
    try (BedrockRuntimeAsyncClient client = BedrockClients.async(Region.of(options.region()))) {
      return benchmark(options, prompts, pricing, client, out);
    }
  }

  /** Fails fast, before any request, when the default provider chain finds no credentials. */
  private static void requireCredentials() {
    try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
      chain.resolveCredentials();
    } catch (SdkClientException e) {
      throw new IllegalStateException(
          "no AWS credentials: " + e.getMessage() + " Configure the default chain (environment,"
              + " AWS_PROFILE, SSO, container or instance role), or use --emulator for a dry run.",
          e);
    }
  }

  private static ShortlistReport onEmulator(
      ShortlistOptions options, List<BenchPrompt> prompts, PricingCatalog pricing, PrintStream out)
      throws InterruptedException {
    BedrockEmulator.Builder builder = BedrockEmulator.builder().defaultRegion(options.region());
    if (options.emulatorLatency().equals("zero")) {
      builder.latency(LatencyModel.ZERO);
    } else {
      builder.realisticLatency();
    }
    try (BedrockEmulator emulator = builder.start();
        BedrockRuntimeAsyncClient client =
            EmulatorClients.bedrockAsync(emulator, options.region()).build()) {
      // The fault starts after the warm-up, so every injected throttle is a measured one.
      AtomicReference<Fault> throttling = new AtomicReference<>();
      Runnable afterWarmup =
          () -> {
            if (options.throttleRate() != null) {
              throttling.set(emulator.faults().throttleRate(options.throttleRate(), options.seed()));
            }
          };
      ShortlistReport report = benchmark(options, prompts, pricing, client, out, afterWarmup);
      Fault fault = throttling.get();
      return fault == null ? report : report.withThrottlesInjected(fault.triggered());
    }
  }

  /**
   * Benchmarks through {@code client} (a real or emulator client with SDK retries off) and
   * summarises; progress goes to {@code progress}.
   */
  public static ShortlistReport benchmark(
      ShortlistOptions options,
      List<BenchPrompt> prompts,
      PricingCatalog pricing,
      BedrockRuntimeAsyncClient client,
      PrintStream progress)
      throws InterruptedException {
    return benchmark(options, prompts, pricing, client, progress, () -> {});
  }

  private static ShortlistReport benchmark(
      ShortlistOptions options,
      List<BenchPrompt> prompts,
      PricingCatalog pricing,
      BedrockRuntimeAsyncClient client,
      PrintStream progress,
      Runnable afterWarmup)
      throws InterruptedException {
    CallPolicy policy = policy(options);
    AttemptCounter counter = new AttemptCounter();
    int models = options.models().size();
    progress.printf(
        "Benchmarking %d model(s) on %s: %d warm-up + %d measured request(s) each, concurrency %d...%n",
        models, options.mode(), options.warmupPerModel(), options.requestsPerModel(),
        options.concurrency());
    Benchmark.Run run;
    try (BedrockKit kit =
        BedrockKit.builder()
            .asyncClient(client)
            .callPolicy(policy)
            .pricing(pricing)
            .listener(counter)
            .build()) {
      Benchmark benchmark =
          new Benchmark(kit, counter, options.models(), prompts, options.maxTokens(), options.concurrency());
      run = benchmark.run(options.requestsPerModel(), options.warmupPerModel(), afterWarmup);
    }
    List<ModelReport> reports = new ArrayList<>();
    for (String model : options.models()) {
      reports.add(
          ModelReport.of(
              model,
              run.results().get(model),
              run.attempts().get(model),
              pricing.price(model, options.region()).isPresent(),
              options.requestsPerDay()));
    }
    return new ShortlistReport(
        options.mode(),
        options.region(),
        options.prompts().toString(),
        prompts.size(),
        options.requestsPerModel(),
        options.concurrency(),
        options.warmupPerModel(),
        options.requestsPerDay(),
        policy,
        PricingCatalog.PRICES_AS_OF,
        run.wallTime(),
        null,
        Instant.now(),
        reports);
  }

  /** Writes CSV and JSON (and SVG with {@code --chart}) to {@code --out}; returns the files. */
  static List<Path> write(ShortlistReport report, ShortlistOptions options) {
    List<Path> written = new ArrayList<>();
    if (options.out() == null) {
      return written;
    }
    try {
      Files.createDirectories(options.out());
      written.add(writeString(options.out().resolve("shortlist.csv"), ReportFormats.csv(report)));
      written.add(writeString(options.out().resolve("shortlist.json"), ReportFormats.json(report)));
      if (options.chart()) {
        written.add(writeString(options.out().resolve("shortlist.svg"), SvgChart.render(report)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + options.out() + ": " + e.getMessage(), e);
    }
    return written;
  }

  private static Path writeString(Path file, String content) throws IOException {
    return Files.writeString(file, content, StandardCharsets.UTF_8);
  }
}
