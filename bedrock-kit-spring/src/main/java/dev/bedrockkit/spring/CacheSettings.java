package dev.bedrockkit.spring;

import dev.bedrockkit.cache.CachePolicy;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.spring.BedrockKitProperties.Cache;
import dev.bedrockkit.spring.BedrockKitProperties.InProcess;
import dev.bedrockkit.spring.BedrockKitProperties.Redis;
import dev.bedrockkit.spring.BedrockKitProperties.Semantic;
import dev.bedrockkit.spring.BedrockKitProperties.SemanticTemplate;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.util.unit.DataSize;

/**
 * Turns {@code bedrock-kit.cache.*} into the caches of bedrock-kit-cache, checking each value and
 * naming the offending property in an {@link InvalidPropertyException}. Only used when
 * bedrock-kit-cache is on the classpath; the Redis part only when Lettuce is too.
 *
 * <p>Stateless.
 */
final class CacheSettings {
  static final String C = Settings.P + ".cache";
  static final Duration MIN_REDIS_TTL = Duration.ofMinutes(15);
  static final Duration MAX_REDIS_TTL = Duration.ofHours(2);
  static final Duration MIN_REDIS_TIMEOUT = Duration.ofMillis(1);
  static final Duration MAX_REDIS_TIMEOUT = Duration.ofSeconds(5);
  static final String REDIS_URL_HINT =
      "Use a URL such as redis://cache.internal:6379/0, or rediss://:TOKEN@cache.internal:6379 for"
          + " TLS with an AUTH token (standalone Redis or a primary endpoint).";

  private CacheSettings() {}

  /** What is cacheable, from {@code bedrock-kit.cache.max-temperature} and {@code truncated-answers}. */
  static CachePolicy policy(Cache c) {
    double t = c.getMaxTemperature();
    if (!(t >= 0 && t <= 1)) {
      throw new InvalidPropertyException(
          C + ".max-temperature",
          t,
          "must be between 0 and 1",
          "Use a temperature between 0 and 1, e.g. 0.5 (the default); 1 caches every temperature.");
    }
    return CachePolicy.ofDefaults()
        .withMaxTemperature((float) t)
        .withTruncatedAnswers(c.isTruncatedAnswers());
  }

  /** The exact cache: in process, and shared through {@code redis} when it is not null. */
  static ExactCache exact(Cache c, CachePolicy policy, RedisTier redis, MeterRegistry registry) {
    InProcess local = c.getLocal();
    String p = C + ".local";
    if (local.getMaxEntries() < 0) {
      throw new InvalidPropertyException(
          p + ".max-entries",
          local.getMaxEntries(),
          "must be at least 0",
          "Use a whole number of answers, e.g. 10000; 0 for no in-process tier.");
    }
    ExactCache.Builder builder =
        ExactCache.builder()
            .policy(policy)
            .localMaxEntries(local.getMaxEntries())
            .localTtl(Settings.positive(p + ".ttl", local.getTtl()))
            .localStaleFor(Settings.notNegative(p + ".stale-for", local.getStaleFor()))
            .meterRegistry(registry);
    if (redis != null) {
      builder.redis(redis);
    }
    return builder.build();
  }

  /** The Redis tier of {@code bedrock-kit.cache.redis.*}; connects in the background. */
  static RedisTier redis(Redis r, MeterRegistry registry) {
    String p = C + ".redis";
    String url = redisUrl(p + ".url", r.getUrl());
    Duration ttl = r.getTtl();
    if (ttl == null || ttl.compareTo(MIN_REDIS_TTL) < 0 || ttl.compareTo(MAX_REDIS_TTL) > 0) {
      throw new InvalidPropertyException(
          p + ".ttl",
          ttl,
          "must be between 15m and 2h",
          "Use a duration between 15m and 2h, e.g. 1h (the default). Answers older than 2h are"
              + " not worth serving; shorter than 15m, Redis adds a round trip for little reuse.");
    }
    Duration timeout = r.getTimeout();
    if (timeout == null
        || timeout.compareTo(MIN_REDIS_TIMEOUT) < 0
        || timeout.compareTo(MAX_REDIS_TIMEOUT) > 0) {
      throw new InvalidPropertyException(
          p + ".timeout",
          timeout,
          "must be between 1ms and 5s",
          "Use a duration between 1ms and 5s, e.g. 75ms (the default): a slower Redis is a miss,"
              + " and the request goes to the model.");
    }
    String prefix =
        Settings.notBlank(
            p + ".key-prefix", r.getKeyPrefix(), "Use a prefix such as bedrock-kit:cache:.");
    DataSize compressAbove = r.getCompressAbove();
    if (compressAbove == null
        || compressAbove.isNegative()
        || compressAbove.toBytes() > Integer.MAX_VALUE) {
      throw new InvalidPropertyException(
          p + ".compress-above",
          compressAbove,
          "must be between 0B and 2GB",
          "Use a size such as 512B (the default) or 1KB; 0B deflates every value.");
    }
    return RedisTier.builder()
        .uri(url)
        .ttl(ttl)
        .staleFor(Settings.notNegative(p + ".stale-for", r.getStaleFor()))
        .timeout(timeout)
        .keyPrefix(prefix)
        .compressAbove((int) compressAbove.toBytes())
        .meterRegistry(registry)
        .build();
  }

