package dev.bedrockkit.test.internal;

/** Argument checks with one message shape. Stateless. */
public final class Checks {
  private Checks() {}

  /**
   * Fails with {@code "<name> cannot be null"} when {@code value} is null.
   *
   * @param value the value
   * @param name the argument name
   * @param <T> the value type
   * @return the value
   */
  public static <T> T notNull(T value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " cannot be null");
    }
    return value;
  }

  /**
   * Fails with {@code message} when {@code condition} is false.
   *
   * @param condition the condition
   * @param message the message
   */
  public static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
