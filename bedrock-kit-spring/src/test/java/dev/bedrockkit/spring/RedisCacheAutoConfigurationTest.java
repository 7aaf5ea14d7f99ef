package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.CacheAutoConfigurationTest.scoped;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.MetricNames;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Operation;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The Redis tier against a real, private redis-server on loopback. */
class RedisCacheAutoConfigurationTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static ApplicationContextRunner runner() {
    return Runners.onEmulator(BEDROCK.endpoint())
        .withPropertyValues(
            "bedrock-kit.cache.redis.url=" + REDIS.url(),
            "bedrock-kit.cache.redis.timeout=1s",
            "bedrock-kit.cache.redis.key-prefix=orders-service:",
            "bedrock-kit.cache.redis.ttl=30m");
  }

  private static List<String> keys() {
    return keys("orders-service:x:*");
  }

  private static List<String> keys(String pattern) {
    try {
      return REDIS.command("KEYS", pattern);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void twoApplicationsShareAnswersThroughRedis() {
    runner()
        .run(
            first -> {
              assertThat(first).hasNotFailed();
              RedisTier tier = first.getBean(RedisTier.class);
              assertThat(tier.ttl()).isEqualTo(Duration.ofMinutes(30));
              assertThat(tier.timeout()).isEqualTo(Duration.ofSeconds(1));
              assertThat(LocalRedis.waitFor(5_000, tier::isConnected)).isTrue();
              assertThat(first).getBean(ResponseCache.class).isInstanceOf(ExactCache.class);

              first.getBean(BedrockKit.class).chat(scoped("What is Amazon Bedrock?"));
              // Stores reach Redis in the background.
              assertThat(LocalRedis.waitFor(5_000, () -> keys().size() == 1)).isTrue();
            });
    assertThat(keys()).singleElement().asString().startsWith("orders-service:x:");

    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            second -> {
              RedisTier tier = second.getBean(RedisTier.class);
              assertThat(LocalRedis.waitFor(5_000, tier::isConnected)).isTrue();
              ChatResponse answer =
                  second.getBean(BedrockKit.class).chat(scoped("What is Amazon Bedrock?"));

              assertThat(answer.fromCache()).isTrue();
              assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(1);
              assertThat(
                      second
                          .getBean(MeterRegistry.class)
                          .get(MetricNames.CACHE_REQUESTS)
                          .tag(MetricNames.TAG_TIER, MetricNames.CACHE_TIER_REDIS)
                          .tag(MetricNames.TAG_RESULT, MetricNames.CACHE_RESULT_HIT)
                          .counter()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void theConnectionIsClosedWithTheContext() throws Exception {
    AtomicReference<RedisTier> tier = new AtomicReference<>();
    runner()
        .run(
            context -> {
              tier.set(context.getBean(RedisTier.class));
              assertThat(LocalRedis.waitFor(5_000, tier.get()::isConnected)).isTrue();
              // The command connection and the invalidation subscription, plus this query's own.
              assertThat(LocalRedis.waitFor(5_000, () -> clients().size() == 3))
                  .as("clients: %s", clients())
                  .isTrue();
            });
    assertThat(tier.get().isConnected()).isFalse();
    assertThat(LocalRedis.waitFor(5_000, () -> clients().size() == 1))
        .as("only this query's connection is left: %s", clients())
        .isTrue();
  }

  @Test
  void theApplicationsOwnRedisTierWins() {
    // Closed with the context, as every AutoCloseable bean.
    RedisTier own = RedisTier.builder().uri(REDIS.url()).keyPrefix("own:").build();
    Runners.onEmulator(BEDROCK.endpoint())
        .withBean(RedisTier.class, () -> own)
        .run(
            context -> {
              assertThat(context).getBean(RedisTier.class).isSameAs(own);
              assertThat(LocalRedis.waitFor(5_000, own::isConnected)).isTrue();
              context.getBean(BedrockKit.class).chat(scoped("What is Amazon Bedrock?"));
              assertThat(LocalRedis.waitFor(5_000, () -> keys("own:x:*").size() == 1)).isTrue();
            });
    assertThat(own.isConnected()).isFalse();
  }

  /** One line per client connection (CLIENT LIST). */
  private static List<String> clients() {
    try {
      String list = REDIS.command("CLIENT", "LIST").get(0);
      return list.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
