package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.PricingCatalog;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds "bedrockKit" to the actuator info endpoint: where the model configuration comes from, its
 * version, the kill switch, and every chain with its models and regions; for Parameter Store, the
 * parameter's status (fallback in use, last rejected version, reads failing); the pricing (how
 * many models are priced, the date of the built-in list prices, overrides).
 *
 * <p>Thread-safe; reads the configuration in force on every call.
 */
final class BedrockKitInfoContributor implements InfoContributor {
  private final BedrockKit kit;
  private final ModelConfigSource source;
  private final CostCalculator costs;
  private final BedrockKitProperties.Pricing pricing;

  /**
   * @param source the model configuration source bean, or {@code null}
   * @param costs the cost calculator bean, or {@code null}
   */
  BedrockKitInfoContributor(
      BedrockKit kit,
      ModelConfigSource source,
      CostCalculator costs,
      BedrockKitProperties.Pricing pricing) {
    this.kit = kit;
    this.source = source;
    this.costs = costs;
    this.pricing = pricing;
  }

  @Override
  public void contribute(Info.Builder builder) {
    Map<String, Object> info = new LinkedHashMap<>();
    if (source instanceof ParameterStoreConfigSource ps) {
      info.put("source", "parameter-store");
      ParameterStoreConfigSource.Status status = ps.status();
      Map<String, Object> parameter = new LinkedHashMap<>();
      parameter.put("name", status.parameterName());
      parameter.put("usingFallback", status.usingFallback());
      parameter.put("unavailable", status.unavailable());
      if (status.rejectedVersion() != null) {
        parameter.put("rejectedVersion", status.rejectedVersion());
      }
      if (status.lastSuccessfulRead() != null) {
        parameter.put("lastSuccessfulRead", status.lastSuccessfulRead().toString());
      }
      info.put("parameter", parameter);
    } else {
      info.put("source", source == null ? "none" : "static");
    }
    info.put("pricing", pricing());
    ModelConfig config;
    try {
      config = kit.modelConfig();
    } catch (ConfigurationException e) {
      builder.withDetail("bedrockKit", info);
      return;
    }
    info.put("configVersion", config.version());
    info.put("enabled", config.enabled());
    Map<String, Object> chains = new LinkedHashMap<>();
    config.chains().forEach((name, targets) -> chains.put(name, describe(targets)));
    info.put("chains", chains);
    builder.withDetail("bedrockKit", info);
  }

  private Map<String, Object> pricing() {
    Map<String, Object> p = new LinkedHashMap<>();
    if (costs instanceof PricingCatalog catalog) {
      p.put("models", catalog.prices().size());
      if (pricing.isIncludeDefaults()) {
        p.put("defaultPricesAsOf", PricingCatalog.PRICES_AS_OF);
      }
      if (pricing.getFile() != null) {
        p.put("file", pricing.getFile().getDescription());
      }
      if (!pricing.getModels().isEmpty()) {
        p.put("overridden", List.copyOf(pricing.getModels().keySet()));
      }
    } else {
      p.put("calculator", costs == null ? "none" : costs.getClass().getName());
    }
    return p;
  }

  private static List<Map<String, Object>> describe(List<ModelTarget> targets) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ModelTarget target : targets) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("modelId", target.modelId());
      if (!target.regions().isEmpty()) {
        t.put("regions", target.regions());
      }
      if (!target.enabled()) {
        t.put("enabled", false);
      }
      out.add(t);
    }
    return out;
  }
}
