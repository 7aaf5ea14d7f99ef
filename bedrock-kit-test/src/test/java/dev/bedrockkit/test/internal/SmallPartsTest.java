package dev.bedrockkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmallPartsTest {
  @Test
  void tokensAreCharactersOverFourRoundedUp() {
    assertThat(Tokens.count("")).isZero();
    assertThat(Tokens.count("abcd")).isEqualTo(1);
    assertThat(Tokens.count("abcde")).isEqualTo(2);
    assertThat(Tokens.truncate("abcdefghij", 2)).isEqualTo("abcdefgh");
  }

  @Test
  void deltasAreWordsWithTheirTrailingWhitespace() {
    assertThat(Tokens.deltas("a  bc\td ")).containsExactly("a  ", "bc\t", "d ");
    assertThat(String.join("", Tokens.deltas(" lead"))).isEqualTo(" lead");
  }

  @Test
  void regionComesFromTheCredentialScope() {
    assertThat(Regions.fromAuthorization(
        "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-west-2/bedrock/aws4_request, SignedHeaders=host, Signature=x", "us-east-1"))
        .isEqualTo("us-west-2");
    assertThat(Regions.fromAuthorization(null, "us-east-1")).isEqualTo("us-east-1");
    assertThat(Regions.fromAuthorization("Bearer abc", "eu-west-1")).isEqualTo("eu-west-1");
  }

  @Test
  void percentDecodingKeepsPlusSigns() {
    assertThat(Router.percentDecode("arn%3Aaws%3Abedrock%3Aus-east-1%3A%3Afoundation-model%2Fa.b-v1%3A0"))
        .isEqualTo("arn:aws:bedrock:us-east-1::foundation-model/a.b-v1:0");
    assertThat(Router.percentDecode("a+b%2")).isEqualTo("a+b%2");
  }

  @Test
  void modelRegistryResolvesProfilesAndArnsOnlyForModelsWithProfiles() {
    ModelRegistry registry = new ModelRegistry(dev.bedrockkit.test.ModelCatalog.builtIn());

    assertThat(registry.resolve("eu.anthropic.claude-3-haiku-20240307-v1:0").viaInferenceProfile()).isTrue();
    assertThat(registry.resolve("arn:aws:bedrock:us-east-1:123456789012:inference-profile/apac.anthropic.claude-3-haiku-20240307-v1:0")
        .profile().modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> registry.resolve("us.amazon.titan-text-express-v1"))
        .isInstanceOf(ApiError.class).hasMessage("The provided model identifier is invalid.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> registry.resolve("arn:aws:bedrock:us-east-1:123456789012:foundation-model/amazon.titan-text-express-v1"))
        .isInstanceOf(ApiError.class);
  }
}
