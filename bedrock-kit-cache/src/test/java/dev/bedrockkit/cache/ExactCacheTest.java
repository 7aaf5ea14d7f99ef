package dev.bedrockkit.cache;

import static dev.bedrockkit.MetricNames.CACHE_REQUESTS;
import static dev.bedrockkit.MetricNames.CACHE_SAVED_COST;
import static dev.bedrockkit.MetricNames.TAG_RESULT;
import static dev.bedrockkit.MetricNames.TAG_TIER;
import static dev.bedrockkit.cache.Fixtures.ACME;
import static dev.bedrockkit.cache.Fixtures.GLOBEX;
import static dev.bedrockkit.cache.Fixtures.answer;
import static dev.bedrockkit.cache.Fixtures.degraded;
import static dev.bedrockkit.cache.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import dev.bedrockkit.cache.Fixtures.CountingLoader;
import dev.bedrockkit.cache.Fixtures.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

class ExactCacheTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private final CountingLoader loader = new CountingLoader();
  private final ExactCache cache =
      ExactCache.builder().meterRegistry(registry).clock(clock).build();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private double count(String tier, String result) {
    return registry.get(CACHE_REQUESTS).tag(TAG_TIER, tier).tag(TAG_RESULT, result).counter()
        .count();
  }

  private double saved(String tier) {
    return registry.get(CACHE_SAVED_COST).tag(TAG_TIER, tier).counter().count();
  }

  @Test
  void secondIdenticalRequestIsAHitMarkedCachedWithZeroUsageAndCost() {
    ChatResponse first = cache.get(request("Where is my order?"), loader).join();
    ChatResponse second = cache.get(request("Where is my order?"), loader).join();

    assertThat(loader.calls()).isEqualTo(1);
    assertThat(first.fromCache()).isFalse();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.usage()).isEqualTo(TokenUsage.ZERO);
    assertThat(second.costUsd()).contains(BigDecimal.ZERO);
    assertThat(second.attempts()).isEmpty();
    assertThat(second.latency()).isLessThan(Duration.ofMillis(50));
    assertThat(count("local", "miss")).isEqualTo(1);
    assertThat(count("local", "hit")).isEqualTo(1);
    assertThat(saved("local")).isCloseTo(0.0125, within(1e-9));
  }

  @Test
  void differentTenantIsAMissAndNeverSeesTheOtherTenantsAnswer() {
    ChatResponse acme = cache.get(request("What is our discount?", ACME), loader).join();
    ChatResponse globex = cache.get(request("What is our discount?", GLOBEX), loader).join();

    assertThat(loader.calls()).isEqualTo(2);
    assertThat(globex.fromCache()).isFalse();
    assertThat(globex.text()).isNotEqualTo(acme.text());
    assertThat(cache.lookup(request("What is our discount?", CacheScope.user("acme")))).isEmpty();
    assertThat(cache.lookup(request("What is our discount?", CacheScope.global()))).isEmpty();
  }

  @Test
  void requestWithoutScopeNeverReachesTheCacheButStillLoads() {
    ChatRequest unscoped = ChatRequest.builder().model(Fixtures.MODEL).user("Hi").build();

    cache.get(unscoped, loader).join();
    cache.get(unscoped, loader).join();
    cache.store(unscoped, answer("x"));

    assertThat(loader.calls()).isEqualTo(2);
    assertThat(cache.lookup(unscoped)).isEmpty();
    assertThat(cache.lastKnown(unscoped)).isEmpty();
    assertThat(cache.localSize()).isZero();
  }

  @Test
  void freshForTheLocalTtlThenAMiss() {
    ExactCache shortLived =
        ExactCache.builder().clock(clock).localTtl(Duration.ofMinutes(15)).build();
    shortLived.get(request("Q"), loader).join();

    clock.advance(Duration.ofMinutes(14).plusSeconds(59));
    assertThat(shortLived.lookup(request("Q"))).isPresent();
    clock.advance(Duration.ofSeconds(1));
    assertThat(shortLived.lookup(request("Q"))).isEmpty();
    shortLived.get(request("Q"), loader).join();
    assertThat(loader.calls()).isEqualTo(2);
  }

  @Test
  void lastKnownAnswersWithAnExpiredEntryUntilStaleForEnds() {
    cache.get(request("Q"), loader).join();

    clock.advance(Duration.ofMinutes(20));
    assertThat(cache.lookup(request("Q"))).isEmpty();
    assertThat(cache.lastKnown(request("Q"))).map(ChatResponse::text).contains("answer 1 to Q");

    clock.advance(ExactCache.DEFAULT_LOCAL_STALE_FOR);
    assertThat(cache.lastKnown(request("Q"))).isEmpty();
  }

  @Test
  void concurrentIdenticalMissesMakeOneModelCall() throws Exception {
    CompletableFuture<ChatResponse> gate = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    int threads = 32;
    CountDownLatch ready = new CountDownLatch(threads);
    List<Future<ChatResponse>> results = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      results.add(
          pool.submit(
              () -> {
                ready.countDown();
                ready.await();
                return cache
                    .get(
                        request("Same question"),
                        r -> {
                          calls.incrementAndGet();
                          return gate;
                        })
                    .join();
              }));
    }
    assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(Fixtures.eventually(Duration.ofSeconds(15), () -> cache.flight().size() == 1))
        .isTrue();
    gate.complete(answer("Shared answer"));

    List<ChatResponse> answers = new ArrayList<>();
    for (Future<ChatResponse> f : results) {
      answers.add(f.get(5, TimeUnit.SECONDS));
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(answers).extracting(ChatResponse::text).containsOnly("Shared answer");
    assertThat(answers).filteredOn(r -> !r.fromCache()).hasSize(1);
    assertThat(answers.stream().filter(ChatResponse::fromCache).count()).isEqualTo(threads - 1);
    assertThat(count("inflight", "hit") + count("local", "hit")).isEqualTo(threads - 1);
    assertThat(cache.flight().size()).isZero();
  }

  @Test
  void failedLoadFailsEveryWaiterAndIsNotCached() {
    CompletableFuture<ChatResponse> gate = new CompletableFuture<>();
    CompletableFuture<ChatResponse> leader = cache.get(request("Boom"), r -> gate);
    CompletableFuture<ChatResponse> follower = cache.get(request("Boom"), loader);
    gate.completeExceptionally(new IllegalStateException("model down"));

    assertThatThrownBy(leader::join).hasRootCauseMessage("model down");
    assertThatThrownBy(follower::join).hasRootCauseMessage("model down");
    assertThat(loader.calls()).isZero();
    assertThat(cache.lookup(request("Boom"))).isEmpty();
    cache.get(request("Boom"), loader).join();
    assertThat(loader.calls()).isEqualTo(1);
  }

  @Test
  void loaderThatThrowsInsteadOfFailingTheFutureIsNotCachedEither() {
    assertThatThrownBy(
            () ->
                cache.get(request("Throws"), r -> {
                  throw new IllegalArgumentException("bad request");
                }).join())
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("bad request");
    assertThat(cache.flight().size()).isZero();
    assertThat(cache.lookup(request("Throws"))).isEmpty();
  }

  @Test
  void degradedAnswersAreNeverCached() {
    cache.get(request("Q"), r -> CompletableFuture.completedFuture(degraded("busy"))).join();

    assertThat(cache.lookup(request("Q"))).isEmpty();
    assertThat(cache.localSize()).isZero();
  }

  @ParameterizedTest
  @EnumSource(
      value = StopReason.class,
      names = {"MAX_TOKENS", "GUARDRAIL_INTERVENED", "CONTENT_FILTERED", "MALFORMED_MODEL_OUTPUT",
          "MALFORMED_TOOL_USE", "MODEL_CONTEXT_WINDOW_EXCEEDED", "UNKNOWN_TO_SDK_VERSION"})
  void answersThatDidNotFinishNormallyAreNeverCached(StopReason stop) {
    cache.get(request("Q"), r -> CompletableFuture.completedFuture(
        answer("partial", stop, new BigDecimal("0.01")))).join();

    assertThat(cache.lookup(request("Q"))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = StopReason.class, names = {"END_TURN", "STOP_SEQUENCE", "TOOL_USE"})
  void answersThatFinishedNormallyAreCached(StopReason stop) {
    cache.get(request("Q"), r -> CompletableFuture.completedFuture(
        answer("done", stop, new BigDecimal("0.01")))).join();

    assertThat(cache.lookup(request("Q"))).isPresent();
  }

  @Test
  void truncatedAnswersAreCachedOnlyWhenOptedIn() {
    ExactCache optedIn =
        ExactCache.builder().policy(CachePolicy.ofDefaults().withTruncatedAnswers(true)).build();
    optedIn.get(request("Q"), r -> CompletableFuture.completedFuture(
        answer("cut", StopReason.MAX_TOKENS, null))).join();

    assertThat(optedIn.lookup(request("Q"))).map(ChatResponse::truncated).contains(true);
  }

  @Test
  void requestsAboveTheTemperatureThresholdBypassTheCacheUnlessOptedIn() {
    ChatRequest hot = request("Write a poem").toBuilder().temperature(0.9f).build();
    cache.get(hot, loader).join();
    cache.get(hot, loader).join();
    assertThat(loader.calls()).isEqualTo(2);

    ExactCache anyTemperature =
        ExactCache.builder().policy(CachePolicy.ofDefaults().withMaxTemperature(1f)).build();
    anyTemperature.get(hot, loader).join();
    anyTemperature.get(hot, loader).join();
    assertThat(loader.calls()).isEqualTo(3);
  }

  @Test
  void streamsLookUpAndStoreWithoutALoader() {
    assertThat(cache.lookup(request("Stream me"))).isEmpty();
    cache.store(request("Stream me"), answer("streamed"));

    Optional<ChatResponse> hit = cache.lookup(request("Stream me"));
    assertThat(hit).map(ChatResponse::text).contains("streamed");
    assertThat(hit).map(ChatResponse::fromCache).contains(true);
    cache.store(request("Degraded stream"), degraded("busy"));
    assertThat(cache.lookup(request("Degraded stream"))).isEmpty();
  }

  @Test
  void invalidateScopeDropsOnlyThatScope() {
    cache.get(request("Q", ACME), loader).join();
    cache.get(request("Q", GLOBEX), loader).join();

    cache.invalidate(ACME).join();

    assertThat(cache.lookup(request("Q", ACME))).isEmpty();
    assertThat(cache.lookup(request("Q", GLOBEX))).isPresent();
  }

  @Test
  void invalidateTemplateVersionDropsOnlyThatVersion() {
    ChatRequest v3 = request("Q").toBuilder().template("faq", "3", Map.of("q", "Q")).build();
    ChatRequest v4 = request("Q").toBuilder().template("faq", "4", Map.of("q", "Q")).build();
    ChatRequest other = request("Q").toBuilder().template("help", "3", Map.of("q", "Q")).build();
    for (ChatRequest r : List.of(v3, v4, other)) {
      cache.get(r, loader).join();
    }

    cache.invalidateTemplate("faq", "3").join();
    assertThat(cache.lookup(v3)).isEmpty();
    assertThat(cache.lookup(v4)).isPresent();
    assertThat(cache.lookup(other)).isPresent();

    cache.invalidateTemplate("faq").join();
    assertThat(cache.lookup(v4)).isEmpty();
    assertThat(cache.lookup(other)).isPresent();
  }

  @Test
  void hitsAreCountedWithSavedCostOfTheOriginalAnswer() {
    cache.get(request("Q"), loader).join();
    for (int i = 0; i < 4; i++) {
      cache.get(request("Q"), loader).join();
    }

    assertThat(count("local", "hit")).isEqualTo(4);
    assertThat(count("local", "miss")).isEqualTo(1);
    assertThat(saved("local")).isCloseTo(4 * 0.0125, within(1e-9));
    assertThat(count("redis", "hit")).isZero();
  }
}
