package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regression: {@link InvokeRequest} let through what {@link ChatRequest} rejects, and failed in
 * other ways: a blank model ID was an {@code IllegalArgumentException}, an alias a {@code
 * ConfigurationException} at call time, and any string was accepted as a Region code (with a
 * client factory, a Region taken from user input became part of an endpoint host name). A blank
 * {@code ChatRequest.Builder.model("")} was an {@code IllegalArgumentException} while an alias was
 * an {@code InvalidRequestException}. Found by the reliability suite's hostile-input corpus; now
 * every one is an {@link InvalidRequestException} naming the field, before any network call.
 */
class InvokeRequestRejectsWhatChatRequestRejectsTest {
  static final String BODY = "{\"inputText\":\"hi\"}";

  private static InvalidRequestException invalid(Runnable r) {
    try {
      r.run();
    } catch (InvalidRequestException e) {
      return e;
    }
    throw new AssertionError("expected an InvalidRequestException");
  }

  @Test
  void aBlankModelIdNamesTheField() {
    InvalidRequestException e = invalid(() -> InvokeRequest.of(" ", BODY));
    assertThat(e.field()).isEqualTo("modelId");
    assertThat(e).hasMessage("modelId must be a pinned model ID but was blank");
  }

  @Test
  void anAliasIsRejectedWhenTheRequestIsBuilt() {
    InvalidRequestException e = invalid(() -> InvokeRequest.of("anthropic.claude-3-haiku", BODY));
    assertThat(e.field()).isEqualTo("modelId");
    assertThat(e).hasMessageContaining("'anthropic.claude-3-haiku' is not pinned");
  }

  @Test
  void aMalformedRegionIsRejected() {
    for (String region : List.of("mars-north-1", "evil.example.com#", "", "US-EAST-1", "us-east-1 ")) {
      InvalidRequestException e =
          invalid(() -> new InvokeRequest(TestModels.HAIKU, BODY, List.of(region), null, null));
      assertThat(e.field()).isEqualTo("regions[0]");
      assertThat(e).hasMessageContaining("is not an AWS Region code");
    }
  }

  @Test
  void aRepeatedRegionIsRejected() {
    InvalidRequestException e =
        invalid(
            () ->
                new InvokeRequest(
                    TestModels.HAIKU, BODY, List.of("us-east-1", "us-east-1"), null, null));
    assertThat(e.field()).isEqualTo("regions[1]");
  }

  @Test
  void aValidRequestStillBuilds() {
    InvokeRequest r =
        new InvokeRequest(TestModels.HAIKU, BODY, List.of("us-east-1", "us-west-2"), "team", null);
    assertThat(r.regions()).containsExactly("us-east-1", "us-west-2");
  }

  @Test
  void aNullModelIdIsStillAProgrammingError() {
    assertThatThrownBy(() -> InvokeRequest.of(null, BODY))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("modelId cannot be null");
  }

  @Test
  void aBlankChatModelIsAnInvalidRequestToo() {
    InvalidRequestException e = invalid(() -> ChatRequest.builder().model(""));
    assertThat(e.field()).isEqualTo("modelId");
    assertThat(e).hasMessage("modelId must be a pinned model ID but was blank");
  }

  @Test
  void anUnpinnedEmbeddingModelIsAConfigurationProblemAtBuildTime() {
    assertThatThrownBy(() -> BedrockKit.builder().embeddingModel("amazon.titan-embed-text"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'amazon.titan-embed-text' is not pinned")
        .extracting(e -> ((ConfigurationException) e).path())
        .isEqualTo("embeddingModel");
  }
}
