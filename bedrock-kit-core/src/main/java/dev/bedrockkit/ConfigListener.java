package dev.bedrockkit;

/**
 * Hears what a {@link ParameterStoreConfigSource} does, e.g. to count rejected versions and read
 * failures in metrics. Every method has a no-op default; implement the ones you need.
 *
 * <p>Called on the thread that refreshes (the refresh scheduler, or the caller of {@code start()}
 * or {@code refreshNow()}), one call at a time. A listener that throws is logged and ignored: it
 * never stops a refresh. Keep callbacks short; they delay the next refresh.
 */
public interface ConfigListener {

  /**
   * A configuration became the one in force: the first version read at start, each later version,
   * or the fallback when the first read failed.
   */
  default void onLoaded(ModelConfig config) {}

  /**
   * A version of the parameter is invalid and was not loaded; the configuration in force is kept.
   * Called once per rejected version.
   *
   * @param version the parameter version that was rejected
   * @param error what is wrong with it; {@code path()} names the first problem
   */
  default void onRejected(String version, ConfigurationException error) {}

  /**
   * Reading the parameter failed (Parameter Store unreachable, throttled, access denied, parameter
   * deleted); the configuration in force is kept. Called on every failed read.
   *
   * @param error the AWS SDK exception
   */
  default void onUnavailable(Exception error) {}
}
