package dev.bedrockkit.cache;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.internal.CacheMetrics;
import dev.bedrockkit.cache.internal.CacheMetrics.Tier;
import dev.bedrockkit.cache.internal.ExactKey;
import dev.bedrockkit.cache.internal.RedisStore;
import dev.bedrockkit.cache.internal.SemanticTier;
import dev.bedrockkit.cache.internal.SingleFlight;
import dev.bedrockkit.cache.internal.SingleFlight.Shared;
import dev.bedrockkit.cache.internal.Tags;
import dev.bedrockkit.internal.Checks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a question with the cached answer to an earlier question that means the same, within
 * the same exact context: same scope, model or chain, system prompt, parameters, template
 * version and typed template values. Only free text is compared by meaning.
 *
 * <p>Opt-in, per template: {@code template("faq", 0.92, "question")} lets requests of template
 * {@code faq} be answered semantically when the value of its {@code question} placeholder is at
 * least 0.92 similar (cosine) to a cached one; every other placeholder value must match exactly.
 * {@link Builder#untemplated()} opts in requests built by hand, comparing their whole user text.
 * Only single-turn requests of text without tools are eligible; everything else goes to the
 * model (or to the {@link ExactCache} in a {@link TieredCache}).
 *
 * <p>Embeddings blur exactly what changes an answer, so a similar question is served only when
 * lexical guards find no difference in numbers ({@code 2+2} vs {@code 2+3}, {@code order 1234}
 * vs {@code 1235}), units, negation ({@code cancel} vs {@code do not cancel}), names, dates or
 * opposite words ({@code enable} vs {@code disable}); a refused candidate is counted {@code
 * bedrockkit.cache.requests{tier=semantic,result=rejected}}. The default threshold {@value
 * #DEFAULT_THRESHOLD} keeps precision at or above 0.99 on this module's labelled evaluation set
 * with the {@link LocalEmbedder}; measure again before changing the embedder.
 *
 * <p>Vectors live in memory (int8, size-bounded, oldest out first, TTL); with a {@link RedisTier}
 * every task's new entries are shared through Redis streams, so an answer stored by one task is
 * found by all.
 *
 * <p>Thread-safe. Never fails a request: an embedder or Redis failure is a counted miss.
 */
public final class SemanticCache implements ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(SemanticCache.class);

  /**
   * Default similarity threshold, calibrated on the evaluation set with {@link LocalEmbedder}:
   * see the module README for the precision and recall at each threshold.
   */
  public static final double DEFAULT_THRESHOLD = 0.90;
  /** Default bound of entries in memory (all partitions together). */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;
  /** Default time an entry is served. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);

  private final CachePolicy policy;
  private final SemanticTier tier;
  private final SingleFlight<ExactKey> flight = new SingleFlight<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private SemanticCache(Builder b) {
    this.policy = b.policy;
    RedisTier redis = b.redis;
    this.tier =
        new SemanticTier(
            b.embedder,
            b.templates,
            b.untemplated,
            b.policy,
            b.maxEntries,
            b.ttl,
            redis == null ? null : redis.store(),
            redis == null ? Integer.MAX_VALUE : redis.compressAbove(),
            b.clock,
            new CacheMetrics(b.registry));
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletableFuture<ChatResponse> get(
      ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader) {
    Checks.notNull(request, "request");
    Checks.notNull(loader, "loader");
    SemanticTier.Query q;
    ExactKey key;
    try {
      q = tier.query(request);
      if (q == null) {
        return loader.apply(request);
      }
      key = ExactKey.of(request);
    } catch (RuntimeException e) {
      failed(e);
      return loader.apply(request);
    }
    long start = System.nanoTime();
    return flight.run(
        key,
        () -> {
          SemanticTier.Hit hit = lookupQuietly(q);
          if (hit != null) {
            return CompletableFuture.completedFuture(
                new Shared(hit.original(), hit.original().asCached(ExactCache.since(start))));
          }
          return loader.apply(request).thenApply(answer -> {
            storeQuietly(q, answer);
            return new Shared(answer, answer);
          });
        },
        shared -> {
          ChatResponse original = shared.original();
          if (original.degraded()) {
            return original;
          }
          tier.metrics().hit(Tier.IN_FLIGHT, original);
          return original.asCached(ExactCache.since(start));
        });
  }

  @Override
  public Optional<ChatResponse> lookup(ChatRequest request) {
    Checks.notNull(request, "request");
    long start = System.nanoTime();
    try {
      SemanticTier.Query q = tier.query(request);
      if (q == null) {
        return Optional.empty();
      }
      SemanticTier.Hit hit = tier.lookup(q);
      return hit == null
          ? Optional.empty()
          : Optional.of(hit.original().asCached(ExactCache.since(start)));
    } catch (RuntimeException e) {
      failed(e);
      return Optional.empty();
    }
  }

  @Override
  public void store(ChatRequest request, ChatResponse response) {
    Checks.notNull(request, "request");
    Checks.notNull(response, "response");
    try {
      SemanticTier.Query q = tier.query(request);
      if (q != null) {
        storeQuietly(q, response);
      }
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /** Whether the semantic cache may answer {@code request} (scope, shape, opt-in). */
  public boolean eligible(ChatRequest request) {
    return tier.query(request) != null;
  }

  /** Drops every entry of {@code scope} here, in Redis and in the other tasks. */
  public CompletableFuture<Void> invalidate(CacheScope scope) {
    Checks.notNull(scope, "scope");
    return tier.invalidate(new RedisStore.Invalidation("s", Tags.scope(scope), null, null));
  }

  /** Drops every entry of one version of a template. */
  public CompletableFuture<Void> invalidateTemplate(String templateId, String templateVersion) {
    Checks.notBlank(templateId, "templateId");
    Checks.notBlank(templateVersion, "templateVersion");
    return tier.invalidate(
        new RedisStore.Invalidation(
            "s", null, Tags.templateId(templateId), Tags.templateVersion(templateVersion)));
  }

  /** Drops every entry of every version of a template. */
  public CompletableFuture<Void> invalidateTemplate(String templateId) {
    Checks.notBlank(templateId, "templateId");
    return tier.invalidate(
        new RedisStore.Invalidation("s", null, Tags.templateId(templateId), null));
  }

  /** Entries held in memory now. */
  public int size() {
    return tier.index().size();
  }

  SemanticTier tier() {
    return tier;
  }

  CachePolicy policy() {
    return policy;
  }

  SemanticTier.Hit lookupQuietly(SemanticTier.Query q) {
    try {
      return tier.lookup(q);
    } catch (RuntimeException e) {
      failed(e);
      return null;
    }
  }

  void storeQuietly(SemanticTier.Query q, ChatResponse answer) {
    if (!policy.cacheable(answer)) {
      return;
    }
    try {
      tier.store(q, answer);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void failed(RuntimeException e) {
    if (failureLogged.compareAndSet(false, true)) {
      log.warn("Semantic response cache failed; the request goes on without it (logged once)", e);
    } else {
      log.debug("Semantic response cache failed", e);
    }
  }

  /**
   * Builds a {@link SemanticCache}. Not thread-safe; each {@link #build()} returns an independent
   * cache.
   */
  public static final class Builder {
    private Embedder embedder;
    private final Map<String, SemanticTier.Rule> templates = new LinkedHashMap<>();
    private SemanticTier.Rule untemplated;
    private CachePolicy policy = CachePolicy.ofDefaults();
    private int maxEntries = DEFAULT_MAX_ENTRIES;
    private Duration ttl = DEFAULT_TTL;
    private RedisTier redis;
    private MeterRegistry registry = Metrics.globalRegistry;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The embedding model, e.g. {@link LocalEmbedder#create()}. Required. */
    public Builder embedder(Embedder embedder) {
      this.embedder = Checks.notNull(embedder, "embedder");
      return this;
    }

    /**
     * Opts template {@code templateId} in, with the {@linkplain #DEFAULT_THRESHOLD default
     * threshold}. {@code freeTextPlaceholders} name the placeholders compared by meaning (at
     * least one); every other placeholder value must match exactly.
     */
    public Builder template(String templateId, String... freeTextPlaceholders) {
      return template(templateId, DEFAULT_THRESHOLD, freeTextPlaceholders);
    }

    /** Opts template {@code templateId} in, with its own threshold in (0, 1]. */
    public Builder template(String templateId, double threshold, String... freeTextPlaceholders) {
      Checks.notBlank(templateId, "templateId");
      checkThreshold(threshold);
      Checks.notNull(freeTextPlaceholders, "freeTextPlaceholders");
      if (freeTextPlaceholders.length == 0) {
        throw new IllegalArgumentException(
            "template '" + templateId + "' needs at least one free-text placeholder to compare by"
                + " meaning, e.g. template(\"" + templateId + "\", \"question\")");
      }
      for (String p : freeTextPlaceholders) {
        Checks.notBlank(p, "freeTextPlaceholders");
      }
      templates.put(templateId, new SemanticTier.Rule(threshold, List.of(freeTextPlaceholders)));
      return this;
    }

    /**
     * Opts in requests that do not come from a template (their whole user text is compared), with
     * the default threshold.
     */
    public Builder untemplated() {
      return untemplated(DEFAULT_THRESHOLD);
    }

    /** Opts in requests that do not come from a template, with this threshold in (0, 1]. */
    public Builder untemplated(double threshold) {
      checkThreshold(threshold);
      this.untemplated = new SemanticTier.Rule(threshold, List.of());
      return this;
    }

    /** What is cacheable; default {@link CachePolicy#ofDefaults()}. */
    public Builder policy(CachePolicy policy) {
      this.policy = Checks.notNull(policy, "policy");
      return this;
    }

    /** Bound of entries in memory; default {@value #DEFAULT_MAX_ENTRIES}. */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = Checks.positive(maxEntries, "maxEntries");
      return this;
    }

    /** How long an entry is served; default 1 hour. */
    public Builder ttl(Duration ttl) {
      this.ttl = Checks.positive(ttl, "ttl");
      return this;
    }

    /** Share entries with the other tasks through Redis. */
    public Builder redis(RedisTier redis) {
      this.redis = Checks.notNull(redis, "redis");
      return this;
    }

    /** Where hits, misses, rejections and saved cost are counted; default the global registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Checks.notNull(registry, "meterRegistry");
      return this;
    }

    /** The clock of expiry (tests inject their own); default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Builds the cache.
     *
     * @throws IllegalStateException without an embedder or without any opt-in
     */
    public SemanticCache build() {
      if (embedder == null) {
        throw new IllegalStateException(
            "SemanticCache needs an embedder, e.g. builder().embedder(LocalEmbedder.create())");
      }
      if (templates.isEmpty() && untemplated == null) {
        throw new IllegalStateException(
            "SemanticCache answers nothing until a template opts in, e.g."
                + " builder().template(\"faq\", \"question\"), or untemplated()");
      }
      return new SemanticCache(this);
    }

    private static void checkThreshold(double threshold) {
      if (!(threshold > 0 && threshold <= 1)) {
        throw new IllegalArgumentException(
            "threshold must be > 0.0 and <= 1.0 but was " + threshold);
      }
    }
  }
}
