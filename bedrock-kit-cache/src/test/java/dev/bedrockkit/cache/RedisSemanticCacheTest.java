package dev.bedrockkit.cache;

import static dev.bedrockkit.cache.Fixtures.ACME;
import static dev.bedrockkit.cache.Fixtures.GLOBEX;
import static dev.bedrockkit.cache.Fixtures.MODEL;
import static dev.bedrockkit.cache.Fixtures.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.Fixtures.CountingLoader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Semantic entries shared between two tasks through a real redis-server, with the real model. */
class RedisSemanticCacheTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
  private static LocalEmbedder embedder;

  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void loadModel() {
    embedder = LocalEmbedder.create();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
  }

  private SemanticCache task() {
    RedisTier tier = RedisTier.builder().uri(redis.uri()).timeout(Duration.ofSeconds(1))
        .meterRegistry(new SimpleMeterRegistry()).build();
    open.add(tier);
    assertThat(eventually(Duration.ofSeconds(15), tier::isConnected)).isTrue();
    return SemanticCache.builder().embedder(embedder).untemplated().redis(tier)
        .meterRegistry(new SimpleMeterRegistry()).build();
  }

  private static ChatRequest ask(String text, CacheScope scope) {
    return ChatRequest.builder().model(MODEL).user(text).cacheScope(scope).build();
  }

  @Test
  void entryStoredByOneTaskIsFoundByAnotherThroughRedis() {
    SemanticCache taskA = task();
    SemanticCache taskB = task();
    CountingLoader loaderB = new CountingLoader();

    ChatResponse original = taskA.get(ask("How do I reset my password?", ACME),
        new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(ask("How can I reset my password?", ACME)).isPresent())).isTrue();
    ChatResponse shared = taskB.get(ask("How can I reset my password?", ACME), loaderB).join();

    assertThat(loaderB.calls()).isZero();
    assertThat(shared.fromCache()).isTrue();
    assertThat(shared.text()).isEqualTo(original.text());
    assertThat(taskB.size()).isEqualTo(1);
    assertThat(taskB.lookup(ask("How can I reset my password?", GLOBEX))).isEmpty();
  }

  @Test
  void guardsApplyToSharedEntriesToo() {
    SemanticCache taskA = task();
    SemanticCache taskB = task();
    taskA.get(ask("Where is my order 1234?", ACME), new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(ask("Can you tell me where order 1234 is?", ACME)).isPresent()))
        .isTrue();

    assertThat(taskB.lookup(ask("Where is my order 1235?", ACME))).isEmpty();
  }

  @Test
  void invalidatingAScopeClearsTheStreamAndEveryTasksMemory() throws Exception {
    SemanticCache taskA = task();
    SemanticCache taskB = task();
    taskA.get(ask("How do I reset my password?", ACME), new CountingLoader()).join();
    assertThat(eventually(Duration.ofSeconds(15),
        () -> taskB.lookup(ask("How can I reset my password?", ACME)).isPresent())).isTrue();

    taskA.invalidate(ACME).get(5, TimeUnit.SECONDS);

    assertThat(redis.command("KEYS", "bedrock-kit:cache:s:*")).isEqualTo("0"); // empty array
    assertThat(eventually(Duration.ofSeconds(15), () -> taskB.size() == 0)).isTrue();
    assertThat(taskB.lookup(ask("How can I reset my password?", ACME))).isEmpty();
  }

  @Test
  void killedRedisLeavesEachTaskWithItsOwnMemory() throws Exception {
    SemanticCache taskA = task();
    taskA.get(ask("How do I reset my password?", ACME), new CountingLoader()).join();

    redis.kill();
    long start = System.nanoTime();
    assertThat(taskA.lookup(ask("How can I reset my password?", ACME))).isPresent();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
  }
}
