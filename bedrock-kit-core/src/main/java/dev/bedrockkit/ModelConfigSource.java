package dev.bedrockkit;

import dev.bedrockkit.internal.config.StaticModelConfigSource;

/**
 * Where the {@link ModelConfig} comes from: fixed in code ({@link #of}, {@link #ofJson}) or read
 * from Parameter Store and hot reloaded ({@link ParameterStoreConfigSource}). Callers ask for
 * {@link #current()} on every request and use that one object for the whole request.
 *
 * <p>Implementations are thread-safe, and {@link #current()} is a memory read: no I/O, no locks.
 */
public interface ModelConfigSource extends AutoCloseable {

  /** The configuration in force now; never {@code null}. */
  ModelConfig current();

  /** Releases what the source holds (threads, schedules); a no-op for static sources. */
  @Override
  default void close() {}

  /** A source that always returns {@code config}. */
  static ModelConfigSource of(ModelConfig config) {
    return new StaticModelConfigSource(config);
  }

  /**
   * A source that always returns the configuration in {@code json}, with version {@value
   * ModelConfig#STATIC_VERSION}: the Parameter Store document format, for tests and local runs.
   *
   * @throws ConfigurationException when the document is invalid
   */
  static ModelConfigSource ofJson(String json) {
    return of(ModelConfig.fromJson(json, ModelConfig.STATIC_VERSION));
  }
}
