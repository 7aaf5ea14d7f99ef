package dev.bedrockkit;

import static dev.bedrockkit.Events.HAIKU;
import static dev.bedrockkit.Events.HAIKU_35;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.bedrockkit.PricingCatalog.ModelPrice;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricingCatalogTest {
  private final PricingCatalog defaults = PricingCatalog.ofDefaults();

  @Test
  void claude3HaikuThousandInputAndFiveHundredOutputTokensCostExactly0_000875() {
    Optional<BigDecimal> cost = defaults.cost(HAIKU, "us-east-1", new TokenUsage(1_000, 500, 0, 0));

    assertThat(cost).hasValue(new BigDecimal("0.00087500"));
    assertThat(cost.get()).isEqualByComparingTo("0.000875");
  }

  @Test
  void costIsExactWithScaleAtLeastEightAndNeverRounded() {
    PricingCatalog tiny =
        PricingCatalog.builder().price("m", ModelPrice.of("0.001", "0.0000001")).build();

    assertThat(defaults.cost("amazon.titan-embed-text-v2:0", null, new TokenUsage(1, 0, 0, 0)))
        .hasValue(new BigDecimal("0.00000002"));
    assertThat(tiny.cost("m", null, new TokenUsage(3, 7, 0, 0)))
        .hasValue(new BigDecimal("0.0000000030007"));
    assertThat(defaults.cost(HAIKU, null, TokenUsage.ZERO)).hasValue(new BigDecimal("0E-8"));
  }

  @Test
  void cacheReadAndWriteTokensUseTheirOwnPrices() {
    // 1,000 × 0.80 + 200 × 4.00 + 10,000 × 0.08 + 2,000 × 1.00 = 4,400 micro-dollars
    assertThat(defaults.cost(HAIKU_35, null, new TokenUsage(1_000, 200, 10_000, 2_000)))
        .hasValue(new BigDecimal("0.00440000"));
  }

  @Test
  void cacheTokensOfAModelWithoutCachePricesAreBilledAtTheInputPrice() {
    // Claude 3 Haiku has no cache prices: (1,000 + 3,000) × 0.25
    assertThat(defaults.cost(HAIKU, null, new TokenUsage(0, 0, 1_000, 3_000)))
        .hasValue(new BigDecimal("0.00100000"));
  }

  @Test
  void inferenceProfileIdsAndFoundationModelArnsUseTheBaseModelPrice() {
    TokenUsage usage = new TokenUsage(1_000, 500, 0, 0);

    assertThat(defaults.cost("us." + HAIKU, "us-west-2", usage)).hasValue(new BigDecimal("0.00087500"));
    assertThat(defaults.cost("eu." + HAIKU, "eu-central-1", usage)).hasValue(new BigDecimal("0.00087500"));
    assertThat(
            defaults.cost(
                "arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU, "us-east-1", usage))
        .hasValue(new BigDecimal("0.00087500"));
  }

  @Test
  void anExactIdPriceWinsOverTheBaseModelAndARegionalPriceWinsInItsRegion() {
    PricingCatalog p =
        defaults.toBuilder()
            .price("global." + HAIKU, ModelPrice.of("0.20", "1.00"))
            .price(HAIKU, "eu-central-1", ModelPrice.of("0.30", "1.50"))
            .build();
    TokenUsage usage = new TokenUsage(1_000_000, 0, 0, 0);

    assertThat(p.cost("global." + HAIKU, "us-east-1", usage)).hasValue(new BigDecimal("0.20000000"));
    assertThat(p.cost(HAIKU, "eu-central-1", usage)).hasValue(new BigDecimal("0.30000000"));
    assertThat(p.cost("eu." + HAIKU, "eu-central-1", usage)).hasValue(new BigDecimal("0.30000000"));
    assertThat(p.cost(HAIKU, "us-east-1", usage)).hasValue(new BigDecimal("0.25000000"));
    assertThat(p.cost(HAIKU, null, usage)).hasValue(new BigDecimal("0.25000000"));
  }

  @Test
  void unknownModelCostIsEmptyNeverZeroAndWarnsOncePerModel() {
    try (CapturedLogs logs = CapturedLogs.of(PricingCatalog.class)) {
      PricingCatalog p = PricingCatalog.ofDefaults().toBuilder().build();
      TokenUsage usage = new TokenUsage(10, 10, 0, 0);

      assertThat(p.cost("acme.unknown-v1:0", "us-east-1", usage)).isEmpty();
      assertThat(p.cost("acme.unknown-v1:0", "us-east-1", usage)).isEmpty();
      assertThat(p.cost("acme.other-v1:0", "us-east-1", usage)).isEmpty();

      assertThat(logs.events()).hasSize(2);
      assertThat(logs.events().get(0).getLevel()).isEqualTo(Level.WARN);
      assertThat(logs.events().get(0).getFormattedMessage())
          .isEqualTo(
              "No price for model acme.unknown-v1:0 (region us-east-1): its cost is unknown and"
                  + " not counted in budgets. Add it with PricingCatalog.ofDefaults().toBuilder()"
                  + ".price(\"acme.unknown-v1:0\", ModelPrice.of(input, output)) or a pricing JSON"
                  + " file (logged once per model)");
    }
  }

  @Test
  void defaultsAreLabelledWithTheirDate() {
    assertThat(PricingCatalog.PRICES_AS_OF).isEqualTo("2026-11");
    assertThat(defaults.price("anthropic.claude-3-5-sonnet-20241022-v2:0", null))
        .hasValue(ModelPrice.of("3", "15", "0.30", "3.75"));
    assertThat(defaults.prices()).hasSize(10);
  }

  @Test
  void removedModelBecomesUnknown() {
    PricingCatalog p = defaults.toBuilder().remove(HAIKU).build();

    assertThat(p.price(HAIKU, null)).isEmpty();
    assertThat(defaults.price(HAIKU, null)).isPresent();
  }

  // ---------------------------------------------------------------- JSON

  @Test
  void jsonFileOverridesAndExtendsTheDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        """
        {"currency": "USD", "pricesAsOf": "2026-12",
         "models": {
           "anthropic.claude-3-haiku-20240307-v1:0": {"input": 0.30, "output": 1.50,
              "cacheRead": 0.03, "cacheWrite": 0.375,
              "regions": {"eu-central-1": {"input": 0.36, "output": 1.80}}},
           "acme.new-model-v1:0": {"input": 1, "output": 2}
         }}
        """);

    PricingCatalog p = defaults.toBuilder().json(file).build();

    assertThat(p.price(HAIKU, null)).hasValue(ModelPrice.of("0.30", "1.50", "0.03", "0.375"));
    assertThat(p.price(HAIKU, "eu-central-1")).hasValue(ModelPrice.of("0.36", "1.80"));
    assertThat(p.cost("acme.new-model-v1:0", null, new TokenUsage(1_000, 1_000, 0, 0)))
        .hasValue(new BigDecimal("0.00300000"));
    assertThat(p.price(HAIKU_35, null)).isPresent();
  }

  @Test
  void jsonResourceIsReadFromTheClasspath() {
    PricingCatalog p = PricingCatalog.builder().jsonResource("pricing/test-prices.json").build();

    assertThat(p.cost("acme.resource-model-v1:0", null, new TokenUsage(2_000, 1_000, 0, 0)))
        .hasValue(new BigDecimal("0.00450000"));
  }

  @Test
  void jsonWithAnUnknownFieldFailsNamingTheFieldAndTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"models\": {\"m\": {\"input\": 1, \"outptu\": 2}}}");

    assertThatThrownBy(() -> PricingCatalog.builder().json(file))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.path()).isEqualTo("models.m.outptu"))
        .hasMessage(
            "pricing file " + file + ": unknown field models.m.outptu; allowed here: [cacheRead,"
                + " cacheWrite, input, output, regions]");
  }

  @Test
  void jsonPriceThatIsAStringOrNegativeFails() {
    assertThatThrownBy(() -> json("{\"models\": {\"m\": {\"input\": \"0.25\", \"output\": 1}}}"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("models.m.input"))
        .hasMessage(
            "test.json: models.m.input must be a number >= 0 (USD per 1M tokens) but was \"0.25\"");
    assertThatThrownBy(
            () ->
                json(
                    "{\"models\": {\"m\": {\"input\": 1, \"output\": 1, \"regions\":"
                        + " {\"eu-west-1\": {\"input\": -1, \"output\": 1}}}}}"))
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.path()).isEqualTo("models.m.regions.eu-west-1.input"));
  }

  @Test
  void jsonMissingOutputPriceFails() {
    assertThatThrownBy(() -> json("{\"models\": {\"m\": {\"input\": 1}}}"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("models.m.output"))
        .hasMessage("test.json: models.m.output is missing (USD per 1M tokens, e.g. 0.25)");
  }

  @Test
  void jsonWithDuplicateKeysOrTrailingGarbageOrNotJsonFails() {
    assertThatThrownBy(() -> json("{\"models\": {\"m\": {\"input\": 1, \"input\": 2, \"output\": 1}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("test.json is not valid JSON: Duplicate field 'input'");
    assertThatThrownBy(() -> json("{\"models\": {}} {}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("test.json is not valid JSON");
    assertThatThrownBy(() -> json("prices: 1"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("test.json is not valid JSON");
  }

  @Test
  void jsonInAnotherCurrencyOrWithoutModelsFails() {
    assertThatThrownBy(() -> json("{\"currency\": \"EUR\", \"models\": {}}"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("currency"))
        .hasMessage("test.json: currency must be \"USD\" but was \"EUR\"");
    assertThatThrownBy(() -> json("{\"pricesAsOf\": \"2026-11\"}"))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("models"))
        .hasMessage(
            "test.json: models must be an object of model ID to prices but was nothing");
  }

  @Test
  void aBadDocumentChangesNothing() {
    PricingCatalog.Builder b = PricingCatalog.builder();
    assertThatThrownBy(
            () ->
                b.json(
                    stream("{\"models\": {\"good\": {\"input\": 1, \"output\": 1},"
                        + " \"bad\": {\"input\": 1}}}"),
                    "test.json"))
        .isInstanceOf(ConfigurationException.class);

    assertThat(b.build().prices()).isEmpty();
  }

  @Test
  void missingFileAndMissingResourceFailWithTheirNames(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> PricingCatalog.builder().json(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("pricing file " + missing + " cannot be read (");
    assertThatThrownBy(() -> PricingCatalog.builder().jsonResource("pricing/nope.json"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "pricing resource pricing/nope.json is not on the classpath; check its name (no"
                + " leading slash needed)");
  }

  // ---------------------------------------------------------------- properties

  @Test
  void flatPropertiesSetModelAndRegionalPrices() {
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(HAIKU + ".input", "0.30");
    props.put(HAIKU + ".output", 1.5);
    props.put(HAIKU + ".cache-read", "0.03");
    props.put(HAIKU + "@eu-central-1.input", "0.36");
    props.put(HAIKU + "@eu-central-1.output", 2);

    PricingCatalog p = PricingCatalog.builder().properties(props).build();

    assertThat(p.price(HAIKU, null)).hasValue(new ModelPrice(
        new BigDecimal("0.3"), new BigDecimal("1.50"), new BigDecimal("0.030"), null));
    assertThat(p.price(HAIKU, "eu-central-1")).hasValue(ModelPrice.of("0.36", "2"));
  }

  @Test
  void propertiesWithABadKeyValueOrMissingPriceFailNamingTheKey() {
    assertThatThrownBy(() -> PricingCatalog.builder().properties(Map.of("m.inptu", "1")))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("m.inptu"))
        .hasMessage(
            "pricing property 'm.inptu' must look like"
                + " <modelId>[@<region>].(input|output|cache-read|cache-write)");
    assertThatThrownBy(
            () -> PricingCatalog.builder().properties(Map.of("m.input", "x", "m.output", "1")))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("m.input"))
        .hasMessage(
            "pricing property 'm.input' must be a decimal number >= 0 (USD per 1M tokens) such as"
                + " 0.25 but was 'x'");
    assertThatThrownBy(() -> PricingCatalog.builder().properties(Map.of("m.input", "1")))
        .isInstanceOfSatisfying(
            ConfigurationException.class, e -> assertThat(e.path()).isEqualTo("m.output"))
        .hasMessage(
            "pricing property 'm.output' is missing: a model needs both input and output prices");
  }

  @Test
  void modelPriceRejectsNegativeAndNonNumericPrices() {
    assertThatThrownBy(() -> ModelPrice.of("-1", "1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("inputPerMillion must be >= 0 but was -1");
    assertThatThrownBy(() -> ModelPrice.of("1", "one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outputPerMillion must be a decimal number such as 0.25 but was 'one'");
  }

  // ---------------------------------------------------------------- helpers

  private static void json(String text) {
    PricingCatalog.builder().json(stream(text), "test.json");
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
