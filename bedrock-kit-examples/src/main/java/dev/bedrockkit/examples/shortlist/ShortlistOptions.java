package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shortlist benchmark's command line, parsed and checked: every mistake is reported as a
 * {@link UsageException} whose message names the option, what was found and what to do.
 *
 * <p>Immutable and thread-safe.
 *
 * @param models pinned model IDs, in the order given, no duplicates
 * @param prompts the prompt file or directory
 * @param requestsPerModel measured requests per model
 * @param concurrency requests in flight at once, across all models
 * @param warmupPerModel unmeasured requests per model before the run
 * @param requestsPerDay today's volume, for the monthly projection
 * @param region the AWS Region to call (and to price in)
 * @param emulator whether to run against the embedded emulator instead of Bedrock
 * @param emulatorLatency {@code realistic} (each model its own profile) or {@code zero}
 * @param throttleRate share of emulator calls to throttle, or {@code null} for none
 * @param seed seed of the emulator's throttling
 * @param maxAttempts bedrock-kit's attempts per request, first try included
 * @param backoffBase base of bedrock-kit's full-jitter backoff
 * @param maxTokens default {@code maxTokens} for prompts without their own, or {@code null}
 * @param prices a pricing JSON file extending the built-in prices, or {@code null}
 * @param out directory for CSV, JSON and SVG, or {@code null} for the terminal only
 * @param chart whether to write the SVG chart
 * @param help whether to print usage and stop
 */
