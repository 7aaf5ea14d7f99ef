package dev.bedrockkit.internal.config;

import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import java.util.Objects;

/** A {@link ModelConfigSource} that never changes. Immutable; safe to share between threads. */
public final class StaticModelConfigSource implements ModelConfigSource {
  private final ModelConfig config;

  public StaticModelConfigSource(ModelConfig config) {
    this.config = Objects.requireNonNull(config, "config cannot be null");
  }

  @Override
  public ModelConfig current() {
    return config;
  }

  @Override
  public String toString() {
    return "ModelConfigSource.of(version " + config.version() + ")";
  }
}
