package dev.bedrockkit.cache;

import static dev.bedrockkit.MetricNames.CACHE_REQUESTS;
import static dev.bedrockkit.MetricNames.CACHE_SAVED_COST;
import static dev.bedrockkit.MetricNames.TAG_RESULT;
import static dev.bedrockkit.MetricNames.TAG_TIER;
import static dev.bedrockkit.cache.Fixtures.ACME;
import static dev.bedrockkit.cache.Fixtures.GLOBEX;
import static dev.bedrockkit.cache.Fixtures.MODEL;
import static dev.bedrockkit.cache.Fixtures.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.RenderedPrompt;
import dev.bedrockkit.cache.Fixtures.CountingLoader;
import dev.bedrockkit.cache.Fixtures.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageFormat;
import software.amazon.awssdk.services.bedrockruntime.model.ImageSource;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/** The semantic cache with the real local embedding model (offline). */
class SemanticCacheTest {
  private static LocalEmbedder embedder;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final MutableClock clock = new MutableClock();
  private final CountingLoader loader = new CountingLoader();

  record OrderQuestion(String orderId, String question) {}

  private static final PromptTemplate<OrderQuestion, String> ORDER_STATUS =
      PromptTemplate.builder("order-status", OrderQuestion.class)
          .version("2")
          .system("You answer questions about one ACME order.")
          .user("Order {{orderId}}: {{question}}")
          .build();

  @BeforeAll
  static void loadModel() {
    embedder = LocalEmbedder.create();
  }

  private SemanticCache.Builder builder() {
    return SemanticCache.builder()
        .embedder(embedder)
        .untemplated()
        .template("order-status", "question")
        .meterRegistry(registry)
        .clock(clock);
  }

  private SemanticCache cache() {
    return builder().build();
  }

  private static ChatRequest ask(String text) {
    return ask(text, ACME);
  }

  private static ChatRequest ask(String text, CacheScope scope) {
    return ChatRequest.builder().model(MODEL).user(text).cacheScope(scope).build();
  }

  /** A request as BedrockKit.call builds it from a template. */
  private static ChatRequest order(String orderId, String question) {
    OrderQuestion input = new OrderQuestion(orderId, question);
    RenderedPrompt p = ORDER_STATUS.render(input);
    return ChatRequest.builder()
        .model(MODEL)
        .system(p.system())
        .user(p.user())
        .template(ORDER_STATUS.id(), ORDER_STATUS.version(), ORDER_STATUS.values(input))
        .cacheScope(ACME)
        .build();
  }

  private double count(String result) {
    return registry.get(CACHE_REQUESTS).tag(TAG_TIER, "semantic").tag(TAG_RESULT, result)
        .counter().count();
  }

  private ChatResponse call(SemanticCache cache, ChatRequest r) {
    return cache.get(r, loader).join();
  }

  @Test
  void paraphraseIsServedFromCacheWithSavedCost() {
    SemanticCache cache = cache();
    ChatResponse first = call(cache, ask("How do I reset my password?"));
    ChatResponse second = call(cache, ask("How can I reset my password?"));

    assertThat(loader.calls()).isEqualTo(1);
    assertThat(second.fromCache()).isTrue();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(second.costUsd()).contains(BigDecimal.ZERO);
    assertThat(count("miss")).isEqualTo(1);
    assertThat(count("hit")).isEqualTo(1);
    assertThat(registry.get(CACHE_SAVED_COST).tag(TAG_TIER, "semantic").counter().count())
        .isCloseTo(0.0125, within(1e-9));
  }

  @Test
  void twoPlusThreeIsNeverAnsweredWithTwoPlusTwo() {
    // A permissive threshold makes "2+3" a candidate (similarity 0.88): the numbers guard refuses it.
    SemanticCache cache =
        SemanticCache.builder().embedder(embedder).untemplated(0.80).meterRegistry(registry)
            .build();
    call(cache, ask("What is 2+2?"));
    ChatResponse r = call(cache, ask("What is 2+3?"));

    assertThat(r.fromCache()).isFalse();
    assertThat(r.text()).isEqualTo("answer 2 to What is 2+3?");
    assertThat(count("rejected")).isEqualTo(1);
    assertThat(call(cache, ask("what's 2 + 2")).text()).isEqualTo("answer 1 to What is 2+2?");
    assertThat(call(cache, ask("What is 2+22?")).fromCache()).isFalse();
    // number words count as numbers: this is the cached "2+3" question, not "2+2"
    assertThat(call(cache, ask("what is two plus three")).text())
        .isEqualTo("answer 2 to What is 2+3?");
  }

  @Test
  void orderNumbersMustMatch() {
    SemanticCache cache = cache();
    call(cache, ask("Where is my order 1234?"));

    assertThat(call(cache, ask("Where is my order 1235?")).fromCache()).isFalse();
    assertThat(call(cache, ask("Where is my order 12345?")).fromCache()).isFalse();
    assertThat(call(cache, ask("Can you tell me where order 1234 is?")).fromCache()).isTrue();
  }

