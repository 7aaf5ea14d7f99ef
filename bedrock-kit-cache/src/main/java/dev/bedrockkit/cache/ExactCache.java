package dev.bedrockkit.cache;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.internal.CacheMetrics;
import dev.bedrockkit.cache.internal.CacheMetrics.Tier;
import dev.bedrockkit.cache.internal.ExactKey;
import dev.bedrockkit.cache.internal.ExactTier;
import dev.bedrockkit.cache.internal.LocalTier;
import dev.bedrockkit.cache.internal.RedisStore;
import dev.bedrockkit.cache.internal.SingleFlight;
import dev.bedrockkit.cache.internal.SingleFlight.Shared;
import dev.bedrockkit.cache.internal.Tags;
import dev.bedrockkit.internal.Checks;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request again only when it is exactly the same request: same scope, chain or model,
 * system prompt, every message block (images and documents by their hash), inference
 * parameters, tools and output schema, additional model fields, latency optimisation, and
 * template id, version and values. Attribution and deadline do not change the key.
 *
 * <p>Two tiers: an in-process Caffeine cache (size-bounded, default TTL 15 minutes) and,
 * optionally, a {@link RedisTier} shared by every task. A lookup never crosses {@linkplain
 * CacheScope scopes}; requests without a scope, or with a temperature above the {@link
 * CachePolicy}'s threshold, bypass the cache. Concurrent identical misses make one model call.
 * Hits are {@link ChatResponse#asCached(Duration) marked as cached}; their original cost is
 * counted as saved ({@code bedrockkit.cache.saved.cost}).
 *
 * <pre>{@code
 * RedisTier redis = RedisTier.builder().uri("redis://cache.internal:6379").build();
 * ExactCache cache = ExactCache.builder().redis(redis).meterRegistry(registry).build();
 * BedrockKit kit = BedrockKit.builder().client(client).responseCache(cache).build();
 * kit.chat(ChatRequest.builder().user("...").cacheScope(CacheScope.tenant("acme")).build());
 * }</pre>
 *
 * <p>Thread-safe. The cache never fails a request: an internal error is logged once and the
 * request goes to the model.
 */
public final class ExactCache implements ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(ExactCache.class);

  /** Default in-process TTL. */
  public static final Duration DEFAULT_LOCAL_TTL = Duration.ofMinutes(15);
  /** Default in-process size bound. */
  public static final long DEFAULT_LOCAL_MAX_ENTRIES = 10_000;
  /** Default time a local answer is kept after it stops being fresh, for degraded mode. */
  public static final Duration DEFAULT_LOCAL_STALE_FOR = Duration.ofHours(1);

  private final CachePolicy policy;
  private final ExactTier tier;
  private final SingleFlight<ExactKey> flight = new SingleFlight<>();
  private final AtomicBoolean failureLogged = new AtomicBoolean();

  private ExactCache(Builder b) {
    this.policy = b.policy;
    CacheMetrics metrics = new CacheMetrics(b.registry);
    RedisTier redis = b.redis;
    this.tier =
        new ExactTier(
            new LocalTier(b.localMaxEntries, b.clock),
            b.localTtl,
            b.localStaleFor,
            redis == null ? null : redis.store(),
            redis == null ? Duration.ZERO : redis.ttl(),
            redis == null ? Duration.ZERO : redis.staleFor(),
            redis == null ? 0 : redis.compressAbove(),
            b.clock,
            metrics);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** An in-process cache with the defaults and no Redis tier. */
  public static ExactCache ofDefaults() {
    return builder().build();
  }

  @Override
  public CompletableFuture<ChatResponse> get(
      ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader) {
    Checks.notNull(request, "request");
    Checks.notNull(loader, "loader");
    if (!policy.cacheable(request)) {
      return loader.apply(request);
    }
    long start = System.nanoTime();
    ExactKey key;
    try {
      key = ExactKey.of(request);
      ChatResponse hit = tier.lookupLocal(key);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit.asCached(since(start)));
      }
    } catch (RuntimeException e) {
      failed(e);
      return loader.apply(request);
    }
    return flight.run(
        key, () -> lead(request, key, loader, start), shared -> follow(shared, start));
  }

  private CompletableFuture<Shared> lead(
      ChatRequest request,
      ExactKey key,
      Function<ChatRequest, CompletableFuture<ChatResponse>> loader,
      long start) {
    try {
      ChatResponse remote = tier.lookupRedis(key);
      if (remote != null) {
        return CompletableFuture.completedFuture(
            new Shared(remote, remote.asCached(since(start))));
      }
    } catch (RuntimeException e) {
      failed(e);
    }
    return loader
        .apply(request)
        .thenApply(
            answer -> {
              storeQuietly(key, answer);
              return new Shared(answer, answer);
            });
  }

  private ChatResponse follow(Shared shared, long start) {
    ChatResponse original = shared.original();
    if (original.degraded()) {
      return original;
    }
    tier.metrics().hit(Tier.IN_FLIGHT, original);
    return original.asCached(since(start));
  }

  @Override
  public Optional<ChatResponse> lookup(ChatRequest request) {
    Checks.notNull(request, "request");
    if (!policy.cacheable(request)) {
      return Optional.empty();
    }
    long start = System.nanoTime();
    try {
      ExactKey key = ExactKey.of(request);
      ChatResponse hit = tier.lookupLocal(key);
      if (hit == null) {
        hit = tier.lookupRedis(key);
      }
      return hit == null ? Optional.empty() : Optional.of(hit.asCached(since(start)));
    } catch (RuntimeException e) {
      failed(e);
      return Optional.empty();
    }
  }

  @Override
  public void store(ChatRequest request, ChatResponse response) {
    Checks.notNull(request, "request");
    Checks.notNull(response, "response");
    if (!policy.cacheable(request)) {
      return;
    }
    try {
      storeQuietly(ExactKey.of(request), response);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  private void storeQuietly(ExactKey key, ChatResponse answer) {
    if (!policy.cacheable(answer)) {
      return;
    }
    try {
      tier.store(key, answer);
    } catch (RuntimeException e) {
      failed(e);
    }
  }

  /**
   * The last answer known for {@code request}, even stale (kept {@code staleFor} after it stopped
   * being fresh, locally and in Redis), for a degraded answer when no model can answer.
   */
  @Override
  public Optional<ChatResponse> lastKnown(ChatRequest request) {
    Checks.notNull(request, "request");
    if (request.cacheScope() == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(tier.lastKnown(ExactKey.of(request)));
    } catch (RuntimeException e) {
      failed(e);
      return Optional.empty();
    }
  }

  /**
   * Drops every answer of {@code scope}: here at once, in Redis (SCAN + UNLINK) and in the other
   * tasks (broadcast) when the future completes.
   */
  public CompletableFuture<Void> invalidate(CacheScope scope) {
    Checks.notNull(scope, "scope");
    return tier.invalidate(new RedisStore.Invalidation("x", Tags.scope(scope), null, null));
  }

  /** Drops every answer of one version of a template, in every scope. */
  public CompletableFuture<Void> invalidateTemplate(String templateId, String templateVersion) {
    Checks.notBlank(templateId, "templateId");
    Checks.notBlank(templateVersion, "templateVersion");
    return tier.invalidate(
        new RedisStore.Invalidation(
            "x", null, Tags.templateId(templateId), Tags.templateVersion(templateVersion)));
  }

  /** Drops every answer of every version of a template, in every scope. */
  public CompletableFuture<Void> invalidateTemplate(String templateId) {
    Checks.notBlank(templateId, "templateId");
    return tier.invalidate(
        new RedisStore.Invalidation("x", null, Tags.templateId(templateId), null));
  }

  /** Answers held in process now (fresh or stale). */
  public long localSize() {
    return tier.local().size();
  }

  CachePolicy policy() {
    return policy;
  }

  ExactTier tier() {
    return tier;
  }

  SingleFlight<ExactKey> flight() {
    return flight;
  }

  private void failed(RuntimeException e) {
    if (failureLogged.compareAndSet(false, true)) {
      log.warn("Exact response cache failed; the request goes to the model (logged once)", e);
    } else {
      log.debug("Exact response cache failed", e);
    }
  }

  static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Builds an {@link ExactCache}. Not thread-safe; each {@link #build()} returns an independent
   * cache.
   */
  public static final class Builder {
    private CachePolicy policy = CachePolicy.ofDefaults();
    private long localMaxEntries = DEFAULT_LOCAL_MAX_ENTRIES;
    private Duration localTtl = DEFAULT_LOCAL_TTL;
    private Duration localStaleFor = DEFAULT_LOCAL_STALE_FOR;
    private RedisTier redis;
    private MeterRegistry registry = Metrics.globalRegistry;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** What is cacheable; default {@link CachePolicy#ofDefaults()}. */
    public Builder policy(CachePolicy policy) {
      this.policy = Checks.notNull(policy, "policy");
      return this;
    }

    /**
     * Size bound of the in-process tier (fresh and stale answers together); default {@value
     * #DEFAULT_LOCAL_MAX_ENTRIES}, 0 for no in-process tier.
     */
    public Builder localMaxEntries(long maxEntries) {
      if (maxEntries < 0) {
        throw new IllegalArgumentException("localMaxEntries must be >= 0 but was " + maxEntries);
      }
      this.localMaxEntries = maxEntries;
      return this;
    }

    /** How long an answer stays fresh in process; default 15 minutes. */
    public Builder localTtl(Duration ttl) {
      this.localTtl = Checks.positive(ttl, "localTtl");
      return this;
    }

    /**
     * How long an in-process answer is kept after it stops being fresh, only for {@link
     * #lastKnown}; default 1 hour, zero to keep nothing stale.
     */
    public Builder localStaleFor(Duration staleFor) {
      this.localStaleFor = Checks.notNegative(staleFor, "localStaleFor");
      return this;
    }

    /** Share answers between tasks through Redis. */
    public Builder redis(RedisTier redis) {
      this.redis = Checks.notNull(redis, "redis");
      return this;
    }

    /** Where hits, misses and saved cost are counted; default the global registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Checks.notNull(registry, "meterRegistry");
      return this;
    }

    /** The clock of freshness (tests inject their own); default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public ExactCache build() {
      return new ExactCache(this);
    }
  }
}
