package dev.bedrockkit.sample.cache;

import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.sample.SampleProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The response cache ({@code sample.cache.*}): an {@link ExactCache} in process, with a Redis tier
 * shared by every task when {@code sample.cache.redis-uri} is set. bedrock-kit-spring gives the
 * {@code BedrockKit} bean every {@code ResponseCache} bean; only requests with a cache scope use
 * it ({@link CacheScopes}). Redis failures never fail a request: they are misses.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "sample.cache", name = "enabled", matchIfMissing = true)
public class CacheConfiguration {

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "sample.cache", name = "redis-uri")
  RedisTier responseCacheRedis(SampleProperties properties) {
    SampleProperties.Cache cache = properties.cache();
    return RedisTier.builder().uri(cache.redisUri()).ttl(cache.redisTtl()).build();
  }

  @Bean
  ExactCache responseCache(
      SampleProperties properties, MeterRegistry meters, ObjectProvider<RedisTier> redis) {
    SampleProperties.Cache cache = properties.cache();
    ExactCache.Builder b =
        ExactCache.builder()
            .localTtl(cache.localTtl())
            .localMaxEntries(cache.localMaxEntries())
            .meterRegistry(meters);
    redis.ifAvailable(b::redis);
    return b.build();
  }
}