  /**
   * A checked Redis URL: {@code redis://} or {@code rediss://}, a host, an optional port and
   * database number. Failures show the URL with its credentials masked.
   */
  static String redisUrl(String property, String url) {
    if (url == null || url.isBlank()) {
      throw new InvalidPropertyException(property, url, "must not be empty", REDIS_URL_HINT);
    }
    String value = url.trim();
    String shown = masked(value);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      // e.getMessage() repeats the input, credentials included: only the reason is shown.
      throw new InvalidPropertyException(
          property, shown, "is not a valid URL (" + e.getReason() + ")", REDIS_URL_HINT);
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new InvalidPropertyException(
          property,
          shown,
          "must start with redis:// or rediss:// (TLS)"
              + (scheme == null ? "" : ", not " + scheme + ":"),
          REDIS_URL_HINT);
    }
    if (uri.getHost() == null || uri.getHost().isBlank()) {
      throw new InvalidPropertyException(
          property, shown, "has no host (or a malformed host or port)", REDIS_URL_HINT);
    }
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.isEmpty() && !path.equals("/") && !path.matches("/\\d{1,5}")) {
      throw new InvalidPropertyException(
          property,
          shown,
          "has a path other than a database number (" + path + ")",
          REDIS_URL_HINT);
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new InvalidPropertyException(
          property,
          shown,
          "has a query or fragment; put settings in bedrock-kit.cache.redis.* instead",
          REDIS_URL_HINT);
    }
    return value;
  }

  /** {@code url} with anything between {@code //} and the last {@code @} masked. */
  static String masked(String url) {
    int start = url.indexOf("//");
    int at = url.lastIndexOf('@');
    if (start < 0 || at <= start + 2) {
      return url;
    }
    return url.substring(0, start + 2) + "****" + url.substring(at);
  }

  /** Where Redis is, for logs: host and port only, never credentials. */
  static String redisEndpoint(String url) {
    try {
      URI uri = new URI(url.trim());
      return uri.getScheme() + "://" + uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort());
    } catch (URISyntaxException | RuntimeException e) {
      return "(unparsable URL)";
    }
  }

  /** The semantic cache of {@code bedrock-kit.cache.semantic.*} with {@code embedder}. */
  static SemanticCache semantic(
      Cache c, CachePolicy policy, Embedder embedder, RedisTier redis, MeterRegistry registry) {
    Semantic s = c.getSemantic();
    String p = C + ".semantic";
    double threshold = threshold(p + ".threshold", s.getThreshold());
    if (s.getMaxEntries() < 1) {
      throw new InvalidPropertyException(
          p + ".max-entries",
          s.getMaxEntries(),
          "must be at least 1",
          "Use a whole number of entries, e.g. 10000 (the default).");
    }
    SemanticCache.Builder builder =
        SemanticCache.builder()
            .embedder(embedder)
            .policy(policy)
            .maxEntries(s.getMaxEntries())
            .ttl(Settings.positive(p + ".ttl", s.getTtl()))
            .meterRegistry(registry);
    Map<String, SemanticTemplate> templates = s.getTemplates();
    if (templates.isEmpty() && !s.isUntemplated()) {
      throw new InvalidPropertyException(
          p + ".templates",
          null,
          "is empty and " + p + ".untemplated is false, so the semantic cache would answer nothing",
          "Opt templates in by their free-text placeholders, e.g. "
              + p
              + ".templates.support-answer.placeholders=question, or set "
              + p
              + ".untemplated=true for requests built by hand; or set "
              + p
              + ".enabled=false.");
    }
    for (Map.Entry<String, SemanticTemplate> e : templates.entrySet()) {
      String id = e.getKey();
      String t = p + ".templates." + id;
      SemanticTemplate template = e.getValue();
      List<String> placeholders = template == null ? List.of() : template.getPlaceholders();
      if (placeholders == null || placeholders.isEmpty()) {
        throw new InvalidPropertyException(
            t + ".placeholders",
            null,
            "must name at least one free-text placeholder of template '" + id + "'",
            "Name the placeholders compared by meaning, e.g. " + t + ".placeholders=question;"
                + " every other placeholder value must match exactly.");
      }
      for (int i = 0; i < placeholders.size(); i++) {
        Settings.notBlank(
            t + ".placeholders[" + i + "]",
            placeholders.get(i),
            "Name a placeholder of the template, e.g. question.");
      }
      double own =
          template.getThreshold() == null
              ? threshold
              : threshold(t + ".threshold", template.getThreshold());
      builder.template(id, own, placeholders.toArray(String[]::new));
    }
    if (s.isUntemplated()) {
      builder.untemplated(threshold);
    }
    if (redis != null) {
      builder.redis(redis);
    }
    return builder.build();
  }

  private static double threshold(String property, double value) {
    if (!(value > 0 && value <= 1)) {
      throw new InvalidPropertyException(
          property,
          value,
          "must be greater than 0 and at most 1",
          "Use a cosine similarity such as 0.90 (the default, calibrated with the LocalEmbedder);"
              + " lower values serve answers to questions that mean something else.");
    }
    return value;
  }
}
