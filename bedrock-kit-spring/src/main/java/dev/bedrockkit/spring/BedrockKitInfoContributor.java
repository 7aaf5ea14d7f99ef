package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.ParameterStoreConfigSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * Adds "bedrockKit" to the actuator info endpoint: where the model configuration comes from, its
 * version, the kill switch, and every chain with its models and regions; for Parameter Store, the
 * parameter's status (fallback in use, last rejected version, reads failing).
 *
 * <p>Thread-safe; reads the configuration in force on every call.
 */
final class BedrockKitInfoContributor implements InfoContributor {
  private final BedrockKit kit;
  private final ModelConfigSource source;

  /**
   * @param source the model configuration source bean, or {@code null}
   */
  BedrockKitInfoContributor(BedrockKit kit, ModelConfigSource source) {
    this.kit = kit;
    this.source = source;
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