  @Test
  void negationIsNeverAnsweredWithTheAffirmative() {
    SemanticCache cache = cache();
    call(cache, ask("Cancel my order"));

    assertThat(call(cache, ask("Do not cancel my order")).fromCache()).isFalse();
    assertThat(call(cache, ask("Please don't cancel my order")).text())
        .isEqualTo("answer 2 to Do not cancel my order");
    assertThat(count("rejected")).isEqualTo(1);
  }

  @Test
  void differentNamesAreDifferentQuestions() {
    SemanticCache cache = cache();
    call(cache, ask("What's the weather in Paris?"));

    assertThat(call(cache, ask("What's the weather in London?")).fromCache()).isFalse();
    assertThat(call(cache, ask("Flights from Boston to Denver")).fromCache()).isFalse();
    assertThat(call(cache, ask("Flights from Denver to Boston")).fromCache()).isFalse();
    assertThat(call(cache, ask("What is the weather like in Paris?")).fromCache()).isTrue();
  }

  @Test
  void unitsDatesAndOppositesMustMatch() {
    SemanticCache cache = cache();
    call(cache, ask("Convert 5 km to miles"));
    call(cache, ask("What meetings do I have today?"));
    call(cache, ask("How do I enable two-factor authentication?"));

    assertThat(call(cache, ask("Convert 5 miles to km")).fromCache()).isFalse();
    assertThat(call(cache, ask("What meetings do I have tomorrow?")).fromCache()).isFalse();
    assertThat(call(cache, ask("How do I disable two-factor authentication?")).fromCache())
        .isFalse();
    assertThat(count("hit")).isZero();
  }

  @Test
  void typedTemplateValuesMustMatchExactlyAndOnlyFreeTextIsCompared() {
    SemanticCache cache = cache();
    ChatResponse first = call(cache, order("A-1001", "Where is my parcel?"));

    ChatResponse otherOrder = call(cache, order("A-1002", "Where is my parcel?"));
    ChatResponse paraphrase = call(cache, order("A-1001", "Where is my parcel now?"));

    assertThat(otherOrder.fromCache()).isFalse();
    assertThat(paraphrase.fromCache()).isTrue();
    assertThat(paraphrase.text()).isEqualTo(first.text());
    // the other order was not even a candidate: a different partition, not a guard rejection
    assertThat(count("rejected")).isZero();
    assertThat(cache.eligible(order("A-1001", "x"))).isTrue();
  }

  @Test
  void templateRequestWithoutItsFreeTextValueIsNotEligible() {
    SemanticCache cache = cache();
    RenderedPrompt p = ORDER_STATUS.render(new OrderQuestion("A-1", "Where?"));
    ChatRequest handBuilt =
        ChatRequest.builder().model(MODEL).system(p.system()).user(p.user())
            .template("order-status", "2").cacheScope(ACME).build();

    assertThat(cache.eligible(handBuilt)).isFalse();
  }

  @Test
  void templatesMustOptInAndCarryTheirOwnThreshold() {
    SemanticCache strict =
        SemanticCache.builder().embedder(embedder).template("order-status", 0.995, "question")
            .meterRegistry(registry).build();
    ChatRequest otherTemplate =
        ask("How do I reset my password?").toBuilder()
            .template("faq", "1", Map.of("q", "How do I reset my password?")).build();

    assertThat(strict.eligible(otherTemplate)).isFalse();
    assertThat(strict.eligible(ask("How do I reset my password?"))).isFalse(); // untemplated off
    call(strict, order("A-1", "Where is my parcel?"));
    assertThat(call(strict, order("A-1", "Where is my parcel now?")).fromCache()).isFalse();
  }

  @Test
  void onlySingleTurnTextRequestsWithoutToolsAreEligible() {
    SemanticCache cache = cache();
    ChatRequest multiTurn =
        ChatRequest.builder().model(MODEL).user("Hi").assistant("Hello").user("Reset password?")
            .cacheScope(ACME).build();
    ChatRequest withTools =
        ask("Reset password?").toBuilder().tools(ToolConfiguration.builder().tools(
            Tool.fromToolSpec(ToolSpecification.builder().name("t").inputSchema(
                ToolInputSchema.fromJson(software.amazon.awssdk.core.document.Document.mapBuilder()
                    .putString("type", "object").build())).build())).build()).build();
    ChatRequest withImage =
        ChatRequest.builder().model(MODEL).message(Message.builder().role(ConversationRole.USER)
            .content(ContentBlock.fromText("What is this?"), ContentBlock.fromImage(
                ImageBlock.builder().format(ImageFormat.PNG).source(ImageSource.fromBytes(
                    SdkBytes.fromByteArray(new byte[] {1}))).build())).build())
            .cacheScope(ACME).build();
    ChatRequest unscoped = ChatRequest.builder().model(MODEL).user("Reset password?").build();
    ChatRequest hot = ask("Reset password?").toBuilder().temperature(0.9f).build();

    assertThat(cache.eligible(ask("Reset password?"))).isTrue();
    assertThat(cache.eligible(multiTurn)).isFalse();
    assertThat(cache.eligible(withTools)).isFalse();
    assertThat(cache.eligible(withImage)).isFalse();
    assertThat(cache.eligible(unscoped)).isFalse();
    assertThat(cache.eligible(hot)).isFalse();
    call(cache, unscoped);
    call(cache, unscoped);
    assertThat(loader.calls()).isEqualTo(2);
  }

