package dev.bedrockkit;

import static dev.bedrockkit.Events.HAIKU;
import static dev.bedrockkit.Events.HAIKU_35;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener.AttemptEvent;
import dev.bedrockkit.BedrockKitListener.CircuitEvent;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.BedrockKitListener.FallbackEvent;
import dev.bedrockkit.BedrockKitListener.Operation;
import dev.bedrockkit.BedrockKitListener.RequestEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BedrockKitMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final BedrockKitMetrics metrics =
      BedrockKitMetrics.builder(registry).allowedAttributions("search", "support").build();

  private static final Map<String, String> CHAT_TAGS =
      Map.of(
          "gen_ai.operation.name", "chat",
          "gen_ai.provider.name", "aws.bedrock",
          "gen_ai.request.model", HAIKU,
          "gen_ai.response.model", HAIKU,
          "server.address", "bedrock-runtime.us-east-1.amazonaws.com",
          "server.port", "443",
          "template", "faq",
          "attribution", "search");

  private RequestEvent haikuChat() {
    TokenUsage usage = new TokenUsage(1_000, 500, 0, 0);
    return Events.chat(
        HAIKU, usage, PricingCatalog.ofDefaults().cost(HAIKU, "us-east-1", usage), "faq", "search");
  }

  @Test
  void chatRecordsOperationDurationWithTheGenAiTagsAndErrorTypeNone() {
    metrics.onRequest(haikuChat());

    Timer t = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(tags(t)).isEqualTo(with(CHAT_TAGS, "error.type", "none"));
    assertThat(t.count()).isEqualTo(1);
    assertThat(t.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(420.0);
  }

  @Test
  void chatRecordsInputAndOutputTokensAndNoEmptyCacheTypes() {
    metrics.onRequest(haikuChat());

    assertThat(registry.find("gen_ai.client.token.usage").summaries()).hasSize(2);
    DistributionSummary input =
        registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary();
    DistributionSummary output =
        registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary();
    assertThat(tags(input)).isEqualTo(with(CHAT_TAGS, "gen_ai.token.type", "input"));
    assertThat(input.getId().getBaseUnit()).isEqualTo("tokens");
    assertThat(input.count()).isEqualTo(1);
    assertThat(input.totalAmount()).isEqualTo(1_000.0);
    assertThat(output.totalAmount()).isEqualTo(500.0);
  }

  @Test
  void knownHaikuCallCountsItsExactCostInUsd() {
    metrics.onRequest(haikuChat());
    metrics.onRequest(haikuChat());

    Counter cost = registry.get("bedrockkit.cost").counter();
    assertThat(tags(cost)).isEqualTo(Map.of("model", HAIKU, "template", "faq", "attribution", "search"));
    assertThat(cost.getId().getBaseUnit()).isEqualTo("usd");
    assertThat(cost.count()).isEqualTo(0.00175, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(registry.find("bedrockkit.pricing.unknown").counter()).isNull();
  }

  @Test
  void cacheReadAndWriteTokensAreRecordedUnderTheirOwnTypes() {
    TokenUsage usage = new TokenUsage(100, 50, 3_000, 1_200);
    metrics.onRequest(
        Events.chat(HAIKU_35, usage, PricingCatalog.ofDefaults().cost(HAIKU_35, null, usage), null, null));

    assertThat(amount("cache_read")).isEqualTo(3_000.0);
    assertThat(amount("cache_write")).isEqualTo(1_200.0);
    assertThat(amount("input")).isEqualTo(100.0);
    assertThat(amount("output")).isEqualTo(50.0);
    // 100 × 0.80 + 50 × 4.00 + 3,000 × 0.08 + 1,200 × 1.00 = 1,720 micro-dollars
    assertThat(registry.get("bedrockkit.cost").counter().count())
        .isEqualTo(0.00172, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(registry.get("bedrockkit.cost").counter().getId().getTag("attribution")).isEqualTo("none");
  }

  @Test
  void unknownPriceIsCountedAndNoCostIsRecorded() {
    metrics.onRequest(
        Events.chat("acme.mystery-v1:0", new TokenUsage(5, 5, 0, 0), Optional.empty(), null, null));

    Counter unknown = registry.get("bedrockkit.pricing.unknown").counter();
    assertThat(tags(unknown)).isEqualTo(Map.of("model", "acme.mystery-v1:0"));
    assertThat(unknown.count()).isEqualTo(1.0);
    assertThat(registry.find("bedrockkit.cost").counters()).isEmpty();
  }

  @Test
  void failureRecordsDurationWithErrorTypeAndNoTokensOrCost() {
    metrics.onRequest(Events.throttledFailure(HAIKU));

    Timer t = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(tags(t))
        .isEqualTo(
            Map.of(
                "gen_ai.operation.name", "chat",
                "gen_ai.provider.name", "aws.bedrock",
                "gen_ai.request.model", HAIKU,
                "gen_ai.response.model", "none",
                "server.address", "bedrock-runtime.us-east-1.amazonaws.com",
                "server.port", "443",
                "template", "none",
                "attribution", "none",
                "error.type", "ThrottledException"));
    assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
    assertThat(registry.find("bedrockkit.cost").meters()).isEmpty();
    assertThat(registry.find("bedrockkit.pricing.unknown").meters()).isEmpty();
  }

  @Test
  void withoutFixedTagKeysSuccessHasNoErrorTypeAndFailureNoResponseModel() {
    BedrockKitMetrics otel =
        BedrockKitMetrics.builder(registry).allowedAttributions("search").fixedTagKeys(false).build();

    otel.onRequest(haikuChat());
    otel.onRequest(Events.throttledFailure(HAIKU));

    List<Timer> timers = List.copyOf(registry.find("gen_ai.client.operation.duration").timers());
    assertThat(timers).hasSize(2);
    assertThat(timers)
        .extracting(BedrockKitMetricsTest::tags)
        .containsExactlyInAnyOrder(
            CHAT_TAGS,
            Map.of(
                "gen_ai.operation.name", "chat",
                "gen_ai.provider.name", "aws.bedrock",
                "gen_ai.request.model", HAIKU,
                "server.address", "bedrock-runtime.us-east-1.amazonaws.com",
                "server.port", "443",
                "template", "none",
                "attribution", "none",
                "error.type", "ThrottledException"));
  }

  @Test
  void streamRecordsTimeToFirstChunkTimePerOutputChunkAndTokensPerSecond() {
    // 1,200 ms in all, first chunk after 200 ms, then 11 more chunks over 1,000 ms carrying 250 tokens
    Duration ttft = Duration.ofMillis(200);
    RequestEvent e =
        Events.stream(
            HAIKU, new TokenUsage(40, 250, 0, 0), ttft, 12, Duration.ofMillis(1_200),
            List.of(new Attempt(HAIKU, "us-east-1", Outcome.SUCCESS, ttft, null)));

    metrics.onRequest(e);

    Timer first = registry.get("gen_ai.client.operation.time_to_first_chunk").timer();
    assertThat(first.count()).isEqualTo(1);
    assertThat(first.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(200.0);
    assertThat(tags(first))
        .isEqualTo(
            Map.of(
                "gen_ai.operation.name", "chat",
                "gen_ai.provider.name", "aws.bedrock",
                "gen_ai.request.model", HAIKU,
                "gen_ai.response.model", HAIKU,
                "server.address", "bedrock-runtime.us-east-1.amazonaws.com",
                "server.port", "443",
                "template", "none",
                "attribution", "none"));
    Timer perChunk = registry.get("gen_ai.client.operation.time_per_output_chunk").timer();
    assertThat(perChunk.totalTime(TimeUnit.NANOSECONDS)).isEqualTo(1_000_000_000.0 / 11, org.assertj.core.data.Offset.offset(1.0));
    DistributionSummary rate = registry.get("bedrockkit.stream.output.tokens.per.second").summary();
    assertThat(rate.totalAmount()).isEqualTo(250.0);
    assertThat(registry.get("gen_ai.client.operation.duration").tag("gen_ai.operation.name", "chat").timer().count())
        .isEqualTo(1);
  }

  @Test
  void streamTimeAfterTheFirstChunkExcludesEarlierFailedAttempts() {
    Duration ttft = Duration.ofMillis(100);
    RequestEvent e =
        Events.stream(
            HAIKU, new TokenUsage(40, 100, 0, 0), ttft, 5, Duration.ofMillis(1_100),
            List.of(
                new Attempt(HAIKU, "us-east-1", Outcome.THROTTLED, Duration.ofMillis(600), "ThrottlingException"),
                new Attempt(HAIKU, "us-east-1", Outcome.SUCCESS, ttft, null)));

    metrics.onRequest(e);

    // 1,100 − 600 − 100 = 400 ms after the first chunk, over 4 further chunks, 100 tokens
    assertThat(registry.get("gen_ai.client.operation.time_per_output_chunk").timer().totalTime(TimeUnit.MILLISECONDS))
        .isEqualTo(100.0);
    assertThat(registry.get("bedrockkit.stream.output.tokens.per.second").summary().totalAmount())
        .isEqualTo(250.0);
  }

  @Test
  void nonStreamingCallsRecordNoStreamMetrics() {
    metrics.onRequest(haikuChat());

    assertThat(registry.find("gen_ai.client.operation.time_to_first_chunk").meters()).isEmpty();
    assertThat(registry.find("gen_ai.client.operation.time_per_output_chunk").meters()).isEmpty();
    assertThat(registry.find("bedrockkit.stream.output.tokens.per.second").meters()).isEmpty();
  }

  @Test
  void cachedAnswersRecordNoGenAiMetricsAndDegradedAnswersOnlyCountDegraded() {
    metrics.onRequest(Events.cached(HAIKU));
    metrics.onRequest(Events.degraded(HAIKU, "support"));

    assertThat(registry.find("gen_ai.client.operation.duration").meters()).isEmpty();
    assertThat(registry.find("gen_ai.client.token.usage").meters()).isEmpty();
    assertThat(registry.find("bedrockkit.pricing.unknown").meters()).isEmpty();
    Counter degraded = registry.get("bedrockkit.degraded").counter();
    assertThat(tags(degraded)).isEqualTo(Map.of("operation", "chat", "template", "faq", "attribution", "support"));
    assertThat(degraded.count()).isEqualTo(1.0);
  }

  @Test
  void embeddingsRecordInputTokensOnly() {
    String titan = "amazon.titan-embed-text-v2:0";
    TokenUsage usage = new TokenUsage(12, 0, 0, 0);
    RequestEvent e =
        new RequestEvent(
            Operation.EMBED, titan, titan, titan, "us-east-1", null, null, Outcome.SUCCESS, null,
            usage, PricingCatalog.ofDefaults().cost(titan, "us-east-1", usage), Duration.ofMillis(30),
            null, 0, false, false,
            List.of(new Attempt(titan, "us-east-1", Outcome.SUCCESS, Duration.ofMillis(30), null)),
            null);

    metrics.onRequest(e);

    assertThat(registry.find("gen_ai.client.token.usage").summaries())
        .extracting(s -> s.getId().getTag("gen_ai.token.type"))
        .containsExactly("input");
    assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.operation.name"))
        .isEqualTo("embeddings");
  }

  @Test
  void unlistedAttributionIsTaggedOtherCountedAndWarnedAboutOnce() {
    TokenUsage usage = new TokenUsage(10, 10, 0, 0);
    try (CapturedLogs logs = CapturedLogs.of(BedrockKitMetrics.class)) {
      metrics.onRequest(Events.chat(HAIKU, usage, Optional.of(BigDecimal.ONE), null, "user-4711"));
      metrics.onRequest(Events.chat(HAIKU, usage, Optional.of(BigDecimal.ONE), null, "user-4712"));

      assertThat(logs.events()).hasSize(1);
      assertThat(logs.events().get(0).getFormattedMessage())
          .isEqualTo(
              "Attribution 'user-4711' is not in the metrics allow-list [search, support]; tagging"
                  + " it 'other' to keep tags bounded. Add it with"
                  + " BedrockKitMetrics.builder(registry).allowedAttributions(...) (logged once)");
    }

    assertThat(registry.find("gen_ai.client.operation.duration").timers())
        .extracting(t -> t.getId().getTag("attribution"))
        .containsExactly("other");
    assertThat(registry.get("bedrockkit.cost").counter().getId().getTag("attribution")).isEqualTo("other");
    assertThat(registry.get("bedrockkit.attribution.unlisted").counter().count()).isEqualTo(2.0);
  }

  @Test
  void defaultMetricsAllowNoAttributionValue() {
    BedrockKitMetrics defaults = BedrockKitMetrics.of(registry);

    defaults.onRequest(haikuChat());

    assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("attribution"))
        .isEqualTo("other");
  }

  @Test
  void noneAndOtherCannotBeAllowedAttributions() {
    assertThatThrownBy(() -> BedrockKitMetrics.builder(registry).allowedAttributions("other"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "allowedAttributions cannot contain 'other': it is reserved for requests without an"
                + " attribution (none) or with an unlisted one (other)");
  }

  @Test
  void attemptsAreCountedByOutcomeAndThrottlesSeparately() {
    metrics.onAttempt(attempt(Outcome.THROTTLED));
    metrics.onAttempt(attempt(Outcome.THROTTLED));
    metrics.onAttempt(attempt(Outcome.SUCCESS));

    Counter throttledAttempts = registry.get("bedrockkit.attempts").tag("outcome", "throttled").counter();
    assertThat(tags(throttledAttempts))
        .isEqualTo(Map.of("operation", "chat", "model", HAIKU, "region", "us-west-2", "outcome", "throttled"));
    assertThat(throttledAttempts.count()).isEqualTo(2.0);
    assertThat(registry.get("bedrockkit.attempts").tag("outcome", "success").counter().count()).isEqualTo(1.0);
    Counter throttles = registry.get("bedrockkit.throttles").counter();
    assertThat(tags(throttles)).isEqualTo(Map.of("operation", "chat", "model", HAIKU, "region", "us-west-2"));
    assertThat(throttles.count()).isEqualTo(2.0);
  }

  @Test
  void fallbacksAreCountedByASmallSetOfReasons() {
    metrics.onFallback(fallback(Outcome.THROTTLED));
    metrics.onFallback(fallback(Outcome.SERVER_ERROR));
    metrics.onFallback(fallback(Outcome.CONNECTION_ERROR));
    metrics.onFallback(fallback(Outcome.CIRCUIT_OPEN));
    metrics.onFallback(fallback(Outcome.NOT_FOUND));

    Counter unavailable = registry.get("bedrockkit.fallbacks").tag("reason", "unavailable").counter();
    assertThat(tags(unavailable)).isEqualTo(Map.of("operation", "chat_stream", "model", HAIKU, "reason", "unavailable"));
    assertThat(unavailable.count()).isEqualTo(2.0);
    assertThat(registry.find("bedrockkit.fallbacks").counters())
        .extracting(c -> c.getId().getTag("reason"))
        .containsExactlyInAnyOrder("throttled", "unavailable", "circuit_open", "not_callable");
  }

  @Test
  void everyOutcomeMapsToAFallbackReason() {
    assertThat(
            java.util.Arrays.stream(Outcome.values())
                .map(BedrockKitMetrics::fallbackReason)
                .distinct()
                .sorted()
                .toList())
        .containsExactly(
            "bulkhead_full", "circuit_open", "context_window", "not_callable", "other",
            "throttled", "timeout", "unavailable");
  }

  @Test
  void circuitStateGaugeFollowsTransitionsPerModelAndRegion() {
    metrics.onCircuitStateChange(new CircuitEvent(HAIKU, "us-east-1", CircuitState.CLOSED, CircuitState.OPEN));
    metrics.onCircuitStateChange(new CircuitEvent(HAIKU, "us-west-2", CircuitState.CLOSED, CircuitState.OPEN));
    assertThat(gauge("us-east-1")).isEqualTo(2.0);

    metrics.onCircuitStateChange(new CircuitEvent(HAIKU, "us-east-1", CircuitState.OPEN, CircuitState.HALF_OPEN));
    assertThat(gauge("us-east-1")).isEqualTo(1.0);

    metrics.onCircuitStateChange(new CircuitEvent(HAIKU, "us-east-1", CircuitState.HALF_OPEN, CircuitState.CLOSED));
    assertThat(gauge("us-east-1")).isEqualTo(0.0);
    assertThat(gauge("us-west-2")).isEqualTo(2.0);
    assertThat(tags(registry.get("bedrockkit.circuit.state").tag("region", "us-east-1").gauge()))
        .isEqualTo(Map.of("model", HAIKU, "region", "us-east-1"));
  }

  @Test
  void configReloadsAreCountedByResult() {
    metrics.configReloaded("ok");
    metrics.configReloaded("ok");
    metrics.configReloaded("rejected");
    metrics.configReloaded("unavailable");

    assertThat(registry.get("bedrockkit.config.reloads").tag("result", "ok").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("bedrockkit.config.reloads").tag("result", "rejected").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("bedrockkit.config.reloads").tag("result", "unavailable").counter().count()).isEqualTo(1.0);
    assertThatThrownBy(() -> metrics.configReloaded("maybe"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result must be one of ok, rejected, unavailable but was maybe");
  }

  @Test
  void metersAreRegisteredOnceAndReused() {
    metrics.onRequest(haikuChat());
    int meters = registry.getMeters().size();
    Timer timer = registry.get("gen_ai.client.operation.duration").timer();

    for (int i = 0; i < 100; i++) {
      metrics.onRequest(haikuChat());
    }

    assertThat(registry.getMeters()).hasSize(meters);
    assertThat(registry.get("gen_ai.client.operation.duration").timer()).isSameAs(timer);
    assertThat(timer.count()).isEqualTo(101);
  }

  @Test
  void percentilesAndHistogramAreConfigurable() {
    BedrockKitMetrics withPercentiles =
        BedrockKitMetrics.builder(registry)
            .percentiles(0.5, 0.99)
            .percentileHistogram(true)
            .serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .build();

    withPercentiles.onRequest(haikuChat());

    Timer t = registry.get("gen_ai.client.operation.duration").timer();
    assertThat(t.takeSnapshot().percentileValues()).hasSize(2);
    assertThat(t.takeSnapshot().histogramCounts()).isNotEmpty();
  }

  @Test
  void serverAddressIsTheRegionalBedrockRuntimeEndpoint() {
    assertThat(BedrockKitMetrics.serverAddress("eu-central-1")).isEqualTo("bedrock-runtime.eu-central-1.amazonaws.com");
    assertThat(BedrockKitMetrics.serverAddress("cn-north-1")).isEqualTo("bedrock-runtime.cn-north-1.amazonaws.com.cn");
    assertThat(BedrockKitMetrics.serverAddress(null)).isEqualTo("none");
  }

  // ---------------------------------------------------------------- helpers

  private static AttemptEvent attempt(Outcome outcome) {
    return new AttemptEvent(
        Operation.CHAT,
        new Attempt(HAIKU, "us-west-2", outcome, Duration.ofMillis(50), outcome == Outcome.SUCCESS ? null : "X"),
        "search");
  }

  private static FallbackEvent fallback(Outcome reason) {
    return new FallbackEvent(Operation.CHAT_STREAM, HAIKU, "us-east-1", HAIKU_35, "us-east-1", reason);
  }

  private double amount(String tokenType) {
    return registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", tokenType).summary().totalAmount();
  }

  private double gauge(String region) {
    return registry.get("bedrockkit.circuit.state").tag("region", region).gauge().value();
  }

  static Map<String, String> tags(Meter meter) {
    Map<String, String> out = new TreeMap<>();
    for (Tag t : meter.getId().getTagsAsIterable()) {
      out.put(t.getKey(), t.getValue());
    }
    return out;
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> out = new TreeMap<>(base);
    out.put(key, value);
    return out;
  }
}
