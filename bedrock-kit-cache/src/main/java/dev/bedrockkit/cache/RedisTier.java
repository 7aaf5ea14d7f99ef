package dev.bedrockkit.cache;

import dev.bedrockkit.cache.internal.RedisStore;
import dev.bedrockkit.internal.Checks;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.time.Duration;

/**
 * The Redis tier shared by every task of a service: one Lettuce connection, its settings, and
 * what it keeps. Give the same instance to an {@link ExactCache} and a {@link SemanticCache} to
 * share the connection.
 *
 * <p>Redis never fails or slows a request: a command that takes longer than {@link
 * Builder#timeout(Duration)} (default {@value #DEFAULT_TIMEOUT_MILLIS} ms), or any failure, is
 * a miss; it is counted ({@code bedrockkit.cache.requests{tier=redis,result=error}} and {@code
 * bedrockkit.optional.failures{component=cache.redis}}) and logged once per outage. While
 * disconnected, commands are refused at once rather than queued, and the connection comes back by
 * itself. Redis may even be down when the service starts.
 *
 * <p>Values are versioned envelopes (format version, then JSON, deflated above {@link
 * Builder#compressAbove(int)} bytes); a value this release cannot read is a miss, never an error.
 * Keys look like {@code <prefix>x:<scope hash>:<template hash>:<request hash>}; tenant and user
 * ids appear only hashed.
 *
 * <p>Thread-safe. Close it when the service stops (after the caches that use it).
 */
public final class RedisTier implements AutoCloseable {
  /** Default time an exact answer stays fresh in Redis. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  /** Longest {@link Builder#ttl(Duration)}. */
  public static final Duration MAX_TTL = Duration.ofHours(2);
  /** Default time an answer is kept after it stops being fresh, for degraded mode. */
  public static final Duration DEFAULT_STALE_FOR = Duration.ofHours(1);
  /** Default request-path timeout, in milliseconds. */
  public static final long DEFAULT_TIMEOUT_MILLIS = 75;
  /** Default key prefix. */
  public static final String DEFAULT_KEY_PREFIX = "bedrock-kit:cache:";
  /** Default size above which values are deflated. */
  public static final int DEFAULT_COMPRESS_ABOVE = 512;

  private final RedisStore store;
  private final Duration ttl;
  private final Duration staleFor;
  private final Duration timeout;
  private final int compressAbove;

  private RedisTier(Builder b) {
    this.ttl = b.ttl;
    this.staleFor = b.staleFor;
    this.timeout = b.timeout;
    this.compressAbove = b.compressAbove;
    RedisURI uri = b.uri != null ? RedisURI.create(b.uri) : null;
    if (uri == null) {
      throw new IllegalArgumentException(
          "RedisTier needs a Redis URI, e.g. builder().uri(\"redis://cache.internal:6379\")");
    }
    this.store = new RedisStore(b.client, uri, b.keyPrefix, b.timeout, b.registry);
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** How long an answer stays fresh. */
  public Duration ttl() {
    return ttl;
  }

  /** How long an answer is kept after it stops being fresh, for degraded answers. */
  public Duration staleFor() {
    return staleFor;
  }

  /** The request-path timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Whether the connection is up now. */
  public boolean isConnected() {
    return store.connected();
  }

  int compressAbove() {
    return compressAbove;
  }

  RedisStore store() {
    return store;
  }

  /** Closes the connection (and the Lettuce client, unless it was given). */
  @Override
  public void close() {
    store.close();
  }

  /**
   * Builds a {@link RedisTier}. Not thread-safe; each {@link #build()} opens its own connection.
   */
  public static final class Builder {
    private String uri;
    private RedisClient client;
    private Duration ttl = DEFAULT_TTL;
    private Duration staleFor = DEFAULT_STALE_FOR;
    private Duration timeout = Duration.ofMillis(DEFAULT_TIMEOUT_MILLIS);
    private String keyPrefix = DEFAULT_KEY_PREFIX;
    private int compressAbove = DEFAULT_COMPRESS_ABOVE;
    private MeterRegistry registry = Metrics.globalRegistry;

    private Builder() {}

    /**
     * Where Redis is, e.g. {@code redis://cache.internal:6379/0} or {@code rediss://...} for TLS
     * (ElastiCache with in-transit encryption). Required.
     */
    public Builder uri(String uri) {
      this.uri = Checks.notBlank(uri, "uri");
      return this;
    }

    /**
     * Use this Lettuce client (its resources and options are yours; this tier sets the options
     * it needs on it and never shuts it down). By default the tier creates and owns one.
     */
    public Builder client(RedisClient client) {
      this.client = Checks.notNull(client, "client");
      return this;
    }

    /**
     * How long an answer stays fresh, up to {@link #MAX_TTL}; default {@link #DEFAULT_TTL}.
     * Answers are usually kept 15 minutes to 2 hours.
     */
    public Builder ttl(Duration ttl) {
      Checks.positive(ttl, "ttl");
      if (ttl.compareTo(MAX_TTL) > 0) {
        throw new IllegalArgumentException("ttl must be <= " + MAX_TTL + " but was " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * How long an answer is kept after it stops being fresh, only to answer in degraded mode
     * ({@code lastKnown}); default {@link #DEFAULT_STALE_FOR}, zero to keep nothing stale.
     */
    public Builder staleFor(Duration staleFor) {
      this.staleFor = Checks.notNegative(staleFor, "staleFor");
      return this;
    }

    /**
     * Longest wait for Redis on the request path, default {@value #DEFAULT_TIMEOUT_MILLIS} ms;
     * between 1 ms and 5 s.
     */
    public Builder timeout(Duration timeout) {
      Checks.positive(timeout, "timeout");
      if (timeout.compareTo(Duration.ofSeconds(5)) > 0) {
        throw new IllegalArgumentException("timeout must be <= PT5S but was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** Prefix of every key and of the invalidation channel; default {@value #DEFAULT_KEY_PREFIX}. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Checks.notBlank(keyPrefix, "keyPrefix");
      return this;
    }

    /** Values longer than this many bytes are deflated; default {@value #DEFAULT_COMPRESS_ABOVE}. */
    public Builder compressAbove(int bytes) {
      this.compressAbove = Checks.notNegative(bytes, "compressAbove");
      return this;
    }

    /** Where Redis failures are counted; default the global registry. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Checks.notNull(registry, "meterRegistry");
      return this;
    }

    /** Connects (in the background) and returns the tier. */
    public RedisTier build() {
      return new RedisTier(this);
    }
  }
}
