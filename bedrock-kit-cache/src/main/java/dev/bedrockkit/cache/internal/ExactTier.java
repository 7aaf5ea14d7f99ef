package dev.bedrockkit.cache.internal;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.internal.CacheMetrics.Result;
import dev.bedrockkit.cache.internal.CacheMetrics.Tier;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: the exact cache's two tiers and what moves between them. Local first; on a local miss
 * Redis, whose hit is copied into the local tier for the rest of its freshness. Stores go to both
 * (Redis in the background). Each Redis value is an {@link Envelope}; an unreadable one is a miss,
 * counted {@code invalid}.
 *
 * <p>Redis keeps each answer {@code ttl + staleFor}, but only the first {@code ttl} is fresh; the
 * rest serves {@link #lastKnown} (degraded answers). The local tier does the same with its own TTL.
 *
 * <p>Thread-safe.
 */
public final class ExactTier {
  private static final Logger log = LoggerFactory.getLogger(ExactTier.class);

  private final LocalTier local;
  private final Duration localTtl;
  private final Duration localStaleFor;
  private final RedisStore redis;
  private final Duration redisTtl;
  private final Duration redisStaleFor;
  private final int compressAbove;
  private final Clock clock;
  private final CacheMetrics metrics;

  public ExactTier(
      LocalTier local,
      Duration localTtl,
      Duration localStaleFor,
      RedisStore redis,
      Duration redisTtl,
      Duration redisStaleFor,
      int compressAbove,
      Clock clock,
      CacheMetrics metrics) {
    this.local = local;
    this.localTtl = localTtl;
    this.localStaleFor = localStaleFor;
    this.redis = redis;
    this.redisTtl = redisTtl;
    this.redisStaleFor = redisStaleFor;
    this.compressAbove = compressAbove;
    this.clock = clock;
    this.metrics = metrics;
    if (redis != null) {
      redis.onInvalidation(this::invalidateLocally);
      redis.onMissedInvalidations(local::clear);
    }
  }

  public Clock clock() {
    return clock;
  }

  public CacheMetrics metrics() {
    return metrics;
  }

  /** A fresh local answer (the original, not yet marked cached), counted; or null. */
  public ChatResponse lookupLocal(ExactKey key) {
    if (!local.enabled()) {
      return null;
    }
    LocalTier.Entry e = local.get(key);
    if (e != null && e.freshAt(clock.millis())) {
      metrics.hit(Tier.LOCAL, e.response());
      return e.response();
    }
    metrics.count(Tier.LOCAL, Result.MISS);
    return null;
  }

  /** A fresh Redis answer (copied into the local tier), counted; or null on a miss or failure. */
  public ChatResponse lookupRedis(ExactKey key) {
    if (redis == null) {
      return null;
    }
    Envelope.Stored stored = readRedis(key, false);
    if (stored == null) {
      return null;
    }
    metrics.hit(Tier.REDIS, stored.response());
    long now = clock.millis();
    long freshUntil = Math.min(stored.freshUntilMillis(), now + localTtl.toMillis());
    local.put(key, stored.response(), freshUntil, freshUntil + localStaleFor.toMillis());
    return stored.response();
  }

  private Envelope.Stored readRedis(ExactKey key, boolean staleOk) {
    byte[] value;
    try {
      value = redis.get(redisKey(key));
    } catch (RedisStore.Failure e) {
      if (!staleOk) {
        metrics.count(Tier.REDIS, Result.ERROR);
      }
      return null;
    }
    if (value == null) {
      if (!staleOk) {
        metrics.count(Tier.REDIS, Result.MISS);
      }
      return null;
    }
    Envelope.Stored stored;
    try {
      stored = Envelope.decode(value);
    } catch (Envelope.Unreadable e) {
      metrics.count(Tier.REDIS, Result.INVALID);
      log.debug("Unreadable response-cache value in Redis ({}); treated as a miss", e.getMessage());
      return null;
    }
    if (!staleOk && clock.millis() >= stored.freshUntilMillis()) {
      metrics.count(Tier.REDIS, Result.MISS);
      return null;
    }
    return stored;
  }

  /** Stores an answer the caller has checked is cacheable. */
  public void store(ExactKey key, ChatResponse response) {
    long now = clock.millis();
    long localFresh = now + localTtl.toMillis();
    local.put(key, response, localFresh, localFresh + localStaleFor.toMillis());
    if (redis != null) {
      long freshUntil = now + redisTtl.toMillis();
      byte[] value;
      try {
        value = Envelope.encode(response, now, freshUntil, null, compressAbove);
      } catch (RuntimeException e) {
        log.warn("Cannot encode an answer for the Redis response cache; kept in process only", e);
        return;
      }
      redis.set(redisKey(key), value, redisTtl.plus(redisStaleFor));
    }
  }

  /** The last answer known for the key, fresh or stale, from either tier; or null. */
  public ChatResponse lastKnown(ExactKey key) {
    LocalTier.Entry e = local.get(key);
    if (e != null) {
      return e.response();
    }
    if (redis != null) {
      Envelope.Stored stored = readRedis(key, true);
      if (stored != null) {
        return stored.response();
      }
    }
    return null;
  }

  /** Removes matching entries here, in Redis, and (by broadcast) in every other task. */
  public CompletableFuture<Void> invalidate(RedisStore.Invalidation what) {
    invalidateLocally(what);
    if (redis == null) {
      return CompletableFuture.completedFuture(null);
    }
    // Again once Redis is clean: a lookup running meanwhile may have copied an entry back.
    return redis.invalidate(what).thenRun(() -> invalidateLocally(what));
  }

  private void invalidateLocally(RedisStore.Invalidation what) {
    if (what.kinds().indexOf('x') < 0) {
      return;
    }
    Map<CacheScope, String> scopeTags = new HashMap<>();
    Map<String, String> templateTags = new HashMap<>();
    local.removeIf(
        k ->
            what.matches(
                'x',
                scopeTags.computeIfAbsent(k.scope(), Tags::scope),
                templateTags.computeIfAbsent(
                    k.templateId() + "\u0000" + k.templateVersion(),
                    x -> Tags.template(k.templateId(), k.templateVersion()))));
  }

  /** {@code <prefix>x:<scope tag>:<template tag>:<sha-256>}. */
  public String redisKey(ExactKey key) {
    return redis.prefix()
        + "x:"
        + Tags.scope(key.scope())
        + ":"
        + Tags.template(key.templateId(), key.templateVersion())
        + ":"
        + key.hex();
  }

  public LocalTier local() {
    return local;
  }
}
