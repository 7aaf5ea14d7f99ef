package dev.bedrockkit.internal;

import dev.bedrockkit.ModelTarget;

/**
 * Internal: one model in one region, as the chain will try it.
 *
 * @param model the model's configuration (inference defaults, enabled flag)
 * @param region the region, or {@code null} for the default client's region
 */
public record Target(ModelTarget model, String region) {
  public String modelId() {
    return model.modelId();
  }
}
