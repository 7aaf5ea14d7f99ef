package dev.bedrockkit;

import static dev.bedrockkit.MetricNames.*;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.internal.Checks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records bedrock-kit's events on Micrometer: OpenTelemetry GenAI client metrics (operation
 * duration, token usage, time to first chunk and per output chunk of streams) and bedrock-kit's
 * own (USD cost, attempts, fallbacks by reason, throttles, circuit state, degraded answers,
 * unpriced answers, config reloads). Names and tags are in {@link MetricNames}.
 *
 * <p>What is recorded:
 *
 * <ul>
 *   <li>Every request that reached the chain records {@code gen_ai.client.operation.duration},
 *       with {@code error.type} when it failed. Answers from the response cache record no
 *       {@code gen_ai.*} metric (the cache counts its hits); degraded answers count
 *       {@code bedrockkit.degraded} only, so latency and token histograms describe model calls.
 *   <li>Token usage: {@code input} and {@code output} for every model answer ({@code output} is
 *       skipped for embeddings), {@code cache_read} and {@code cache_write} only when non-zero, so
 *       models without prompt caching add no empty series.
 *   <li>Streams: time to first chunk is the answering attempt's; time per output chunk is the time
 *       after the first chunk over the further chunks, and output tokens per second the output
 *       tokens over that time. That time is the request's latency less the first-chunk time and
 *       the durations of earlier failed attempts (back-off pauses between attempts are counted in
 *       it, so retried streams read slightly slow).
 *   <li>Cost is counted in USD when known; an answer with no known price counts
 *       {@code bedrockkit.pricing.unknown} instead.
 * </ul>
 *
 * <p>Tags are bounded. The attribution tag is the request's attribution only when it is in
 * {@link Builder#allowedAttributions}; otherwise it is {@code other} (and
 * {@code bedrockkit.attribution.unlisted} counts it), {@code none} when absent. With
 * {@link Builder#fixedTagKeys} on (the default), every meter of a name has the same tag keys,
 * which Prometheus requires: {@code error.type} is {@code none} on success and
 * {@code gen_ai.response.model} {@code none} when unknown. Turn it off to follow the GenAI
 * conventions to the letter (those tags are then left out) on backends that allow it, e.g. OTLP.
 *
 * <p>Thread-safe and cheap: meters are registered once per tag combination and cached, so
 * recording a request costs a map lookup and a few atomic updates.
 */
public final class BedrockKitMetrics implements BedrockKitListener {
  private static final Logger log = LoggerFactory.getLogger(BedrockKitMetrics.class);

  private final MeterRegistry registry;
  private final Set<String> allowedAttributions;
  private final boolean fixedTagKeys;
  private final double[] percentiles;
  private final boolean percentileHistogram;
  private final Duration[] slos;

  private final ConcurrentMap<RequestKey, RequestMeters> requestMeters = new ConcurrentHashMap<>();
  private final ConcurrentMap<AttemptKey, AttemptMeters> attemptMeters = new ConcurrentHashMap<>();
  private final ConcurrentMap<FallbackKey, Counter> fallbacks = new ConcurrentHashMap<>();
  private final ConcurrentMap<DegradedKey, Counter> degradedCounters = new ConcurrentHashMap<>();
  private final ConcurrentMap<CircuitKey, AtomicInteger> circuits = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> reloads = new ConcurrentHashMap<>();
  private final Counter unlisted;
  private final AtomicBoolean warnedUnlisted = new AtomicBoolean();

  private BedrockKitMetrics(Builder b) {
    this.registry = b.registry;
    this.allowedAttributions = Set.copyOf(b.allowedAttributions);
    this.fixedTagKeys = b.fixedTagKeys;
    this.percentiles = b.percentiles.clone();
    this.percentileHistogram = b.percentileHistogram;
    this.slos = b.slos.clone();
    this.unlisted =
        Counter.builder(ATTRIBUTION_UNLISTED)
            .description("Requests whose attribution is not in the metrics allow-list")
            .register(registry);
  }

  /** Metrics with defaults: no attribution allowed (every attribution is tagged {@code other}). */
  public static BedrockKitMetrics of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder recording on {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(Checks.notNull(registry, "registry"));
  }

  // ---------------------------------------------------------------- events

  @Override
  public void onRequest(RequestEvent e) {
    String attribution = attributionTag(e.attribution());
    if (e.fromCache()) {
      return;
    }
    if (e.degraded()) {
      DegradedKey dk = new DegradedKey(e.operation(), e.templateId(), attribution);
      cached(
              degradedCounters,
              dk,
              k ->
                  Counter.builder(DEGRADED)
                      .description("Degraded answers given because no model could answer")
                      .tags(
                          TAG_OPERATION, operationTag(k.operation),
                          TAG_TEMPLATE, orNone(k.template),
                          TAG_ATTRIBUTION, k.attribution)
                      .register(registry))
          .increment();
      return;
    }
    boolean success = e.outcome() == Outcome.SUCCESS;
    String errorType = success ? null : errorType(e);
    String region = e.region() != null ? e.region() : lastRegion(e.attempts());
    RequestKey key =
        new RequestKey(
            e.operation(),
            e.requestedModelId(),
            e.responseModelId(),
            region,
            errorType,
            e.templateId(),
            attribution);
    RequestMeters m = cached(requestMeters, key, RequestMeters::new);
    m.duration.record(e.latency());
    if (!success) {
      return;
    }
    TokenUsage u = e.usage();
    m.tokens(TOKEN_TYPE_INPUT).record(u.inputTokens());
    if (e.operation() != Operation.EMBED) {
      m.tokens(TOKEN_TYPE_OUTPUT).record(u.outputTokens());
    }
    if (u.cacheReadInputTokens() > 0) {
      m.tokens(TOKEN_TYPE_CACHE_READ).record(u.cacheReadInputTokens());
    }
    if (u.cacheWriteInputTokens() > 0) {
      m.tokens(TOKEN_TYPE_CACHE_WRITE).record(u.cacheWriteInputTokens());
    }
    if (e.costUsd().isPresent()) {
      BigDecimal usd = e.costUsd().get();
      if (usd.signum() > 0) {
        m.cost().increment(usd.doubleValue());
      }
    } else {
      m.pricingUnknown().increment();
    }
    if (e.operation().streaming() && e.timeToFirstToken() != null) {
      recordStream(m, e);
    }
  }

  private void recordStream(RequestMeters m, RequestEvent e) {
    Duration ttft = e.timeToFirstToken();
    m.timeToFirstChunk().record(ttft);
    long afterFirst = e.latency().toNanos() - ttft.toNanos();
    List<Attempt> attempts = e.attempts();
    for (int i = 0; i < attempts.size() - 1; i++) {
      afterFirst -= attempts.get(i).duration().toNanos();
    }
    if (afterFirst <= 0) {
      return;
    }
    if (e.outputChunks() > 1) {
      m.timePerOutputChunk().record(Duration.ofNanos(afterFirst / (e.outputChunks() - 1)));
    }
    if (e.usage().outputTokens() > 0) {
      m.tokensPerSecond().record(e.usage().outputTokens() * 1e9 / afterFirst);
    }
  }

  @Override
  public void onAttempt(AttemptEvent e) {
    Attempt a = e.attempt();
    AttemptKey key = new AttemptKey(e.operation(), a.modelId(), a.region(), a.outcome());
    AttemptMeters m = cached(attemptMeters, key, AttemptMeters::new);
    m.attempts.increment();
    if (m.throttles != null) {
      m.throttles.increment();
    }
  }

  @Override
  public void onFallback(FallbackEvent e) {
    FallbackKey key = new FallbackKey(e.operation(), e.fromModelId(), fallbackReason(e.reason()));
    cached(
            fallbacks,
            key,
            k ->
                Counter.builder(FALLBACKS)
                    .description("Moves of a request to another region or model, by reason")
                    .tags(
                        TAG_OPERATION, operationTag(k.operation),
                        TAG_MODEL, orNone(k.fromModel),
                        TAG_REASON, k.reason)
                    .register(registry))
        .increment();
  }

  @Override
  public void onCircuitStateChange(CircuitEvent e) {
    CircuitKey key = new CircuitKey(e.modelId(), e.region());
    AtomicInteger state =
        cached(
            circuits,
            key,
            k -> {
              AtomicInteger v = new AtomicInteger();
              Gauge.builder(CIRCUIT_STATE, v, AtomicInteger::get)
                  .description(
                      "Circuit breaker state per model and region: 0 closed, 1 half-open, 2 open")
                  .tags(TAG_MODEL, orNone(k.model), TAG_REGION, orNone(k.region))
                  .register(registry);
              return v;
            });
    state.set(circuitValue(e.to()));
  }

  /**
   * Counts a model configuration reload ({@code bedrockkit.config.reloads}) by result: one of
   * {@link MetricNames#RELOAD_OK}, {@link MetricNames#RELOAD_REJECTED},
   * {@link MetricNames#RELOAD_UNAVAILABLE}. Call it from a config listener.
   */
  public void configReloaded(String result) {
    if (!RELOAD_OK.equals(result)
        && !RELOAD_REJECTED.equals(result)
        && !RELOAD_UNAVAILABLE.equals(result)) {
      throw new IllegalArgumentException(
          "result must be one of " + RELOAD_OK + ", " + RELOAD_REJECTED + ", "
              + RELOAD_UNAVAILABLE + " but was " + result);
    }
    cached(
            reloads,
            result,
            r ->
                Counter.builder(CONFIG_RELOADS)
                    .description("Model configuration reloads by result")
                    .tag(TAG_RESULT, r)
                    .register(registry))
        .increment();
  }

  /**
   * A {@link ConfigListener} that counts reloads: {@code ok} for each configuration taken into
   * force, {@code rejected} for each invalid version, {@code unavailable} for each failed read.
   * Give it to {@code ParameterStoreConfigSource.builder().listener(...)}.
   */
  public ConfigListener configListener() {
    return new ConfigListener() {
      @Override
      public void onLoaded(ModelConfig config) {
        configReloaded(RELOAD_OK);
      }

      @Override
      public void onRejected(String version, ConfigurationException error) {
        configReloaded(RELOAD_REJECTED);
      }

      @Override
      public void onUnavailable(Exception error) {
        configReloaded(RELOAD_UNAVAILABLE);
      }
    };
  }

  // ---------------------------------------------------------------- tag values

  /**
   * The {@code reason} tag of {@code bedrockkit.fallbacks} for an attempt outcome: throttled,
   * timeout, unavailable (server errors, not ready, connection and stream errors), circuit_open,
   * bulkhead_full, context_window, not_callable (access denied, not found, disabled) or other.
   */
  public static String fallbackReason(Outcome outcome) {
    if (outcome == null) {
      return REASON_OTHER;
    }
    return switch (outcome) {
      case THROTTLED -> REASON_THROTTLED;
      case TIMEOUT -> REASON_TIMEOUT;
      case SERVER_ERROR, NOT_READY, CONNECTION_ERROR, STREAM_ERROR -> REASON_UNAVAILABLE;
      case CIRCUIT_OPEN -> REASON_CIRCUIT_OPEN;
      case BULKHEAD_FULL -> REASON_BULKHEAD_FULL;
      case CONTEXT_WINDOW_EXCEEDED -> REASON_CONTEXT_WINDOW;
      case ACCESS_DENIED, NOT_FOUND, DISABLED -> REASON_NOT_CALLABLE;
      case SUCCESS, INVALID_REQUEST, FAILED -> REASON_OTHER;
    };
  }

  /** The {@code server.address} of Bedrock Runtime in a region, {@code none} when unknown. */
  public static String serverAddress(String region) {
    if (region == null) {
      return NONE;
    }
    return SERVER_ADDRESS_PREFIX + region
        + (region.startsWith("cn-") ? SERVER_ADDRESS_SUFFIX_CHINA : SERVER_ADDRESS_SUFFIX);
  }

  private static int circuitValue(CircuitState s) {
    return switch (s) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  private String attributionTag(String attribution) {
    if (attribution == null) {
      return NONE;
    }
    if (allowedAttributions.contains(attribution)) {
      return attribution;
    }
    unlisted.increment();
    if (warnedUnlisted.compareAndSet(false, true)) {
      log.warn(
          "Attribution '{}' is not in the metrics allow-list {}; tagging it '{}' to keep tags"
              + " bounded. Add it with BedrockKitMetrics.builder(registry).allowedAttributions(...)"
              + " (logged once)",
          attribution, new java.util.TreeSet<>(allowedAttributions), OTHER);
    }
    return OTHER;
  }

  private static String errorType(RequestEvent e) {
    if (e.errorType() != null) {
      return e.errorType();
    }
    return e.outcome().name().toLowerCase(Locale.ROOT);
  }

  private static String lastRegion(List<Attempt> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).region() != null) {
        return attempts.get(i).region();
      }
    }
    return null;
  }

  private static String operationTag(Operation op) {
    return op.name().toLowerCase(Locale.ROOT);
  }

  private static String orNone(String value) {
    return value == null ? NONE : value;
  }

  // ---------------------------------------------------------------- cached meters

  private record RequestKey(
      Operation operation,
      String requestModel,
      String responseModel,
      String region,
      String errorType,
      String template,
      String attribution) {}

  private record AttemptKey(Operation operation, String model, String region, Outcome outcome) {}

  private record FallbackKey(Operation operation, String fromModel, String reason) {}

  private record CircuitKey(String model, String region) {}

  private record DegradedKey(Operation operation, String template, String attribution) {}

  /** Meters of one tag combination; the rarer ones are registered on first use. */
  private final class RequestMeters {
    final RequestKey key;
    final Tags genAiTags;
    final Timer duration;
    private volatile DistributionSummary input;
    private volatile DistributionSummary output;
    private volatile DistributionSummary cacheRead;
    private volatile DistributionSummary cacheWrite;
    private volatile Timer ttft;
    private volatile Timer perChunk;
    private volatile DistributionSummary tokensPerSecond;
    private volatile Counter cost;
    private volatile Counter pricingUnknown;

    RequestMeters(RequestKey k) {
      this.key = k;
      List<String> kv = new ArrayList<>(16);
      kv.add(OPERATION_NAME);
      kv.add(k.operation.otelName());
      kv.add(PROVIDER_NAME);
      kv.add(PROVIDER_AWS_BEDROCK);
      kv.add(REQUEST_MODEL);
      kv.add(orNone(k.requestModel));
      if (k.responseModel != null || fixedTagKeys) {
        kv.add(RESPONSE_MODEL);
        kv.add(orNone(k.responseModel));
      }
      kv.add(SERVER_ADDRESS);
      kv.add(serverAddress(k.region));
      kv.add(SERVER_PORT);
      kv.add(SERVER_PORT_HTTPS);
      kv.add(TAG_TEMPLATE);
      kv.add(orNone(k.template));
      kv.add(TAG_ATTRIBUTION);
      kv.add(k.attribution);
      this.genAiTags = Tags.of(kv.toArray(String[]::new));
      Tags durationTags = genAiTags;
      if (k.errorType != null || fixedTagKeys) {
        durationTags = durationTags.and(ERROR_TYPE, orNone(k.errorType));
      }
      this.duration =
          timer(OPERATION_DURATION, "Duration of GenAI client operations", durationTags);
    }

    DistributionSummary tokens(String type) {
      return switch (type) {
        case TOKEN_TYPE_INPUT -> input != null ? input : (input = tokenSummary(type));
        case TOKEN_TYPE_OUTPUT -> output != null ? output : (output = tokenSummary(type));
        case TOKEN_TYPE_CACHE_READ ->
            cacheRead != null ? cacheRead : (cacheRead = tokenSummary(type));
        default -> cacheWrite != null ? cacheWrite : (cacheWrite = tokenSummary(type));
      };
    }

    private DistributionSummary tokenSummary(String type) {
      return DistributionSummary.builder(TOKEN_USAGE)
          .description("Tokens used per GenAI client operation, by token type")
          .baseUnit(UNIT_TOKENS)
          .tags(genAiTags.and(TOKEN_TYPE, type))
          .publishPercentiles(percentiles)
          .publishPercentileHistogram(percentileHistogram)
          .register(registry);
    }

    Timer timeToFirstChunk() {
      Timer t = ttft;
      return t != null
          ? t
          : (ttft = timer(TIME_TO_FIRST_CHUNK, "Time to the first chunk of a stream", genAiTags));
    }

    Timer timePerOutputChunk() {
      Timer t = perChunk;
      return t != null
          ? t
          : (perChunk =
              timer(TIME_PER_OUTPUT_CHUNK, "Time per output chunk after the first", genAiTags));
    }

    DistributionSummary tokensPerSecond() {
      DistributionSummary s = tokensPerSecond;
      return s != null
          ? s
          : (tokensPerSecond =
              DistributionSummary.builder(STREAM_OUTPUT_TOKENS_PER_SECOND)
                  .description("Output tokens per second of streamed answers after the first chunk")
                  .baseUnit(UNIT_TOKENS_PER_SECOND)
                  .tags(genAiTags)
                  .publishPercentiles(percentiles)
                  .publishPercentileHistogram(percentileHistogram)
                  .register(registry));
    }

    Counter cost() {
      Counter c = cost;
      return c != null
          ? c
          : (cost =
              Counter.builder(COST)
                  .description("What model calls cost, in USD")
                  .baseUnit(UNIT_USD)
                  .tags(
                      TAG_MODEL, orNone(key.responseModel),
                      TAG_TEMPLATE, orNone(key.template),
                      TAG_ATTRIBUTION, key.attribution)
                  .register(registry));
    }

    Counter pricingUnknown() {
      Counter c = pricingUnknown;
      return c != null
          ? c
          : (pricingUnknown =
              Counter.builder(PRICING_UNKNOWN)
                  .description("Model answers whose cost is unknown (no price for the model)")
                  .tag(TAG_MODEL, orNone(key.responseModel))
                  .register(registry));
    }

    private Timer timer(String name, String description, Tags tags) {
      return Timer.builder(name)
          .description(description)
          .tags(tags)
          .publishPercentiles(percentiles)
          .publishPercentileHistogram(percentileHistogram)
          .serviceLevelObjectives(slos)
          .register(registry);
    }
  }

  private final class AttemptMeters {
    final Counter attempts;
    final Counter throttles;

    AttemptMeters(AttemptKey k) {
      String op = operationTag(k.operation);
      String model = orNone(k.model);
      String region = orNone(k.region);
      this.attempts =
          Counter.builder(ATTEMPTS)
              .description("Calls to one model in one region, by outcome")
              .tags(
                  TAG_OPERATION, op,
                  TAG_MODEL, model,
                  TAG_REGION, region,
                  TAG_OUTCOME, k.outcome.name().toLowerCase(Locale.ROOT))
              .register(registry);
      this.throttles =
          k.outcome == Outcome.THROTTLED
              ? Counter.builder(THROTTLES)
                  .description("Throttled calls")
                  .tags(TAG_OPERATION, op, TAG_MODEL, model, TAG_REGION, region)
                  .register(registry)
              : null;
    }
  }

  /** Builds {@link BedrockKitMetrics}. Not thread-safe. */
  public static final class Builder {
    private final MeterRegistry registry;
    private final List<String> allowedAttributions = new ArrayList<>();
    private boolean fixedTagKeys = true;
    private double[] percentiles = new double[0];
    private boolean percentileHistogram;
    private Duration[] slos = new Duration[0];

    private Builder(MeterRegistry registry) {
      this.registry = registry;
    }

    /**
     * Attribution values that may appear as the {@code attribution} tag (e.g. team or feature
     * names); any other value is tagged {@code other}. Never put user IDs here.
     */
    public Builder allowedAttributions(Collection<String> values) {
      Checks.notNull(values, "allowedAttributions");
      for (String v : values) {
        Checks.notBlank(v, "allowedAttributions value");
        if (v.equals(NONE) || v.equals(OTHER)) {
          throw new IllegalArgumentException(
              "allowedAttributions cannot contain '" + v + "': it is reserved for requests"
                  + " without an attribution (none) or with an unlisted one (other)");
        }
        allowedAttributions.add(v);
      }
      return this;
    }

    /** Shortcut for {@link #allowedAttributions(Collection)}. */
    public Builder allowedAttributions(String... values) {
      return allowedAttributions(List.of(values));
    }

    /**
     * Whether every meter of a name carries the same tag keys (default true), using
     * {@code none} for an absent {@code error.type} or {@code gen_ai.response.model}.
     * Prometheus requires it; turn it off for backends that accept varying keys.
     */
    public Builder fixedTagKeys(boolean fixed) {
      this.fixedTagKeys = fixed;
      return this;
    }

    /** Client-side percentiles of timers and summaries, e.g. {@code 0.5, 0.95, 0.99}. */
    public Builder percentiles(double... percentiles) {
      Checks.notNull(percentiles, "percentiles");
      for (double p : percentiles) {
        Checks.between(p, 0, 1, "percentile");
      }
      this.percentiles = percentiles.clone();
      return this;
    }

    /** Whether to publish histogram buckets of timers and summaries (default false). */
    public Builder percentileHistogram(boolean enabled) {
      this.percentileHistogram = enabled;
      return this;
    }

    /** Histogram bucket boundaries of the duration and stream timers, e.g. your latency SLOs. */
    public Builder serviceLevelObjectives(Duration... slos) {
      Checks.notNull(slos, "serviceLevelObjectives");
      for (Duration d : slos) {
        Checks.positive(d, "serviceLevelObjective");
      }
      this.slos = slos.clone();
      return this;
    }

    /** Builds the listener; add it with {@code BedrockKit.builder().listener(...)}. */
    public BedrockKitMetrics build() {
      return new BedrockKitMetrics(this);
    }
  }

  /** A get first: computeIfAbsent locks a bin even when the key is present. */
  private static <K, V> V cached(ConcurrentMap<K, V> map, K key, Function<K, V> create) {
    V v = map.get(key);
    return v != null ? v : map.computeIfAbsent(key, create);
  }
}
