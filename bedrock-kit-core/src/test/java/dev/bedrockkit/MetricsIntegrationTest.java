package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.ModelCatalog;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Metrics, pricing, budgets and guards on real requests: BedrockKit over the real SDK clients
 * against the emulator, whose token counts are one token per four characters of text.
 */
class MetricsIntegrationTest {
  static final Duration FIRST_TOKEN = Duration.ofMillis(120);

  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK =
      BedrockEmulatorExtension.of(
          BedrockEmulator.builder().latency(LatencyModel.of(FIRST_TOKEN, 2_000)));

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String HAIKU_35 = ModelCatalog.CLAUDE_3_5_HAIKU_US; // profile only, priced as its base model
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BedrockKitMetrics metrics =
      BedrockKitMetrics.builder(registry).allowedAttributions("search").build();
  private BedrockKit kit;

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
  }

  private BedrockKit.Builder kitBuilder(String... models) {
    return BedrockKit.builder()
        .client(BEDROCK.bedrockClient())
        .asyncClient(BEDROCK.bedrockAsyncClient())
        .models(models)
        .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  @Test
  void chatRecordsTheEmulatorsTokenCountsAndTheirExactCost() {
    kit = kitBuilder(HAIKU).listener(metrics).pricing(PricingCatalog.ofDefaults()).build();
    String prompt = "What is Amazon Bedrock, and what does a token cost?"; // 51 characters

    ChatResponse r =
        kit.chat(ChatRequest.builder().user(prompt).template("faq", "v1").attribution("search").build());

    int input = 13; // ceil(51 / 4)
    int output = (r.text().length() + 3) / 4;
    assertThat(r.usage()).isEqualTo(new TokenUsage(input, output, 0, 0));
    BigDecimal expected =
        new BigDecimal("0.25").multiply(BigDecimal.valueOf(input))
            .add(new BigDecimal("1.25").multiply(BigDecimal.valueOf(output)))
            .movePointLeft(6);
    assertThat(r.costUsd()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(expected));
    assertThat(tokens("input")).isEqualTo(input);
    assertThat(tokens("output")).isEqualTo(output);
    assertThat(registry.get("bedrockkit.cost").tag("model", HAIKU).tag("template", "faq")
            .tag("attribution", "search").counter().count())
        .isEqualTo(expected.doubleValue());
    Timer duration = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(duration.getId().getTag("gen_ai.response.model")).isEqualTo(HAIKU);
    assertThat(duration.getId().getTag("server.address")).isEqualTo("bedrock-runtime.us-east-1.amazonaws.com");
    assertThat(duration.getId().getTag("error.type")).isEqualTo("none");
    assertThat(duration.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(FIRST_TOKEN.toMillis());
    assertThat(registry.get("bedrockkit.attempts").tag("outcome", "success").counter().count()).isEqualTo(1.0);
  }

  @Test
  void streamRecordsTimeToFirstChunkTimePerChunkAndTokensPerSecond() {
    kit = kitBuilder(HAIKU).listener(metrics).pricing(PricingCatalog.ofDefaults()).build();
    StringBuilder text = new StringBuilder();

    ChatResponse r =
        kit.stream(ChatRequest.of("Stream me a few words about metrics please"), text::append).join();

    assertThat(text.toString()).isEqualTo(r.text());
    Timer first = registry.get("gen_ai.client.operation.time_to_first_chunk").timer();
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.totalTime(TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(FIRST_TOKEN.toMillis())
        .isLessThanOrEqualTo(r.latency().toMillis());
    assertThat(first.getId().getTag("gen_ai.operation.name")).isEqualTo("chat");
    assertThat(registry.get("gen_ai.client.operation.time_per_output_chunk").timer().count()).isEqualTo(1);
    assertThat(registry.get("bedrockkit.stream.output.tokens.per.second").summary().totalAmount()).isPositive();
    assertThat(tokens("output")).isEqualTo(r.usage().outputTokens());
    assertThat(registry.get("bedrockkit.cost").counter().count()).isPositive();
  }

  @Test
  void promptCacheReadsAndWritesAreRecordedAndPricedAtTheirOwnPrices() {
    kit = kitBuilder(HAIKU_35).listener(metrics).pricing(PricingCatalog.ofDefaults()).build();
    String system = "You answer questions about the bedrock-kit metrics. ".repeat(8); // 416 chars
    ChatRequest request = ChatRequest.builder().system(system).cachePoint().user("Which metrics?").build();

    ChatResponse first = kit.chat(request);
    ChatResponse second = kit.chat(request);

    assertThat(first.usage().cacheWriteInputTokens()).isEqualTo(104);
    assertThat(second.usage().cacheReadInputTokens()).isEqualTo(104);
    assertThat(tokens("cache_write")).isEqualTo(104);
    assertThat(tokens("cache_read")).isEqualTo(104);
    // the second call's 104 cache-read tokens cost 0.08 per 1M, not the 0.80 input price
    BigDecimal readPart = new BigDecimal("0.08").multiply(BigDecimal.valueOf(104)).movePointLeft(6);
    BigDecimal rest =
        PricingCatalog.ofDefaults()
            .cost(HAIKU_35, null, new TokenUsage(second.usage().inputTokens(), second.usage().outputTokens(), 0, 0))
            .orElseThrow();
    assertThat(second.costUsd()).hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo(readPart.add(rest)));
  }

  @Test
  void meterRegistryShortcutRecordsEveryRequest() {
    kit = kitBuilder(HAIKU).meterRegistry(registry).pricing(PricingCatalog.ofDefaults()).build();

    kit.chat(ChatRequest.of("hello"));

    Timer duration = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(duration.getId().getTag("attribution")).isEqualTo("none");
    assertThat(registry.get("bedrockkit.cost").counter().count()).isPositive();
  }

  @Test
  void throttledModelCountsAttemptsThrottlesAndAFallbackByReason() {
    kit = kitBuilder(HAIKU, SONNET).listener(metrics).pricing(PricingCatalog.ofDefaults()).build();
    BEDROCK.faults().forModel(HAIKU).throttleNext(3);

    ChatResponse r = kit.chat(ChatRequest.of("hello"));

    assertThat(r.modelId()).isEqualTo(SONNET);
    assertThat(registry.get("bedrockkit.attempts").tag("model", HAIKU).tag("outcome", "throttled").counter().count())
        .isEqualTo(3.0);
    assertThat(registry.get("bedrockkit.throttles").tag("model", HAIKU).counter().count()).isEqualTo(3.0);
    assertThat(registry.get("bedrockkit.fallbacks").counter().getId().getTag("reason")).isEqualTo("throttled");
    assertThat(registry.get("bedrockkit.fallbacks").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.request.model"))
        .isEqualTo(HAIKU);
    assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.response.model"))
        .isEqualTo(SONNET);
  }

  @Test
  void failedRequestRecordsDurationWithErrorType() {
    kit = kitBuilder(HAIKU).listener(metrics).build();
    BEDROCK.faults().serverErrorNext(100);

    assertThatThrownBy(() -> kit.chat(ChatRequest.of("hello"))).isInstanceOf(BedrockKitException.class);

    Timer duration = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(duration.getId().getTag("error.type")).isEqualTo("AllModelsFailedException");
    assertThat(duration.getId().getTag("gen_ai.response.model")).isEqualTo("none");
    assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
  }

  @Test
  void hardBudgetRefusesTheNextRequestBeforeAnyModelCall() {
    Budgets budgets =
        Budgets.builder().limit("search", new BigDecimal("0.000001")).hardLimit(true).meterRegistry(registry).build();
    kit = kitBuilder(HAIKU).listener(metrics).pricing(PricingCatalog.ofDefaults()).budgets(budgets).build();
    ChatRequest request = ChatRequest.builder().user("spend a little").attribution("search").build();

    kit.chat(request);
    assertThatThrownBy(() -> kit.chat(request))
        .isInstanceOf(BudgetExceededException.class)
        .hasMessageStartingWith("The budget of attribution 'search' is spent: $");

    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(1);
    assertThat(registry.get("bedrockkit.budget.alerts").tag("threshold", "100").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("bedrockkit.budget.rejections").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("gen_ai.client.operation.duration").tag("error.type", "BudgetExceededException").timer().count())
        .isEqualTo(1);
  }

  @Test
  void attributionAllowListRefusesBeforeAnyModelCall() {
    kit = kitBuilder(HAIKU).requestGuard(AttributionAllowList.of("search", "support")).build();

    assertThatThrownBy(() -> kit.chat(ChatRequest.builder().user("hi").attribution("user-4711").build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("attribution 'user-4711' is not allowed: use one of [search, support]");
    assertThat(BEDROCK.journal().count(HAIKU)).isZero();
  }

  private double tokens(String type) {
    return registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", type).summary().totalAmount();
  }
}
