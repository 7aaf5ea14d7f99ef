package dev.bedrockkit;

/**
 * Model calls are switched off ({@code "enabled": false} in the model configuration) and no
 * degraded answer is configured. Raised before any model call, or, when the switch is engaged
 * while a request is in flight, instead of its next attempt (retry or fallback): no call leaves
 * after the switch took effect.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class KillSwitchEngagedException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String configVersion;

  public KillSwitchEngagedException(String configVersion, String message) {
    super(message, null);
    this.configVersion = configVersion;
  }

  /** Version of the configuration that engaged the switch. */
  public String configVersion() {
    return configVersion;
  }
}
