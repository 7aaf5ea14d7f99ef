package dev.bedrockkit.chaos.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.TieredCache;
import dev.bedrockkit.chaos.RedisServer;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two tenants (and a user with the same id as one of them, and ids that differ only by case or a
 * trailing space) ask identical questions at the same time, through two "tasks" that share one
 * Redis: nobody ever gets an answer that was made for someone else, in the exact cache (in process
 * and Redis), the semantic cache (identical text, so cosine 1.0: the worst case) and both tiered.
 *
 * <p>Each answer is made by a loader that writes whom it was made for, so a leak cannot hide
 * behind two tenants receiving the same text. Each run also proves the cache served hits and that
 * loads overlapped, so the isolation is not an accident of an idle or empty cache.
 */
class TenantIsolationUnderConcurrencyTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final List<CacheScope> PRINCIPALS =
      List.of(
          CacheScope.tenant("acme"),
          CacheScope.tenant("globex"),
          CacheScope.user("acme"),
          CacheScope.tenant("ACME"),
          CacheScope.tenant("acme "),
          CacheScope.global());
  static final List<String> QUESTIONS =
      List.of(
          "How do I reset my password?",
          "What is my current balance?",
          "Show me the last invoice",
          "Which plan am I on?",
          "Cancel my subscription",
          "Who is my account manager?");
  static final int THREADS = 16;
  static final int REQUESTS_PER_THREAD = 150;

  static RedisServer redis;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    redis.close();
  }

  @BeforeEach
  void flush() throws Exception {
    redis.command("FLUSHALL");
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  /** Deterministic bag-of-words vectors: identical questions get identical vectors. */
  static final class WordEmbedder implements Embedder {
    @Override
    public String id() {
      return "test-words-64";
    }

    @Override
    public int dimensions() {
      return 64;
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[64];
      for (String w : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
        if (!w.isEmpty()) {
          v[Math.floorMod(w.hashCode(), 64)] += 1;
        }
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) (v[i] / Math.sqrt(n));
      }
      return v;
    }
  }

  private RedisTier tier() {
    RedisTier t =
        RedisTier.builder()
            .uri(redis.uri())
            .timeout(Duration.ofSeconds(1))
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    toClose.add(t);
    return t;
  }

  private static ExactCache exact(RedisTier tier, long localEntries) {
    ExactCache.Builder b =
        ExactCache.builder().localMaxEntries(localEntries).meterRegistry(new SimpleMeterRegistry());
    return tier == null ? b.build() : b.redis(tier).build();
  }

  private static SemanticCache semantic(RedisTier tier) {
    SemanticCache.Builder b =
        SemanticCache.builder()
            .embedder(new WordEmbedder())
            .untemplated()
            .meterRegistry(new SimpleMeterRegistry());
    return tier == null ? b.build() : b.redis(tier).build();
  }

  private static ChatRequest request(CacheScope scope, String question) {
    return ChatRequest.builder().user(question).cacheScope(scope).build();
  }

  private static String owner(CacheScope scope, String question) {
    return scope.key() + "|" + question + "|";
  }

  /** What one concurrent run saw. */
  record Outcome(int requests, int loads, int hits, int maxLoadsInFlight, List<String> leaks) {}

  /**
   * {@link #THREADS} threads, each sending {@link #REQUESTS_PER_THREAD} requests for a random
   * principal and question through a random task, all released at once.
   */
  private static Outcome run(List<ResponseCache> tasks) throws Exception {
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger hits = new AtomicInteger();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    List<String> leaks = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    ExecutorService loaders = Executors.newCachedThreadPool();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        SplittableRandom random = new SplittableRandom(t);
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                    CacheScope scope = PRINCIPALS.get(random.nextInt(PRINCIPALS.size()));
                    String question = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
                    ResponseCache cache = tasks.get(random.nextInt(tasks.size()));
                    Function<ChatRequest, CompletableFuture<ChatResponse>> loader =
                        r ->
                            CompletableFuture.supplyAsync(
                                () -> {
                                  loads.incrementAndGet();
                                  maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                  try {
                                    Thread.sleep(2);
                                  } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                  } finally {
                                    inFlight.decrementAndGet();
                                  }
                                  // Whom the answer was made for: the request the loader got.
                                  return Answers.answer(
                                      owner(r.cacheScope(), r.lastUserText()) + UUID.randomUUID());
                                },
                                loaders);
                    ChatResponse answer =
                        cache.get(request(scope, question), loader).get(30, TimeUnit.SECONDS);
                    if (answer.fromCache()) {
                      hits.incrementAndGet();
                    }
                    if (!answer.text().startsWith(owner(scope, question))) {
                      leaks.add(scope.key() + " asked '" + question + "' and got '" + answer.text() + "'");
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      loaders.shutdownNow();
    }
    return new Outcome(THREADS * REQUESTS_PER_THREAD, loads.get(), hits.get(), maxInFlight.get(), leaks);
  }

  private static void assertIsolated(Outcome o) {
    assertThat(o.leaks()).as("answers served to someone they were not made for").isEmpty();
    assertThat(o.hits()).as("hits (the cache must actually serve answers)").isGreaterThan(o.requests() / 4);
    assertThat(o.maxLoadsInFlight()).as("loads in flight at once").isGreaterThan(1);
  }

  /** The detector works: a cache keyed without the scope is caught leaking. */
  @Test
  void aCacheThatIgnoredTheScopeWouldBeCaught() throws Exception {
    ExactCache real = exact(null, 10_000);
    ResponseCache scopeBlind =
        new ResponseCache() {
          @Override
          public CompletableFuture<ChatResponse> get(
              ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader) {
            ChatRequest shared = request.toBuilder().cacheScope(CacheScope.tenant("everyone")).build();
            return real.get(shared, r -> loader.apply(request));
          }

          @Override
          public java.util.Optional<ChatResponse> lookup(ChatRequest request) {
            return java.util.Optional.empty();
          }

          @Override
          public void store(ChatRequest request, ChatResponse response) {}
        };
    assertThat(run(List.of(scopeBlind)).leaks()).isNotEmpty();
  }

  @Test
  void exactInProcess() throws Exception {
    assertIsolated(run(List.of(exact(null, 10_000))));
  }

  @Test
  void exactThroughRedisOnlyAcrossTwoTasks() throws Exception {
    assertIsolated(run(List.of(exact(tier(), 0), exact(tier(), 0))));
  }

  @Test
  void exactInProcessAndRedisAcrossTwoTasks() throws Exception {
    assertIsolated(run(List.of(exact(tier(), 10_000), exact(tier(), 10_000))));
  }

  @Test
  void semanticInProcess() throws Exception {
    assertIsolated(run(List.of(semantic(null))));
  }

  @Test
  void semanticThroughRedisAcrossTwoTasks() throws Exception {
    assertIsolated(run(List.of(semantic(tier()), semantic(tier()))));
  }

  @Test
  void tieredThroughRedisAcrossTwoTasks() throws Exception {
    assertIsolated(
        run(
            List.of(
                TieredCache.of(exact(tier(), 0), semantic(tier())),
                TieredCache.of(exact(tier(), 0), semantic(tier())))));
  }

  /**
   * End to end through two kits that share Redis: a cached answer carries the Bedrock request id
   * of the call that made it, and that call must have been made for the same tenant.
   */
  @Test
  void endToEndEveryCachedAnswerComesFromACallMadeForTheSameTenant() throws Exception {
    List<BedrockKit> kits = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      BedrockKit kit =
          BedrockKit.builder()
              .client(BEDROCK.bedrockClient())
              .models(ModelCatalog.CLAUDE_3_HAIKU)
              .responseCache(TieredCache.of(exact(tier(), 100), semantic(tier())))
              .build();
      toClose.add(kit);
      kits.add(kit);
    }
    List<CacheScope> tenants = List.of(CacheScope.tenant("acme"), CacheScope.tenant("globex"));
    Map<String, Set<String>> madeFor = new ConcurrentHashMap<>();
    // One list of pairs: two lists appended separately by concurrent threads would misalign.
    List<Map.Entry<CacheScope, ChatResponse>> cached = new CopyOnWriteArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        SplittableRandom random = new SplittableRandom(100 + t);
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < 60; i++) {
                    CacheScope scope = tenants.get(random.nextInt(2));
                    String question = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
                    ChatResponse r =
                        kits.get(random.nextInt(2)).chat(request(scope, question));
                    if (r.fromCache()) {
                      cached.add(Map.entry(scope, r));
                    } else {
                      madeFor.computeIfAbsent(scope.key(), k -> ConcurrentHashMap.newKeySet()).add(r.requestId());
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cached).as("cached answers").hasSizeGreaterThan(100);
    for (Map.Entry<CacheScope, ChatResponse> c : cached) {
      String owner = c.getKey().key();
      assertThat(madeFor.getOrDefault(owner, Set.of()))
          .as("request ids of calls made for " + owner)
          .contains(c.getValue().requestId());
    }
  }
}
