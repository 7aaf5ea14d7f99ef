package dev.bedrockkit.chaos.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.chaos.RedisServer;
import dev.bedrockkit.chaos.TestCertificates;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@code RedisTier.builder().client(client)} replaced the given client's {@link
 * ClientOptions} with its own, so the {@link SslOptions} that make it trust a private CA were
 * lost: against a TLS-only Redis the handshake failed and the tier stayed "unavailable" for good
 * (every lookup a miss, one WARN). Found by the reliability suite while connecting to a loopback
 * {@code redis-server --tls-port} with a throw-away CA. The tier now starts from the client's own
 * options and sets only what it needs.
 */
class GivenRedisClientKeepsItsSslOptionsTest {
  static final String PASSWORD = "tls-test-" + Long.toHexString(System.nanoTime());
  static TestCertificates certs;
  static RedisServer redis;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.generate();
    redis = RedisServer.startTls(PASSWORD, certs.redisTls());
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    certs.delete();
  }

  @Test
  void aClientThatTrustsThePrivateCaConnectsThroughTheTier() throws Exception {
    RedisClient client = RedisClient.create();
    client.setOptions(
        ClientOptions.builder()
            .sslOptions(SslOptions.builder().trustManager(certs.caCert().toFile()).build())
            .build());
    try (RedisTier tier =
        RedisTier.builder()
            .uri("rediss://:" + PASSWORD + "@127.0.0.1:" + redis.port())
            .client(client)
            .timeout(Duration.ofSeconds(2))
            .meterRegistry(new SimpleMeterRegistry())
            .build()) {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!tier.isConnected() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(tier.isConnected()).as("connected over TLS with the client's trust").isTrue();
      ExactCache cache = ExactCache.builder().redis(tier).localMaxEntries(0).build();
      ChatRequest request =
          ChatRequest.builder().user("hi").cacheScope(CacheScope.tenant("acme")).build();
      cache.store(request, Answers.answer("hello"));
      long waitForSet = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (cache.lookup(request).isEmpty() && System.nanoTime() < waitForSet) {
        Thread.sleep(20);
      }
      assertThat(cache.lookup(request)).map(r -> r.text()).contains("hello");
    } finally {
      client.shutdown();
    }
  }
}
