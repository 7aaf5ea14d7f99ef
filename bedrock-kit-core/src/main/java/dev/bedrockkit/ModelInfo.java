package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;

/**
 * Limits of one model: how many tokens fit in its context window and how many it can generate.
 *
 * @param modelId the base foundation-model ID, e.g. {@code anthropic.claude-3-haiku-20240307-v1:0}
 * @param contextWindowTokens input plus output tokens the model accepts
 * @param maxOutputTokens the most tokens it generates in one answer
 */
public record ModelInfo(String modelId, int contextWindowTokens, int maxOutputTokens) {
  public ModelInfo {
    Checks.notBlank(modelId, "modelId");
    Checks.positive(contextWindowTokens, "contextWindowTokens");
    Checks.positive(maxOutputTokens, "maxOutputTokens");
  }
}
