package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: when the kit's embedding model answered something that is not an embedding (a text
 * model configured by mistake answers {@code {"results": [...]}}), {@code embed} threw a bare
 * {@code IllegalStateException}, outside the sealed {@link BedrockKitException} hierarchy. Found
 * by the reliability suite's hostile-input corpus. It is now a {@link ConfigurationException}
 * naming the setting.
 */
class EmbeddingFromATextModelTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private BedrockKit kit() {
    return BedrockKit.builder()
        .client(BEDROCK.bedrockClient())
        .asyncClient(BEDROCK.bedrockAsyncClient())
        .models(TestModels.HAIKU)
        .embeddingModel(ModelCatalog.TITAN_TEXT_EXPRESS)
        .build();
  }

  @Test
  void aTextModelAsEmbeddingModelIsAConfigurationException() {
    try (BedrockKit kit = kit()) {
      assertThatThrownBy(() -> kit.embed("hello"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "the embedding model amazon.titan-text-express-v1 answered without an 'embedding';"
                  + " set BedrockKit.builder().embeddingModel(...) to a Titan Text Embeddings model"
                  + " such as amazon.titan-embed-text-v2:0")
          .extracting(e -> ((ConfigurationException) e).path())
          .isEqualTo("embeddingModel");
    }
  }

  @Test
  void theAsyncTwinFailsTheSameWay() {
    try (BedrockKit kit = kit()) {
      assertThatThrownBy(() -> kit.embedAsync("hello", 256, true).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(ConfigurationException.class);
    }
  }
}
