package dev.bedrockkit.internal;

/**
 * Argument checks with one message shape ({@code "id cannot be null"}, {@code "id cannot be
 * blank"}), so every public entry point fails fast the same way.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Checks {
  private Checks() {}

  /** Returns {@code value}, or throws {@link NullPointerException} "{name} cannot be null". */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " cannot be null");
    }
    return value;
  }

  /**
   * Returns {@code value}, or throws {@link NullPointerException} "{name} cannot be null" / {@link
   * IllegalArgumentException} "{name} cannot be blank".
   */
  public static String notBlank(String value, String name) {
    notNull(value, name);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " cannot be blank");
    }
    return value;
  }

  /** Throws {@link IllegalArgumentException} with {@code message} unless {@code condition}. */
  public static void isTrue(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
