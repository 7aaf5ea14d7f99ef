package dev.bedrockkit;

/** PLACEHOLDER until the config branch lands. */
public interface ModelConfigSource {
  ModelConfig current();

  static ModelConfigSource of(ModelConfig config) {
    return () -> config;
  }
}