public record ShortlistOptions(
    List<String> models,
    Path prompts,
    int requestsPerModel,
    int concurrency,
    int warmupPerModel,
    long requestsPerDay,
    String region,
    boolean emulator,
    String emulatorLatency,
    Double throttleRate,
    long seed,
    int maxAttempts,
    Duration backoffBase,
    Integer maxTokens,
    Path prices,
    Path out,
    boolean chart,
    boolean help) {

  public static final int DEFAULT_REQUESTS = 20;
  public static final int DEFAULT_CONCURRENCY = 4;
  public static final int DEFAULT_WARMUP = 1;
  public static final String DEFAULT_REGION = "us-east-1";
  public static final long DEFAULT_SEED = 42;
  public static final Duration DEFAULT_BACKOFF_BASE = CallPolicy.DEFAULT_BACKOFF_BASE;

  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

  /** Usage text printed by {@code --help} and after a usage error. */
  public static final String USAGE =
      String.join(
          "\n",
          "usage: shortlist --models ID[,ID...] --prompts FILE|DIR --requests-per-day N [options]",
          "",
          "Benchmarks pinned Bedrock models on your own prompts (streaming), one model per request,",
          "interleaved, and prints latency, time to first token, throughput, errors, throttles and cost.",
          "",
          "  --models ID[,ID...]      pinned model IDs or ARNs (repeat or comma-separate); no aliases",
          "  --prompts FILE|DIR       one prompt per line (.txt, # comments) or JSON lines (.jsonl:",
          "                           {\"prompt\": ..., \"system\": ..., \"maxTokens\": ...}); a directory: its",
          "                           .txt and .jsonl files, by name",
          "  --requests-per-day N     today's volume, for the projected monthly cost (30-day month)",
          "  --requests N             measured requests per model (default " + DEFAULT_REQUESTS + ")",
          "  --concurrency N          requests in flight at once, all models together (default "
              + DEFAULT_CONCURRENCY + ")",
          "  --warmup N               unmeasured requests per model first (default " + DEFAULT_WARMUP + ")",
          "  --region R               AWS Region to call and price in (default " + DEFAULT_REGION + ")",
          "  --max-tokens N           maxTokens for prompts without their own",
          "  --max-attempts N         bedrock-kit attempts per request, 1 = no retry (default "
              + CallPolicy.DEFAULT_MAX_ATTEMPTS + ")",
          "  --backoff-ms N           base of the full-jitter retry backoff (default "
              + DEFAULT_BACKOFF_BASE.toMillis() + ")",
          "  --prices FILE            pricing JSON (PricingCatalog format) added to the built-in prices",
          "  --out DIR                also write shortlist.csv and shortlist.json there",
          "  --chart                  also write shortlist.svg (cost per 1,000 requests vs p99 latency)",
          "  --emulator               dry run against the embedded emulator; no AWS account needed",
          "  --emulator-latency L     realistic (default: each model its own profile) or zero",
          "  --throttle-rate X        with --emulator: throttle this share of calls, in (0, 1]",
          "  --seed N                 with --throttle-rate: random seed (default " + DEFAULT_SEED + ")",
          "  --help                   this text",
          "",
          "Without --emulator, credentials come from the AWS SDK's default provider chain.",
          "Exit status: 0 when a request succeeded, 1 when none did, 2 for a usage error.");

  public ShortlistOptions {
    models = List.copyOf(models);
  }

  /**
   * Parses and checks the arguments (files are checked to exist; prompts are read later).
   *
   * @throws UsageException naming the first problem
   */
  public static ShortlistOptions parse(String... args) {
    List<String> models = new ArrayList<>();
    Path prompts = null;
    Integer requests = null;
    Integer concurrency = null;
    Integer warmup = null;
    Long perDay = null;
    String region = null;
    boolean emulator = false;
    String latency = null;
    Double throttleRate = null;
    Long seed = null;
    Integer maxAttempts = null;
    Long backoffMs = null;
    Integer maxTokens = null;
    Path prices = null;
    Path out = null;
    boolean chart = false;
    Set<String> seen = new LinkedHashSet<>();

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (!name.equals("--models") && !seen.add(name)) {
        throw new UsageException(name + " is given twice: give it once");
      }
      switch (name) {
        case "--help", "-h" -> {
          return helpOnly();
        }
        case "--emulator" -> emulator = flag(name, value);
        case "--chart" -> chart = flag(name, value);
        case "--models" -> {
          String v = value != null ? value : next(args, ++i, name);
          for (String id : v.split(",", -1)) {
            models.add(id.trim());
          }
        }
        case "--prompts" -> prompts = Path.of(value != null ? value : next(args, ++i, name));
        case "--requests" -> requests = positiveInt(name, value != null ? value : next(args, ++i, name));
        case "--concurrency" ->
            concurrency = positiveInt(name, value != null ? value : next(args, ++i, name));
        case "--warmup" -> warmup = notNegativeInt(name, value != null ? value : next(args, ++i, name));
        case "--requests-per-day" ->
            perDay = positiveLong(name, value != null ? value : next(args, ++i, name));
        case "--region" -> region = value != null ? value : next(args, ++i, name);
        case "--emulator-latency" -> latency = value != null ? value : next(args, ++i, name);
        case "--throttle-rate" ->
            throttleRate = rate(name, value != null ? value : next(args, ++i, name));
        case "--seed" -> seed = anyLong(name, value != null ? value : next(args, ++i, name));
        case "--max-attempts" ->
            maxAttempts = positiveInt(name, value != null ? value : next(args, ++i, name));
        case "--backoff-ms" ->
            backoffMs = (long) notNegativeInt(name, value != null ? value : next(args, ++i, name));
        case "--max-tokens" ->
            maxTokens = positiveInt(name, value != null ? value : next(args, ++i, name));
        case "--prices" -> prices = Path.of(value != null ? value : next(args, ++i, name));
        case "--out" -> out = Path.of(value != null ? value : next(args, ++i, name));
        default ->
            throw new UsageException(
                arg.startsWith("-")
                    ? "unknown option '" + name + "'"
                    : "unexpected argument '" + arg + "': options start with --");
      }
    }

    List<String> ids = checkModels(models);
    if (prompts == null) {
      throw new UsageException(
          "--prompts is required: a file with one prompt per line, a .jsonl file or a directory");
    }
    if (!Files.exists(prompts)) {
      throw new UsageException("--prompts: no such file or directory: " + prompts);
    }
    if (perDay == null) {
      throw new UsageException(
          "--requests-per-day is required: today's volume, e.g. --requests-per-day 20000, for the"
              + " monthly cost projection");
    }
    region = region == null ? DEFAULT_REGION : region;
    if (!REGION.matcher(region).matches()) {
      throw new UsageException("--region must be an AWS Region such as us-east-1 but was '" + region + "'");
    }
    if (!emulator) {
      if (throttleRate != null) {
        throw new UsageException("--throttle-rate needs --emulator: it injects faults into the dry run");
      }
      if (seed != null) {
        throw new UsageException("--seed needs --emulator and --throttle-rate");
      }
      if (latency != null) {
        throw new UsageException("--emulator-latency needs --emulator");
      }
    }
    latency = latency == null ? "realistic" : latency;
    if (!latency.equals("realistic") && !latency.equals("zero")) {
      throw new UsageException(
          "--emulator-latency must be 'realistic' or 'zero' but was '" + latency + "'");
    }
    if (prices != null && !Files.isRegularFile(prices)) {
      throw new UsageException("--prices: no such file: " + prices);
    }
    if (chart && out == null) {
      throw new UsageException("--chart needs --out DIR: the directory to write shortlist.svg to");
    }
    if (out != null && Files.exists(out) && !Files.isDirectory(out)) {
      throw new UsageException("--out must be a directory but " + out + " is a file");
    }
    return new ShortlistOptions(
        ids,
        prompts,
        requests == null ? DEFAULT_REQUESTS : requests,
        concurrency == null ? DEFAULT_CONCURRENCY : concurrency,
        warmup == null ? DEFAULT_WARMUP : warmup,
        perDay,
        region,
        emulator,
        latency,
        throttleRate,
        seed == null ? DEFAULT_SEED : seed,
        maxAttempts == null ? CallPolicy.DEFAULT_MAX_ATTEMPTS : maxAttempts,
        backoffMs == null ? DEFAULT_BACKOFF_BASE : Duration.ofMillis(backoffMs),
        maxTokens,
        prices,
        out,
        chart,
        false);
  }

  private static ShortlistOptions helpOnly() {
    return new ShortlistOptions(
        List.of(), null, 0, 0, 0, 0, DEFAULT_REGION, false, "realistic", null, DEFAULT_SEED, 1,
        DEFAULT_BACKOFF_BASE, null, null, null, false, true);
  }

  private static List<String> checkModels(List<String> given) {
    if (given.isEmpty()) {
      throw new UsageException(
          "--models is required: one or more pinned model IDs, comma-separated, e.g. --models"
              + " anthropic.claude-3-haiku-20240307-v1:0,us.anthropic.claude-3-5-haiku-20241022-v1:0");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String id : given) {
      if (id.isEmpty()) {
        throw new UsageException("--models has an empty model ID: remove the extra comma");
      }
      try {
        ModelRef.requirePinned(id, "--models");
      } catch (ConfigurationException e) {
        throw new UsageException(e.getMessage());
      }
      if (!ids.add(id)) {
        throw new UsageException("--models lists " + id + " twice: list each model once");
      }
    }
    return List.copyOf(ids);
  }

  private static boolean flag(String name, String value) {
    if (value != null) {
      throw new UsageException(name + " takes no value but was given '" + value + "'");
    }
    return true;
  }

  private static String next(String[] args, int i, String name) {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(name + " needs a value");
    }
    return args[i];
  }

  private static int positiveInt(String name, String value) {
    int n = parseInt(name, value, "a positive integer");
    if (n < 1) {
      throw new UsageException(name + " must be a positive integer but was '" + value + "'");
    }
    return n;
  }

  private static int notNegativeInt(String name, String value) {
    int n = parseInt(name, value, "an integer >= 0");
    if (n < 0) {
      throw new UsageException(name + " must be an integer >= 0 but was '" + value + "'");
    }
    return n;
  }

  private static int parseInt(String name, String value, String expected) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be " + expected + " but was '" + value + "'");
    }
  }

  private static long positiveLong(String name, String value) {
    long n;
    try {
      n = Long.parseLong(value.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be a positive integer but was '" + value + "'");
    }
    if (n < 1) {
      throw new UsageException(name + " must be a positive integer but was '" + value + "'");
    }
    return n;
  }

  private static long anyLong(String name, String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new UsageException(name + " must be an integer but was '" + value + "'");
    }
  }

  private static double rate(String name, String value) {
    double r;
    try {
      r = Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      r = Double.NaN;
    }
    if (!(r > 0 && r <= 1)) {
      throw new UsageException(
          name + " must be a number in (0, 1], e.g. 0.1, but was '" + value + "'");
    }
    return r;
  }

  /** How the run reached models, for the report: {@code emulator (realistic latency)} or {@code bedrock us-east-1}. */
  String mode() {
    return emulator ? "emulator (" + emulatorLatency + " latency)" : "bedrock " + region;
  }
}
