package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelCatalogFindTest {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  final ModelCatalog catalog = ModelCatalog.ofDefaults();

  @Test
  void findsPlainIdProfileIdAndArnAlike() {
    ModelInfo plain = catalog.find(HAIKU).orElseThrow();
    assertThat(plain.contextWindowTokens()).isEqualTo(200_000);
    assertThat(catalog.find("us." + HAIKU)).contains(plain);
    assertThat(catalog.find("arn:aws:bedrock:us-east-1::foundation-model/" + HAIKU)).contains(plain);
  }

  @Test
  void unknownAndUnpinnedIdsAreNotFound() {
    assertThat(catalog.find("anthropic.claude-9-20990101-v1:0")).isEmpty();
    assertThat(catalog.find("claude-latest")).isEmpty();
  }
}
