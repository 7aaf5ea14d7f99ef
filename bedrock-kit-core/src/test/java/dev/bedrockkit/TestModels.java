package dev.bedrockkit;

/** Model IDs the emulator knows, for tests. */
final class TestModels {
  static final String HAIKU = dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = dev.bedrockkit.test.ModelCatalog.CLAUDE_3_5_SONNET;

  private TestModels() {}
}
