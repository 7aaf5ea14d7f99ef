package dev.bedrockkit;

import java.util.List;

/** PLACEHOLDER until the config branch lands. */
public record ModelTarget(
    String modelId,
    List<String> regions,
    Integer maxTokens,
    Double temperature,
    Double topP,
    List<String> stopSequences,
    boolean enabled) {
  public static ModelTarget of(String modelId) {
    return new ModelTarget(modelId, List.of(), null, null, null, List.of(), true);
  }
}
