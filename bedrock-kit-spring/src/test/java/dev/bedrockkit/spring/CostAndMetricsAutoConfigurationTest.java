package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.AttributionAllowList;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitMetrics;
import dev.bedrockkit.Budgets;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ConfigListener;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.PricingCatalog.ModelPrice;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;

class CostAndMetricsAutoConfigurationTest {

  @Test
  void pricesWithTheBuiltInListPricesByDefault() {
    Runners.runner()
        .run(
            context -> {
              PricingCatalog catalog = context.getBean(PricingCatalog.class);
              assertThat(context.getBean(CostCalculator.class)).isSameAs(catalog);
              assertThat(catalog.price(HAIKU, "us-east-1"))
                  .contains(ModelPrice.of("0.25", "1.25"));
            });
  }

  @Test
  void pricePropertiesOverrideAndAddRegionalPrices() {
    Runners.runner()
        .withInitializer(
            Runners.properties(
                Map.of(
                    "bedrock-kit.pricing.models[" + HAIKU + "].input", "0.30",
                    "bedrock-kit.pricing.models[" + HAIKU + "].output", "1.50",
                    "bedrock-kit.pricing.models[" + HAIKU + "@eu-central-1].input", "0.36",
                    "bedrock-kit.pricing.models[" + HAIKU + "@eu-central-1].output", "1.80",
                    "bedrock-kit.pricing.models[" + HAIKU + "@eu-central-1].cache-read", "0.03")))
        .run(
            context -> {
              PricingCatalog catalog = context.getBean(PricingCatalog.class);
              assertThat(catalog.price(HAIKU, "us-east-1")).contains(ModelPrice.of("0.30", "1.50"));
              assertThat(catalog.price(HAIKU, "eu-central-1"))
                  .contains(
                      new ModelPrice(
                          new BigDecimal("0.36"), new BigDecimal("1.80"), new BigDecimal("0.03"), null));
            });
  }

  @Test
  void pricingFileWithoutTheDefaults() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.pricing.include-defaults=false",
            "bedrock-kit.pricing.file=classpath:pricing/test-prices.json")
        .run(
            context -> {
              PricingCatalog catalog = context.getBean(PricingCatalog.class);
              assertThat(catalog.prices()).containsOnlyKeys("acme.resource-model-v1:0");
              assertThat(catalog.price(HAIKU, null)).isEmpty();
            });
  }

  @Test
  void aPriceWithoutOutputNamesTheProperty() {
    Runners.runner()
        .withInitializer(
            Runners.properties(Map.of("bedrock-kit.pricing.models[" + HAIKU + "].input", "0.30")))
        .run(
            context -> {
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("Property: bedrock-kit.pricing.models[" + HAIKU + "].output\n")
                  .contains("is missing: a model needs both input and output prices");
            });
  }

  @Test
  void anApplicationCostCalculatorOrPricingOffLeavesNoCatalog() {
    CostCalculator own = (model, region, usage) -> Optional.of(BigDecimal.ONE);
    Runners.runner()
        .withBean(CostCalculator.class, () -> own)
        .run(
            context -> {
              assertThat(context).doesNotHaveBean(PricingCatalog.class);
              assertThat(context.getBean(CostCalculator.class)).isSameAs(own);
            });
    Runners.runner()
        .withPropertyValues("bedrock-kit.pricing.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(CostCalculator.class));
  }

  @Test
  void metricsBindToTheRegistryBootAutoConfigures() {
    Runners.runner()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                CompositeMeterRegistryAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class))
        .withPropertyValues("bedrock-kit.models=" + HAIKU, "bedrock-kit.attribution.allowed=search")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(MeterRegistry.class);
              assertThat(context).hasSingleBean(BedrockKitMetrics.class);
              assertThat(context).hasBean("bedrockKitMetricsConfigListener");
              assertThat(context.getBean(ConfigListener.class)).isNotNull();
            });
  }

  @Test
  void noMetricsWithoutARegistryOrWithoutMicrometerOrWhenSwitchedOff() {
    Runners.runner()
        .run(context -> assertThat(context).doesNotHaveBean(BedrockKitMetrics.class));
    Runners.runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("bedrock-kit.metrics.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(BedrockKitMetrics.class));
    Runners.runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withClassLoader(new FilteredClassLoader("io.micrometer.core"))
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(BedrockKit.class);
              assertThat(context).doesNotHaveBean(BedrockKitMetrics.class);
            });
  }

  @Test
  void budgetsWhenALimitIsSetRegisteredAsListenerAndGuard() {
    Runners.runner()
        .run(context -> assertThat(context).doesNotHaveBean(Budgets.class));
    Runners.runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues(
            "bedrock-kit.budgets.limits.search=200",
            "bedrock-kit.budgets.default-limit=20",
            "bedrock-kit.budgets.window=1d",
            "bedrock-kit.budgets.hard-limit=true")
        .run(
            context -> {
              Budgets budgets = context.getBean(Budgets.class);
              assertThat(budgets.limit("search")).contains(new BigDecimal("200"));
              assertThat(budgets.limit("anything")).contains(new BigDecimal("20"));
              assertThat(budgets.spent("search")).isEqualByComparingTo("0");
            });
  }

  @Test
  void aZeroBudgetNamesTheProperty() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.budgets.limits.search=0")
        .run(
            context -> {
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("Property: bedrock-kit.budgets.limits.search\n")
                  .endsWith("must be a positive amount of USD");
            });
  }

  @Test
  void attributionAllowListRefusesOtherValuesBeforeAnyCall() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.models=" + HAIKU,
            "bedrock-kit.attribution.allowed=search,support",
            "bedrock-kit.attribution.required=true")
        .run(
            context -> {
              assertThat(context.getBean(AttributionAllowList.class).values())
                  .containsExactlyInAnyOrder("search", "support");
              BedrockKit kit = context.getBean(BedrockKit.class);
              assertThatThrownBy(
                      () -> kit.chat(ChatRequest.builder().user("hi").attribution("alice").build()))
                  .isInstanceOf(InvalidRequestException.class)
                  .hasMessageStartingWith("attribution 'alice' is not allowed: use one of [search, support]");
              assertThatThrownBy(() -> kit.chat(ChatRequest.of("hi")))
                  .isInstanceOf(InvalidRequestException.class)
                  .hasMessageStartingWith("attribution is required");
            });
  }

  @Test
  void reservedAttributionValueNamesTheProperty() {
    Runners.runner()
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("bedrock-kit.attribution.allowed=search,other")
        .run(
            context ->
                assertThat(
                        new BedrockKitFailureAnalyzer()
                            .analyze(context.getStartupFailure())
                            .getDescription())
                    .contains("Property: bedrock-kit.attribution.allowed[1]\n"));
  }

  @Test
  void infoShowsThePricingDate() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withInitializer(
            Runners.properties(
                Map.of(
                    "bedrock-kit.pricing.models[acme.other-model-v1:0].input", "1",
                    "bedrock-kit.pricing.models[acme.other-model-v1:0].output", "2")))
        .run(
            context -> {
              Info.Builder info = new Info.Builder();
              context.getBean("bedrockKitInfoContributor", InfoContributor.class).contribute(info);
              @SuppressWarnings("unchecked")
              Map<String, Object> kit = (Map<String, Object>) info.build().get("bedrockKit");
              assertThat(kit.get("pricing"))
                  .isEqualTo(
                      Map.of(
                          "models", PricingCatalog.ofDefaults().prices().size() + 1,
                          "defaultPricesAsOf", PricingCatalog.PRICES_AS_OF,
                          "overridden", java.util.List.of("acme.other-model-v1:0")));
            });
  }
}
