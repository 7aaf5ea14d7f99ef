package dev.bedrockkit.spring;

/**
 * A {@code bedrock-kit.*} property holds a value bedrock-kit cannot use. Carries the property's
 * name, the value found, why it is wrong and what it accepts, for {@link
 * BedrockKitFailureAnalyzer}.
 *
 * <p>Immutable.
 */
final class InvalidPropertyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String property;
  private final transient Object value;
  private final String reason;
  private final String action;

  InvalidPropertyException(String property, Object value, String reason, String action) {
    this(property, value, reason, action, null);
  }

  InvalidPropertyException(
      String property, Object value, String reason, String action, Throwable cause) {
    super(
        "Invalid value "
            + (value == null ? "(none)" : "'" + Settings.text(value) + "'")
            + " for property '"
            + property
            + "': "
            + reason,
        cause);
    this.property = property;
    this.value = value;
    this.reason = reason;
    this.action = action;
  }

  /** The full property name, e.g. {@code bedrock-kit.chains.default[0].model-id}. */
  String property() {
    return property;
  }

  /** The value found, or {@code null} when the property is unset. */
  Object value() {
    return value;
  }

  /** Why the value is wrong. */
  String reason() {
    return reason;
  }

  /** What to set instead, naming the allowed values. */
  String action() {
    return action;
  }
}
