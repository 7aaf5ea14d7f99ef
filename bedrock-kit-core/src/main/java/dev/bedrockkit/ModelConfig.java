package dev.bedrockkit;

import java.util.List;
import java.util.Map;

/** PLACEHOLDER until the config branch lands. */
public record ModelConfig(
    boolean enabled,
    Map<String, List<ModelTarget>> chains,
    String degradedMessage,
    String version) {
  public static ModelConfig of(String... ids) {
    return new ModelConfig(true, Map.of("default", java.util.Arrays.stream(ids).map(ModelTarget::of).toList()), null, "static");
  }

  public List<ModelTarget> chain(String name) {
    List<ModelTarget> c = chains.get(name);
    if (c == null) {
      throw new ConfigurationException("chains." + name, "no chain '" + name + "'; known chains: " + chains.keySet());
    }
    return c;
  }
}
