package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.MetricNames;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The exact response cache: when it is configured, what it caches, who counts it. */
@ExtendWith(OutputCaptureExtension.class)
class CacheAutoConfigurationTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static ApplicationContextRunner runner() {
    return Runners.onEmulator(BEDROCK.endpoint());
  }

  static ChatRequest scoped(String text) {
    return ChatRequest.builder().user(text).cacheScope(CacheScope.tenant("acme")).build();
  }

  private static long converseCalls() {
    return BEDROCK.journal().count(Operation.CONVERSE);
  }

  @Test
  void anExactInProcessCacheIsTheKitsCacheByDefault() {
    runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(ResponseCache.class);
              assertThat(context).getBean("bedrockKitResponseCache").isInstanceOf(ExactCache.class);
              assertThat(context).doesNotHaveBean(RedisTier.class);
              assertThat(context).doesNotHaveBean(Embedder.class);

              BedrockKit kit = context.getBean(BedrockKit.class);
              ChatResponse first = kit.chat(scoped("What is Amazon Bedrock?"));
              ChatResponse second = kit.chat(scoped("What is Amazon Bedrock?"));

              assertThat(first.fromCache()).isFalse();
              assertThat(second.fromCache()).isTrue();
              assertThat(second.text()).isEqualTo(first.text());
              assertThat(converseCalls()).isEqualTo(1);
              assertThat(context.getBean(ExactCache.class).localSize()).isEqualTo(1);
            });
  }

  @Test
  void requestsWithoutACacheScopeAlwaysCallTheModel() {
    runner()
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(ChatRequest.of("What is Amazon Bedrock?"));
              kit.chat(ChatRequest.of("What is Amazon Bedrock?"));
              assertThat(converseCalls()).isEqualTo(2);
            });
  }

  @Test
  void noCacheWhenDisabled() {
    runner()
        .withPropertyValues("bedrock-kit.cache.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ResponseCache.class);
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(scoped("What is Amazon Bedrock?"));
              assertThat(kit.chat(scoped("What is Amazon Bedrock?")).fromCache()).isFalse();
              assertThat(converseCalls()).isEqualTo(2);
            });
  }

  @Test
  void theApplicationStartsWithoutTheCacheModuleAndHasNoCache() {
    runner()
        .withClassLoader(new FilteredClassLoader("dev.bedrockkit.cache."))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ResponseCache.class);
              assertThat(context).doesNotHaveBean("bedrockKitResponseCache");
              assertThat(context).hasSingleBean(BedrockKit.class);
            });
  }

  @Test
  void withoutLettuceARedisUrlIsLoggedAndTheCacheStaysInProcess(CapturedOutput output) {
    runner()
        .withClassLoader(new FilteredClassLoader("io.lettuce"))
        .withPropertyValues("bedrock-kit.cache.redis.url=redis://127.0.0.1:1")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RedisTier.class);
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(ExactCache.class);
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(scoped("What is Amazon Bedrock?"));
              assertThat(kit.chat(scoped("What is Amazon Bedrock?")).fromCache()).isTrue();
            });
    assertThat(output)
        .contains(
            "bedrock-kit.cache.redis.url is set, but Lettuce (io.lettuce:lettuce-core) is not on"
                + " the classpath: the response cache stays in process and is not shared between"
                + " tasks. Add lettuce-core to share answers through Redis.");
  }

  @Test
  void theApplicationsOwnResponseCacheWins() {
    CountingCache own = new CountingCache();
    runner()
        .withBean(ResponseCache.class, () -> own)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isSameAs(own);
              assertThat(context).doesNotHaveBean(ExactCache.class);
              context.getBean(BedrockKit.class).chat(scoped("What is Amazon Bedrock?"));
              assertThat(own.gets.get()).isEqualTo(1);
            });
  }

  @Test
  void temperaturesAboveTheThresholdBypassTheCacheUnlessItIsRaised() {
    ChatRequest warm =
        ChatRequest.builder()
            .user("Write a haiku")
            .temperature(0.8f)
            .cacheScope(CacheScope.global())
            .build();
    runner()
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(warm);
              assertThat(kit.chat(warm).fromCache()).isFalse();
              assertThat(converseCalls()).isEqualTo(2);
            });
    BEDROCK.journal().clear();
    runner()
        .withPropertyValues("bedrock-kit.cache.max-temperature=1")
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(warm);
              assertThat(kit.chat(warm).fromCache()).isTrue();
              assertThat(converseCalls()).isEqualTo(1);
            });
  }

  @Test
  void truncatedAnswersAreOnlyCachedWhenAskedFor() {
    ChatRequest cut =
        ChatRequest.builder()
            .user("Tell me everything about Amazon Bedrock")
            .maxTokens(2)
            .cacheScope(CacheScope.global())
            .build();
    runner()
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              assertThat(kit.chat(cut).stopReason().toString()).isEqualTo("max_tokens");
              assertThat(kit.chat(cut).fromCache()).isFalse();
              assertThat(converseCalls()).isEqualTo(2);
            });
    BEDROCK.journal().clear();
    runner()
        .withPropertyValues("bedrock-kit.cache.truncated-answers=true")
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(cut);
              assertThat(kit.chat(cut).fromCache()).isTrue();
              assertThat(converseCalls()).isEqualTo(1);
            });
  }

  @Test
  void noInProcessTierWithZeroEntries() {
    runner()
        .withPropertyValues("bedrock-kit.cache.local.max-entries=0")
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(scoped("What is Amazon Bedrock?"));
              assertThat(kit.chat(scoped("What is Amazon Bedrock?")).fromCache()).isFalse();
              assertThat(converseCalls()).isEqualTo(2);
            });
  }

  @Test
  void hitsAreCountedOnTheApplicationsRegistry() {
    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(scoped("What is Amazon Bedrock?"));
              kit.chat(scoped("What is Amazon Bedrock?"));
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(requests(registry, MetricNames.CACHE_RESULT_HIT)).isEqualTo(1);
              assertThat(requests(registry, MetricNames.CACHE_RESULT_MISS)).isEqualTo(1);
            });
  }

  @Test
  void nothingIsCountedOnTheRegistryWhenBedrockKitMetricsAreOff() {
    runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("bedrock-kit.metrics.enabled=false")
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(scoped("What is Amazon Bedrock?"));
              assertThat(kit.chat(scoped("What is Amazon Bedrock?")).fromCache()).isTrue();
              assertThat(context.getBean(MeterRegistry.class).find(MetricNames.CACHE_REQUESTS).meters())
                  .isEmpty();
            });
  }

  private static double requests(MeterRegistry registry, String result) {
    Counter counter =
        registry
            .find(MetricNames.CACHE_REQUESTS)
            .tag(MetricNames.TAG_TIER, MetricNames.CACHE_TIER_LOCAL)
            .tag(MetricNames.TAG_RESULT, result)
            .counter();
    assertThat(counter).as("local " + result + " counter").isNotNull();
    return counter.count();
  }

  /** A cache of the application's own that counts how often the kit asks it. */
  static final class CountingCache implements ResponseCache {
    final AtomicInteger gets = new AtomicInteger();

    @Override
    public CompletableFuture<ChatResponse> get(
        ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader) {
      gets.incrementAndGet();
      return loader.apply(request);
    }

    @Override
    public Optional<ChatResponse> lookup(ChatRequest request) {
      return Optional.empty();
    }

    @Override
    public void store(ChatRequest request, ChatResponse response) {}
  }
}
