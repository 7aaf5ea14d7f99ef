package dev.bedrockkit.test;

/** The SSM parameter types, with their wire names. Thread-safe (an enum). */
public enum ParameterType {
  /** {@code String}. */
  STRING("String"),
  /** {@code StringList}: comma-separated values. */
  STRING_LIST("StringList"),
  /** {@code SecureString}: returned as ciphertext unless {@code WithDecryption} is true. */
  SECURE_STRING("SecureString");

  private final String wireName;

  ParameterType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the name as SSM spells it.
   *
   * @return e.g. {@code SecureString}
   */
  public String wireName() {
    return wireName;
  }
}
