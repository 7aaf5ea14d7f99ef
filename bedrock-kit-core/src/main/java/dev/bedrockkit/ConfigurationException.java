package dev.bedrockkit;

/**
 * Configuration is invalid or unreadable: a model configuration document, a builder setting, a
 * pricing file. {@link #path()} names the setting, e.g. {@code chains.default[1].modelId}.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ConfigurationException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public ConfigurationException(String path, String message) {
    this(path, message, null);
  }

  public ConfigurationException(String path, String message, Throwable cause) {
    super(message, cause);
    this.path = path;
  }

  /** Path of the offending setting, or {@code ""} when the whole document is at fault. */
  public String path() {
    return path;
  }
}