  @Test
  void scopeSystemPromptAndModelSeparateAnswers() {
    SemanticCache cache = cache();
    call(cache, ask("How do I reset my password?", ACME));

    assertThat(call(cache, ask("How can I reset my password?", GLOBEX)).fromCache()).isFalse();
    assertThat(call(cache, ask("How can I reset my password?").toBuilder()
        .system("Answer in French.").build()).fromCache()).isFalse();
    assertThat(call(cache, ChatRequest.builder().model("anthropic.claude-3-5-haiku-20241022-v1:0")
        .user("How can I reset my password?").cacheScope(ACME).build()).fromCache()).isFalse();
    assertThat(call(cache, ask("How can I reset my password?", ACME)).fromCache()).isTrue();
  }

  @Test
  void embedderFailureIsACountedMissNeverAnError() {
    Embedder broken =
        new Embedder() {
          @Override
          public String id() {
            return "broken";
          }

          @Override
          public int dimensions() {
            return 384;
          }

          @Override
          public float[] embed(String text) {
            throw new IllegalStateException("model unavailable");
          }
        };
    SemanticCache cache =
        SemanticCache.builder().embedder(broken).untemplated().meterRegistry(registry).build();

    call(cache, ask("Q"));
    call(cache, ask("Q"));

    assertThat(loader.calls()).isEqualTo(2);
    assertThat(count("error")).isEqualTo(2);
  }

  @Test
  void entriesExpireAfterTheTtlAndTheOldestGoFirstBeyondTheBound() {
    SemanticCache cache = builder().ttl(Duration.ofMinutes(10)).maxEntries(2).build();
    call(cache, ask("How do I reset my password?"));
    clock.advance(Duration.ofMinutes(11));
    assertThat(call(cache, ask("How can I reset my password?")).fromCache()).isFalse();

    call(cache, ask("How do I delete my account?"));
    call(cache, ask("Do you ship internationally?"));
    assertThat(cache.size()).isEqualTo(2);
    assertThat(call(cache, ask("How can I delete my account?")).fromCache()).isTrue();
    assertThat(call(cache, ask("How can I reset my password?")).fromCache()).isFalse();
  }

  @Test
  void degradedAndTruncatedAnswersAreNotKept() {
    SemanticCache cache = cache();
    cache.get(ask("How do I reset my password?"),
        r -> CompletableFuture.completedFuture(Fixtures.degraded("busy"))).join();
    cache.get(ask("How do I delete my account?"), r -> CompletableFuture.completedFuture(
        answer("cut", StopReason.MAX_TOKENS, null))).join();

    assertThat(cache.size()).isZero();
  }

  @Test
  void streamsLookUpAndStoreThroughTheSemanticTier() {
    SemanticCache cache = cache();
    assertThat(cache.lookup(ask("How do I reset my password?"))).isEmpty();
    cache.store(ask("How do I reset my password?"), answer("Use the reset link."));

    Optional<ChatResponse> hit = cache.lookup(ask("How can I reset my password?"));
    assertThat(hit).map(ChatResponse::text).contains("Use the reset link.");
    assertThat(hit).map(ChatResponse::fromCache).contains(true);
  }

  @Test
  void invalidatingAScopeOrTemplateDropsItsEntries() {
    SemanticCache cache = cache();
    call(cache, ask("How do I reset my password?", ACME));
    call(cache, ask("How do I reset my password?", GLOBEX));
    call(cache, order("A-1", "Where is my parcel?"));

    cache.invalidate(GLOBEX).join();
    assertThat(call(cache, ask("How can I reset my password?", GLOBEX)).fromCache()).isFalse();
    assertThat(call(cache, ask("How can I reset my password?", ACME)).fromCache()).isTrue();

    cache.invalidateTemplate("order-status", "2").join();
    assertThat(call(cache, order("A-1", "Where is my parcel now?")).fromCache()).isFalse();
  }

  @Test
  void builderRefusesACacheThatCouldAnswerNothing() {
    assertThatThrownBy(() -> SemanticCache.builder().embedder(embedder).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SemanticCache answers nothing until a template opts in, e.g."
            + " builder().template(\"faq\", \"question\"), or untemplated()");
    assertThatThrownBy(() -> SemanticCache.builder().untemplated().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("SemanticCache needs an embedder, e.g. builder().embedder(LocalEmbedder.create())");
    assertThatThrownBy(() -> SemanticCache.builder().template("faq"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("template 'faq' needs at least one free-text placeholder to compare by"
            + " meaning, e.g. template(\"faq\", \"question\")");
    assertThatThrownBy(() -> SemanticCache.builder().untemplated(1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threshold must be > 0.0 and <= 1.0 but was 1.5");
  }

  @Test
  void localEmbedderOptsOutOfTheTokenizersTelemetry() {
    assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
    assertThat(embedder.dimensions()).isEqualTo(384);
    assertThat(embedder.embed("hello")).hasSize(384);
  }
}
