package dev.bedrockkit.cache;

import static dev.bedrockkit.MetricNames.CACHE_REQUESTS;
import static dev.bedrockkit.MetricNames.CACHE_SAVED_COST;
import static dev.bedrockkit.MetricNames.COMPONENT_CACHE_REDIS;
import static dev.bedrockkit.MetricNames.DEGRADATIONS;
import static dev.bedrockkit.MetricNames.TAG_COMPONENT;
import static dev.bedrockkit.MetricNames.TAG_RESULT;
import static dev.bedrockkit.MetricNames.TAG_TIER;
import static dev.bedrockkit.cache.Fixtures.ACME;
import static dev.bedrockkit.cache.Fixtures.GLOBEX;
import static dev.bedrockkit.cache.Fixtures.answer;
import static dev.bedrockkit.cache.Fixtures.eventually;
import static dev.bedrockkit.cache.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ch.qos.logback.classic.Level;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.Fixtures.CountingLoader;
import dev.bedrockkit.cache.Fixtures.MutableClock;
import dev.bedrockkit.cache.internal.Envelope;
import dev.bedrockkit.cache.internal.ExactKey;
import dev.bedrockkit.cache.internal.RedisStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The exact cache against a real redis-server on a private loopback port. */
class RedisExactCacheTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final SimpleMeterRegistry registryA = new SimpleMeterRegistry();
  private final SimpleMeterRegistry registryB = new SimpleMeterRegistry();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private RedisTier tier(SimpleMeterRegistry registry, Duration ttl, Duration staleFor) {
    // Generous: this machine may be busy, and these tests are not about the timeout.
    return tier(registry, ttl, staleFor, Duration.ofSeconds(1));
  }

  private RedisTier tier(
      SimpleMeterRegistry registry, Duration ttl, Duration staleFor, Duration timeout) {
    RedisTier t =
        RedisTier.builder()
            .uri(redis.uri())
            .ttl(ttl)
            .staleFor(staleFor)
            .timeout(timeout)
            .meterRegistry(registry)
            .build();
    open.add(t);
    assertThat(eventually(Duration.ofSeconds(15), t::isConnected)).isTrue();
    return t;
  }

  private RedisTier tier(SimpleMeterRegistry registry) {
    return tier(registry, Duration.ofHours(1), Duration.ofHours(1));
  }

  private static ExactCache cache(RedisTier tier, SimpleMeterRegistry registry) {
    return ExactCache.builder().redis(tier).meterRegistry(registry).build();
  }

  private static double count(SimpleMeterRegistry r, String tier, String result) {
    return r.get(CACHE_REQUESTS).tag(TAG_TIER, tier).tag(TAG_RESULT, result).counter().count();
  }

  private static double degradations(SimpleMeterRegistry r) {
    return r.get(DEGRADATIONS).tag(TAG_COMPONENT, COMPONENT_CACHE_REDIS).counter().count();
  }

  @Test
  void answerStoredByOneTaskIsServedToAnotherThroughRedis() {
    ExactCache taskA = cache(tier(registryA), registryA);
    ExactCache taskB = cache(tier(registryB), registryB);
    CountingLoader loaderA = new CountingLoader();
    CountingLoader loaderB = new CountingLoader();

    ChatResponse first = taskA.get(request("Where is my order?"), loaderA).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(request("Where is my order?")).isPresent())).isTrue();
    ChatResponse second = taskB.get(request("Where is my order?"), loaderB).join();

    assertThat(loaderA.calls()).isEqualTo(1);
    assertThat(loaderB.calls()).isZero();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.message()).isEqualTo(first.message());
    assertThat(count(registryB, "redis", "hit")).isEqualTo(1);
    assertThat(count(registryB, "local", "hit")).isEqualTo(1); // copied into B's local tier
    assertThat(registryB.get(CACHE_SAVED_COST).tag(TAG_TIER, "redis").counter().count())
        .isCloseTo(0.0125, within(1e-9));
  }

  @Test
  void redisKeysCarryTheTtlPlusStaleWindowAndExpireInRealTime() throws Exception {
    RedisTier t = tier(registryA, Duration.ofSeconds(1), Duration.ZERO);
    ExactCache taskA = cache(t, registryA);
    ExactCache taskB = cache(tier(registryB, Duration.ofSeconds(1), Duration.ZERO), registryB);
    taskA.get(request("Q"), new CountingLoader()).join();
    String key = taskA.tier().redisKey(ExactKey.of(request("Q")));
    assertThat(eventually(Duration.ofSeconds(15), () -> exists(key))).isTrue();

    long pttl = Long.parseLong(redis.command("PTTL", key));
    assertThat(pttl).isBetween(1L, 1000L);
    assertThat(key).startsWith("bedrock-kit:cache:x:").doesNotContain("acme");

    assertThat(eventually(Duration.ofSeconds(15), () -> !exists(key))).isTrue();
    assertThat(taskB.lookup(request("Q"))).isEmpty();
    assertThat(count(registryB, "redis", "miss")).isEqualTo(1);
  }

  @Test
  void staleRedisEntryIsAMissButStillServesLastKnown() {
    MutableClock clock = new MutableClock();
    RedisTier a = tier(registryA, Duration.ofMinutes(30), Duration.ofHours(1));
    RedisTier b = tier(registryB, Duration.ofMinutes(30), Duration.ofHours(1));
    ExactCache taskA = ExactCache.builder().redis(a).clock(clock).meterRegistry(registryA).build();
    ExactCache taskB = ExactCache.builder().redis(b).clock(clock).meterRegistry(registryB).build();
    taskA.get(request("Q"), new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15), () -> taskB.lookup(request("Q")).isPresent()))
        .isTrue();
    ExactCache taskC = ExactCache.builder().redis(b).clock(clock).meterRegistry(registryB).build();

    clock.advance(Duration.ofMinutes(31));

    assertThat(taskC.lookup(request("Q"))).isEmpty();
    assertThat(taskC.lastKnown(request("Q"))).map(ChatResponse::text).contains("answer 1 to Q");
  }

  @Test
  void killedRedisNeverFailsOrSlowsRequestsAndIsLoggedOnce() throws Exception {
    RedisTier t =
        tier(registryA, Duration.ofHours(1), Duration.ofHours(1), Duration.ofMillis(75));
    ExactCache cache = cache(t, registryA);
    CountingLoader loader = new CountingLoader();
    cache.get(request("before"), loader).join();

    try (LogCapture log = new LogCapture(RedisStore.class)) {
      redis.kill();
      long worst = 0;
      for (int i = 0; i < 200; i++) {
        long start = System.nanoTime();
        ChatResponse r = cache.get(request("during " + i), loader).join();
        worst = Math.max(worst, System.nanoTime() - start);
        assertThat(r.text()).isEqualTo("answer " + (i + 2) + " to during " + i);
      }

      assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(500));
      assertThat(cache.get(request("before"), loader).join().fromCache()).isTrue(); // local tier
      assertThat(count(registryA, "redis", "error")).isEqualTo(200);
      assertThat(degradations(registryA)).isGreaterThanOrEqualTo(200);
      assertThat(log.at(Level.WARN)).hasSize(1);
      assertThat(log.at(Level.WARN).get(0))
          .startsWith("Redis response-cache tier at 127.0.0.1:" + redis.port() + " is unavailable");
    }
  }

  @Test
  void restartedRedisIsUsedAgainWithoutAnyAction() throws Exception {
    RedisTier a = tier(registryA);
    ExactCache taskA = cache(a, registryA);
    redis.kill();
    taskA.get(request("while down"), new CountingLoader()).join();
    assertThat(count(registryA, "redis", "error")).isEqualTo(1);

    try (LogCapture log = new LogCapture(RedisStore.class)) {
      redis.start();
      assertThat(eventually(RedisServerExtension.RECONNECT_WAIT, a::isConnected)).isTrue();
      taskA.get(request("after restart"), new CountingLoader()).join();

      ExactCache taskB = cache(tier(registryB), registryB);
      assertThat(eventually(Duration.ofSeconds(15),
          () -> taskB.lookup(request("after restart")).isPresent())).isTrue();
      assertThat(log.at(Level.INFO))
          .contains("Redis response-cache tier at 127.0.0.1:" + redis.port() + " answers again");
    }
  }

  @Test
  void frozenRedisCostsAtMostTheTimeoutPerRequest() throws Exception {
    RedisTier t =
        RedisTier.builder().uri(redis.uri()).timeout(Duration.ofMillis(75))
            .meterRegistry(registryA).build();
    open.add(t);
    assertThat(eventually(Duration.ofSeconds(15), t::isConnected)).isTrue();
    ExactCache cache = cache(t, registryA);
    CountingLoader loader = new CountingLoader();

    redis.pause();
    try {
      long worst = 0;
      for (int i = 0; i < 10; i++) {
        long start = System.nanoTime();
        cache.get(request("frozen " + i), loader).join();
        worst = Math.max(worst, System.nanoTime() - start);
      }
      assertThat(loader.calls()).isEqualTo(10);
      assertThat(Duration.ofNanos(worst)).isLessThan(Duration.ofMillis(75 + 200));
      assertThat(count(registryA, "redis", "error")).isEqualTo(10);
    } finally {
      redis.resume();
    }
    assertThat(eventually(Duration.ofSeconds(15), () -> {
      cache.store(request("thawed"), answer("thawed answer"));
      ExactCache other = ExactCache.builder().redis(t).meterRegistry(registryB).build();
      return other.lookup(request("thawed")).isPresent();
    })).isTrue();
  }

  @Test
  void redisDownAtStartupIsBypassedUntilItComesUp() throws Exception {
    redis.kill();
    RedisTier t = RedisTier.builder().uri(redis.uri()).meterRegistry(registryA).build();
    open.add(t);
    ExactCache cache = cache(t, registryA);
    CountingLoader loader = new CountingLoader();

    long start = System.nanoTime();
    cache.get(request("Q"), loader).join();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
    assertThat(count(registryA, "redis", "error")).isEqualTo(1);

    redis.start();
    assertThat(eventually(RedisServerExtension.RECONNECT_WAIT, t::isConnected)).isTrue();
    cache.store(request("R"), answer("stored after start"));
    assertThat(eventually(Duration.ofSeconds(15), () -> redisHas(t, "R"))).isTrue();
  }

  @Test
  void scopesStayIsolatedUnderConcurrency() throws Exception {
    ExactCache taskA = cache(tier(registryA), registryA);
    ExactCache taskB = cache(tier(registryB), registryB);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> checks = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        int n = i;
        checks.add(
            pool.submit(
                () -> {
                  String tenant = "tenant-" + (n % 8);
                  ExactCache cache = n % 2 == 0 ? taskA : taskB;
                  ChatRequest r = request("What is my balance?", CacheScope.tenant(tenant));
                  ChatResponse answer =
                      cache
                          .get(r, x -> CompletableFuture.completedFuture(answer("balance of " + tenant)))
                          .join();
                  return answer.text().equals("balance of " + tenant);
                }));
      }
      for (Future<Boolean> f : checks) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreadableValuesInRedisAreMissesCountedAsInvalid() throws Exception {
    ExactCache cache = cache(tier(registryA), registryA);
    CountingLoader loader = new CountingLoader();
    byte[] good = Envelope.encode(answer("from a newer release"), System.currentTimeMillis(),
        System.currentTimeMillis() + 60_000, null, 0);
    byte[] newer = good.clone();
    newer[2] = (byte) (Envelope.FORMAT_VERSION + 1);
    byte[] older = good.clone();
    older[2] = 0;
    byte[] corrupt = java.util.Arrays.copyOf(good, good.length - 9);
    byte[] foreign = "{\"text\":\"written by someone else\"}".getBytes();

    int n = 0;
    for (byte[] bad : List.of(newer, older, corrupt, foreign)) {
      ChatRequest r = request("Q" + n++);
      redis.command("SET", cache.tier().redisKey(ExactKey.of(r)), bad);
      ChatResponse answer = cache.get(r, loader).join();
      assertThat(answer.fromCache()).isFalse();
    }

    assertThat(loader.calls()).isEqualTo(4);
    assertThat(count(registryA, "redis", "invalid")).isEqualTo(4);
    assertThat(count(registryA, "redis", "hit")).isZero();
    // the fresh answer replaced the unreadable value
    ChatRequest r0 = request("Q0");
    assertThat(eventually(Duration.ofSeconds(15), () -> {
      try {
        return Envelope.decode(redis.commandBytes("GET", cache.tier().redisKey(ExactKey.of(r0))))
            .response().text().equals("answer 1 to Q0");
      } catch (Exception e) {
        return false;
      }
    })).isTrue();
  }

  @Test
  void invalidatingAScopeClearsRedisAndTheLocalTierOfEveryTask() throws Exception {
    ExactCache taskA = cache(tier(registryA), registryA);
    ExactCache taskB = cache(tier(registryB), registryB);
    taskA.get(request("Q", ACME), new CountingLoader()).join();
    taskA.get(request("Q", GLOBEX), new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(request("Q", ACME)).isPresent()
            && taskB.lookup(request("Q", GLOBEX)).isPresent())).isTrue();
    assertThat(taskB.localSize()).isEqualTo(2);

    taskA.invalidate(ACME).get(5, TimeUnit.SECONDS);

    assertThat(exists(taskA.tier().redisKey(ExactKey.of(request("Q", ACME))))).isFalse();
    assertThat(exists(taskA.tier().redisKey(ExactKey.of(request("Q", GLOBEX))))).isTrue();
    assertThat(taskA.lookup(request("Q", ACME))).isEmpty();
    assertThat(eventually(Duration.ofSeconds(15), () -> taskB.localSize() == 1)).isTrue();
    assertThat(taskB.lookup(request("Q", ACME))).isEmpty();
    assertThat(taskB.lookup(request("Q", GLOBEX))).isPresent();
  }

  @Test
  void invalidatingATemplateVersionClearsOnlyThatVersionOnBothTiers() throws Exception {
    ExactCache taskA = cache(tier(registryA), registryA);
    ExactCache taskB = cache(tier(registryB), registryB);
    ChatRequest v1 = request("Q").toBuilder().template("faq", "1", Map.of("q", "Q")).build();
    ChatRequest v2 = request("Q").toBuilder().template("faq", "2", Map.of("q", "Q")).build();
    taskA.get(v1, new CountingLoader()).join();
    taskA.get(v2, new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(v1).isPresent() && taskB.lookup(v2).isPresent())).isTrue();

    taskB.invalidateTemplate("faq", "1").get(5, TimeUnit.SECONDS);

    assertThat(exists(taskA.tier().redisKey(ExactKey.of(v1)))).isFalse();
    assertThat(exists(taskA.tier().redisKey(ExactKey.of(v2)))).isTrue();
    assertThat(eventually(Duration.ofSeconds(15), () -> taskA.lookup(v1).isEmpty())).isTrue();
    assertThat(taskA.lookup(v2)).isPresent();
    assertThat(taskB.lookup(v1)).isEmpty();
  }

  @Test
  void aTaskThatMissedTheBroadcastStillDropsItsCopies() throws Exception {
    RedisTier tierB = tier(registryB);
    ExactCache taskB = cache(tierB, registryB);
    ExactCache taskA = cache(tier(registryA), registryA);
    taskA.get(request("Q", ACME), new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15), () -> taskB.lookup(request("Q", ACME)).isPresent()))
        .isTrue();

    assertThat(eventually(Duration.ofSeconds(15),
        () -> tierB.store().invalidationEpochSeen() >= 0)).isTrue();
    // Another task invalidates while B's subscription is not listening: only the epoch tells B.
    redis.command("INCR", "bedrock-kit:cache:invalidation-epoch");
    redis.command("DEL", taskA.tier().redisKey(ExactKey.of(request("Q", ACME))));

    assertThat(eventually(Duration.ofSeconds(15), () -> taskB.localSize() == 0)).isTrue();
    assertThat(taskB.lookup(request("Q", ACME))).isEmpty();
    assertThat(tierB.store().invalidationEpochSeen()).isEqualTo(1);
  }

  private static boolean exists(String key) {
    try {
      return "1".equals(redis.command("EXISTS", key));
    } catch (Exception e) {
      return false;
    }
  }

  private static boolean redisHas(RedisTier t, String user) {
    ExactCache probe = ExactCache.builder().redis(t).localMaxEntries(0).build();
    return probe.lookup(request(user)).isPresent();
  }
}
