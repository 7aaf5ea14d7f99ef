package dev.bedrockkit.internal;

import java.time.Duration;

/**
 * Internal: argument checks with one message shape ({@code "id cannot be null"},
 * {@code "maxTokens must be > 0 but was -1"}), so every public entry point fails fast the same
 * way.
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

  public static int notNegative(int value, String name) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
    return value;
  }

  public static int positive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
    return value;
  }

  public static Duration positive(Duration value, String name) {
    notNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0 but was " + value);
    }
    return value;
  }

  public static Duration notNegative(Duration value, String name) {
    notNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
    }
    return value;
  }

  public static double between(double value, double min, double max, String name) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          name + " must be between " + min + " and " + max + " but was " + value);
    }
    return value;
  }
}
