package dev.bedrockkit.cache;

import static dev.bedrockkit.MetricNames.CACHE_REQUESTS;
import static dev.bedrockkit.MetricNames.TAG_RESULT;
import static dev.bedrockkit.MetricNames.TAG_TIER;
import static dev.bedrockkit.cache.Fixtures.ACME;
import static dev.bedrockkit.cache.Fixtures.MODEL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.Fixtures.CountingLoader;
import dev.bedrockkit.cache.Fixtures.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Exact first, then semantic, with one model call per burst of identical misses. */
class TieredCacheTest {
  private static LocalEmbedder embedder;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final TieredCache cache =
      TieredCache.of(
          ExactCache.builder().meterRegistry(registry).clock(clock).build(),
          SemanticCache.builder().embedder(embedder).untemplated().meterRegistry(registry)
              .clock(clock).build());

  @BeforeAll
  static void loadModel() {
    embedder = LocalEmbedder.create();
  }

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().model(MODEL).user(text).cacheScope(ACME).build();
  }

  private double count(String tier, String result) {
    return registry.get(CACHE_REQUESTS).tag(TAG_TIER, tier).tag(TAG_RESULT, result).counter()
        .count();
  }

  @Test
  void identicalRequestHitsTheExactTierWithoutEmbedding() {
    CountingLoader loader = new CountingLoader();
    cache.get(ask("How do I reset my password?"), loader).join();
    ChatResponse again = cache.get(ask("How do I reset my password?"), loader).join();

    assertThat(again.fromCache()).isTrue();
    assertThat(loader.calls()).isEqualTo(1);
    assertThat(count("local", "hit")).isEqualTo(1);
    assertThat(count("semantic", "miss")).isEqualTo(1); // only the first request reached it
    assertThat(count("semantic", "hit")).isZero();
  }

  @Test
  void paraphraseMissesTheExactTierAndHitsTheSemanticTier() {
    CountingLoader loader = new CountingLoader();
    ChatResponse first = cache.get(ask("How do I reset my password?"), loader).join();
    ChatResponse paraphrase = cache.get(ask("How can I reset my password?"), loader).join();

    assertThat(loader.calls()).isEqualTo(1);
    assertThat(paraphrase.text()).isEqualTo(first.text());
    assertThat(paraphrase.fromCache()).isTrue();
    assertThat(count("local", "miss")).isEqualTo(2);
    assertThat(count("semantic", "hit")).isEqualTo(1);
  }

  @Test
  void concurrentIdenticalMissesMakeOneModelCallAcrossBothTiers() throws Exception {
    CompletableFuture<ChatResponse> gate = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    int threads = 24;
    CountDownLatch ready = new CountDownLatch(threads);
    List<Future<ChatResponse>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(pool.submit(() -> {
        ready.countDown();
        ready.await();
        return cache.get(ask("Do you ship internationally?"), r -> {
          calls.incrementAndGet();
          return gate;
        }).join();
      }));
    }
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Fixtures.eventually(Duration.ofSeconds(15), () -> calls.get() == 1)).isTrue();
    gate.complete(Fixtures.answer("Yes, to 40 countries."));

    for (Future<ChatResponse> f : results) {
      assertThat(f.get(5, TimeUnit.SECONDS).text()).isEqualTo("Yes, to 40 countries.");
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(count("semantic", "miss")).isEqualTo(1);
  }

  @Test
  void lastKnownComesFromTheExactTierOnly() {
    cache.get(ask("How do I reset my password?"), new CountingLoader()).join();
    clock.advance(Duration.ofMinutes(20));

    assertThat(cache.lastKnown(ask("How do I reset my password?"))).isPresent();
    assertThat(cache.lastKnown(ask("How can I reset my password?"))).isEmpty();
  }

  @Test
  void streamsStoreInBothTiersAndLookUpExactThenSemantic() {
    cache.store(ask("How do I reset my password?"), Fixtures.answer("Use the reset link."));

    assertThat(cache.lookup(ask("How do I reset my password?"))).isPresent();
    assertThat(cache.lookup(ask("How can I reset my password?")))
        .map(ChatResponse::text).contains("Use the reset link.");
    assertThat(count("semantic", "hit")).isEqualTo(1);
  }

  @Test
  void invalidateClearsBothTiers() {
    cache.get(ask("How do I reset my password?"), new CountingLoader()).join();

    cache.invalidate(ACME).join();

    assertThat(cache.lookup(ask("How do I reset my password?"))).isEmpty();
    assertThat(cache.lookup(ask("How can I reset my password?"))).isEmpty();
  }
}
