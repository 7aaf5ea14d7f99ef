package dev.bedrockkit.spring;

import dev.bedrockkit.AttributionAllowList;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BudgetListener;
import dev.bedrockkit.Budgets;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.PricingCatalog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.io.Resource;

/**
 * Auto-configures what a call costs and who may spend it: a {@link PricingCatalog} (the built-in
 * list prices, then {@code bedrock-kit.pricing.file}, then {@code bedrock-kit.pricing.models})
 * unless the application has its own {@link CostCalculator}; {@link Budgets} when a limit is set
 * in {@code bedrock-kit.budgets.*} (a listener that counts spend and, with {@code hard-limit}, a
 * guard that refuses spent attributions), with every {@link BudgetListener} bean; and an {@link
 * AttributionAllowList} guard when {@code bedrock-kit.attribution.allowed} is set. The kit picks
 * them up as its cost calculator, listeners and guards.
 */
@AutoConfiguration(before = BedrockKitAutoConfiguration.class)
@ConditionalOnClass({BedrockKit.class, PricingCatalog.class})
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitPricingAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean(CostCalculator.class)
  @ConditionalOnBooleanProperty(name = "bedrock-kit.pricing.enabled", matchIfMissing = true)
  PricingCatalog bedrockKitPricingCatalog(BedrockKitProperties properties) {
    BedrockKitProperties.Pricing pricing = properties.getPricing();
    String p = Settings.P + ".pricing";
    PricingCatalog.Builder builder =
        pricing.isIncludeDefaults() ? PricingCatalog.ofDefaults().toBuilder() : PricingCatalog.builder();
    Resource file = pricing.getFile();
    if (file != null) {
      try (InputStream in = file.getInputStream()) {
        builder.json(in, file.getDescription());
      } catch (IOException e) {
        throw new InvalidPropertyException(
            p + ".file",
            file.getDescription(),
            "cannot be read: " + e.getMessage(),
            "Point it at a readable pricing JSON file, e.g. classpath:pricing.json.",
            e);
      } catch (ConfigurationException e) {
        throw new InvalidPropertyException(
            p + ".file",
            file.getDescription(),
            e.getMessage(),
            "Fix the file: {\"models\": {\"<modelId>\": {\"input\": 0.25, \"output\": 1.25}}}"
                + " (USD per million tokens).",
            e);
      }
    }
    Map<String, Object> flat = new LinkedHashMap<>();
    pricing
        .getModels()
        .forEach(
            (model, price) -> {
              put(flat, model, "input", price.getInput());
              put(flat, model, "output", price.getOutput());
              put(flat, model, "cache-read", price.getCacheRead());
              put(flat, model, "cache-write", price.getCacheWrite());
            });
    try {
      builder.properties(flat);
    } catch (ConfigurationException e) {
      String path = e.path();
      int dot = path.lastIndexOf('.');
      String property =
          dot < 0 ? p + ".models" : p + ".models[" + path.substring(0, dot) + "]" + path.substring(dot);
      throw new InvalidPropertyException(
          property,
          flat.get(path),
          e.getMessage(),
          "Give input and output prices in USD per million tokens (0 or more), e.g. "
              + p
              + ".models[anthropic.claude-3-haiku-20240307-v1:0].input=0.25.",
          e);
    } catch (IllegalArgumentException e) {
      throw new InvalidPropertyException(
          p + ".models",
          null,
          e.getMessage(),
          "Give input and output prices in USD per million tokens, 0 or more.",
          e);
    }
    return builder.build();
  }

  private static void put(Map<String, Object> flat, String model, String field, BigDecimal value) {
    if (value != null) {
      flat.put(model + "." + field, value);
    }
  }

  @Bean
  @ConditionalOnMissingBean
  @Conditional(PropertiesCondition.BudgetsConfigured.class)
  Budgets bedrockKitBudgets(
      BedrockKitProperties properties,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<BudgetListener> listeners) {
    BedrockKitProperties.Budgets b = properties.getBudgets();
    String p = Settings.P + ".budgets";
    Budgets.Builder builder = Budgets.builder();
    b.getLimits()
        .forEach(
            (attribution, usd) -> {
              String property = p + ".limits." + attribution;
              if (usd == null || usd.signum() <= 0) {
                throw new InvalidPropertyException(
                    property,
                    usd,
                    "must be a positive amount of USD",
                    "Set a limit greater than 0, e.g. 200; to stop all calls use the kill switch"
                        + " (bedrock-kit.enabled=false).");
              }
              builder.limit(attribution, usd);
            });
    if (b.getDefaultLimit() != null) {
      if (b.getDefaultLimit().signum() <= 0) {
        throw new InvalidPropertyException(
            p + ".default-limit",
            b.getDefaultLimit(),
            "must be a positive amount of USD",
            "Set a limit greater than 0, or leave it unset.");
      }
      builder.defaultLimit(b.getDefaultLimit());
    }
    if (b.getWindow() != null) {
      builder.window(Settings.atLeast(p + ".window", b.getWindow(), java.time.Duration.ofMillis(1)));
    }
    builder
        .hardLimit(b.isHardLimit())
        .maxAttributions(Settings.atLeast(p + ".max-attributions", b.getMaxAttributions(), 1));
    registry.ifAvailable(builder::meterRegistry);
    listeners.orderedStream().forEach(builder::listener);
    return builder.build();
  }

  @Bean
  @ConditionalOnMissingBean
  @Conditional(PropertiesCondition.AttributionsAllowed.class)
  AttributionAllowList bedrockKitAttributionAllowList(BedrockKitProperties properties) {
    BedrockKitProperties.Attribution a = properties.getAttribution();
    String p = Settings.P + ".attribution";
    List<String> allowed = a.getAllowed();
    if (allowed.isEmpty()) {
      throw new InvalidPropertyException(
          p + ".allowed",
          null,
          "is empty while " + p + ".required=true",
          "List the allowed values, e.g. " + p + ".allowed=search,support.");
    }
    for (int i = 0; i < allowed.size(); i++) {
      Settings.notBlank(p + ".allowed[" + i + "]", allowed.get(i), "Use a team or feature name.");
    }
    AttributionAllowList list = AttributionAllowList.of(allowed);
    return a.isRequired() ? list.requireAttribution() : list;
  }
}
