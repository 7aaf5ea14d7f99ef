package dev.bedrockkit.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.TypedResponse;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.Operation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** BedrockKit with the response caches against the Bedrock emulator, through the real SDK. */
class EmulatorEndToEndTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  private static LocalEmbedder local;

  private BedrockKit kit;
  private RedisTier redis;

  record Question(String customer, String question) {}

  static final PromptTemplate<Question, String> SUPPORT =
      PromptTemplate.builder("support-answer", Question.class)
          .version("3")
          .system("You help customers of ACME.")
          .user("Customer {{customer}} asks: {{question}}")
          .build();

  @BeforeAll
  static void loadModel() {
    local = LocalEmbedder.create();
  }

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private BedrockKit kit(ResponseCache cache, ModelConfig config) {
    BedrockKit.Builder b =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5))
                .build());
    if (config != null) {
      b.modelConfig(ModelConfigSource.of(config));
    } else {
      b.models(HAIKU);
    }
    if (cache != null) {
      b.responseCache(cache);
    }
    kit = b.build();
    return kit;
  }

  private RedisTier redis() {
    redis = RedisTier.builder().uri(REDIS.uri()).timeout(Duration.ofSeconds(1))
        .meterRegistry(new SimpleMeterRegistry()).build();
    assertThat(Fixtures.eventually(Duration.ofSeconds(15), redis::isConnected)).isTrue();
    return redis;
  }

  private static ChatRequest ask(String text, CacheScope scope) {
    return ChatRequest.builder().user(text).cacheScope(scope).build();
  }

  @Test
  void secondIdenticalRequestIsAHitWithNoModelCallAndAnotherTenantIsAMiss() {
    BedrockKit kit =
        kit(ExactCache.builder().redis(redis()).meterRegistry(new SimpleMeterRegistry()).build(),
            null);

    ChatResponse first = kit.chat(ask("What is Amazon Bedrock?", CacheScope.tenant("acme")));
    ChatResponse second = kit.chat(ask("What is Amazon Bedrock?", CacheScope.tenant("acme")));

    assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(1);
    assertThat(first.fromCache()).isFalse();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.usage().totalTokens()).isZero();
    assertThat(second.costUsd()).contains(BigDecimal.ZERO);

    ChatResponse otherTenant = kit.chat(ask("What is Amazon Bedrock?", CacheScope.tenant("globex")));
    assertThat(otherTenant.fromCache()).isFalse();
    assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(2);

    kit.chat(ChatRequest.of("What is Amazon Bedrock?")); // no scope: never cached
    kit.chat(ChatRequest.of("What is Amazon Bedrock?"));
    assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(4);
  }

  @Test
  void secondTaskAnswersFromRedisWithoutCallingTheModel() {
    RedisTier shared = redis();
    BedrockKit taskA = kit(ExactCache.builder().redis(shared).build(), null);
    taskA.chat(ask("Which regions have Bedrock?", CacheScope.global()));
    BedrockKit taskB =
        BedrockKit.builder().client(BEDROCK.bedrockClient()).models(HAIKU)
            .responseCache(ExactCache.builder().redis(shared).build()).build();
    try {
      assertThat(Fixtures.eventually(Duration.ofSeconds(15),
          () -> taskB.chat(ask("Which regions have Bedrock?", CacheScope.global())).fromCache()))
          .isTrue();
      assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(1);
    } finally {
      taskB.close();
    }
  }

  @Test
  void streamedAnswersAreStoredAndReplayedAsStreams() {
    BedrockKit kit = kit(ExactCache.builder().build(), null);
    StringBuilder firstText = new StringBuilder();
    StringBuilder replayed = new StringBuilder();

    ChatResponse first =
        kit.stream(ask("Stream me an answer", CacheScope.tenant("acme")), firstText::append).join();
    ChatResponse second =
        kit.stream(ask("Stream me an answer", CacheScope.tenant("acme")), replayed::append).join();

    assertThat(BEDROCK.journal().count(Operation.CONVERSE_STREAM)).isEqualTo(1);
    assertThat(second.fromCache()).isTrue();
    assertThat(replayed.toString()).isEqualTo(first.text()).isEqualTo(firstText.toString());
  }

  @Test
  void templateCallsCarryTheirValuesSoParaphrasesHitAndOtherCustomersMiss() {
    TieredCache cache =
        TieredCache.of(
            ExactCache.builder().build(),
            SemanticCache.builder().embedder(local).template("support-answer", "question")
                .build());
    BedrockKit kit = kit(cache, null);
    CacheScope acme = CacheScope.tenant("acme");

    TypedResponse<String> first = kit.call(SUPPORT, new Question("Ann", "How do I reset my password?"),
        b -> b.cacheScope(acme));
    TypedResponse<String> paraphrase = kit.call(SUPPORT,
        new Question("Ann", "How can I reset my password?"), b -> b.cacheScope(acme));
    TypedResponse<String> otherCustomer = kit.call(SUPPORT,
        new Question("Bob", "How can I reset my password?"), b -> b.cacheScope(acme));

    assertThat(paraphrase.response().fromCache()).isTrue();
    assertThat(paraphrase.value()).isEqualTo(first.value());
    assertThat(otherCustomer.response().fromCache()).isFalse();
    assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(2);
  }

  @Test
  void whenEveryModelFailsTheLastKnownAnswerIsServedMarkedDegraded() {
    ModelConfig config =
        new ModelConfig(true, Map.of("default", List.of(ModelTarget.of(HAIKU))),
            "The assistant is busy.", "test");
    Fixtures.MutableClock clock = new Fixtures.MutableClock();
    BedrockKit kit =
        kit(ExactCache.builder().localTtl(Duration.ofMinutes(15)).clock(clock).build(), config);
    ChatResponse fresh = kit.chat(ask("What is my plan?", CacheScope.user("u-1")));
    clock.advance(Duration.ofMinutes(16)); // past its freshness, still within the stale window
    assertThat(kit.chat(ask("What is my plan?", CacheScope.user("u-1"))).fromCache()).isFalse();
    clock.advance(Duration.ofMinutes(16)); // that answer too is stale now, but still known

    BEDROCK.faults().modelDown(HAIKU);
    ChatResponse degraded = kit.chat(ask("What is my plan?", CacheScope.user("u-1")));

    assertThat(degraded.degraded()).isTrue();
    assertThat(degraded.text()).isEqualTo(fresh.text());
    ChatResponse unknown = kit.chat(ask("Something never asked", CacheScope.user("u-1")));
    assertThat(unknown.degraded()).isTrue();
    assertThat(unknown.text()).isEqualTo("The assistant is busy.");
  }

  @Test
  void titanEmbedderEmbedsThroughTheKitAndDrivesTheSemanticCache() {
    BedrockKit embeddingKit = kit(null, null);
    TitanEmbedder titan = TitanEmbedder.of(embeddingKit);

    float[] v = titan.embed("How do I reset my password?");
    assertThat(v).hasSize(512);
    assertThat(titan.id()).isEqualTo("amazon.titan-embed-text-v2:0/512");
    assertThat(BEDROCK.journal().calls(ModelCatalog.TITAN_EMBED_TEXT_V2)).hasSize(1);
    assertThat(titan.embedAsync("hello").join()).hasSize(512);

    // The emulator's embeddings hash words: only a wiring check, not a quality one.
    SemanticCache cache =
        SemanticCache.builder().embedder(titan).untemplated(0.5).build();
    cache.store(ask("How do I reset my password?", CacheScope.global()),
        Fixtures.answer("Use the reset link."));
    assertThat(cache.lookup(ask("How do I reset my password please?", CacheScope.global())))
        .map(ChatResponse::text).contains("Use the reset link.");
    assertThat(cache.lookup(ask("How do I reset my password 2?", CacheScope.global()))).isEmpty();
  }
}
