package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: an {@link Error} thrown by a stream listener (an {@code AssertionError} in a test,
 * an {@code OutOfMemoryError}) ended the stream as {@code InvalidRequestException("Bedrock
 * rejected the request ... (AssertionError)")}: Bedrock had rejected nothing. The README promises
 * that a listener's exception ends the stream with that exception; runtime exceptions already did.
 * Found by the reliability suite's hostile-input corpus (an SDK {@code StackOverflowError} came out
 * the same way).
 */
class ListenerErrorIsNotDisguisedAsInvalidRequestTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private final BedrockKit kit =
      BedrockKit.builder()
          .client(BEDROCK.bedrockClient())
          .asyncClient(BEDROCK.bedrockAsyncClient())
          .models(TestModels.HAIKU)
          .build();

  @AfterEach
  void close() {
    kit.close();
  }

  @Test
  void aStreamListenerErrorEndsTheStreamWithThatError() {
    AssertionError boom = new AssertionError("boom");

    assertThatThrownBy(() -> kit.stream(ChatRequest.of("hello there"), d -> { throw boom; }).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isSameAs(boom);
  }

  @Test
  void aStreamListenerRuntimeExceptionStillEndsTheStreamWithIt() {
    IllegalStateException boom = new IllegalStateException("boom");

    assertThatThrownBy(() -> kit.stream(ChatRequest.of("hello there"), d -> { throw boom; }).join())
        .cause()
        .isSameAs(boom);
  }

  @Test
  void anInvokeStreamChunkListenerErrorEndsTheStreamWithThatError() {
    AssertionError boom = new AssertionError("boom");
    String body =
        "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":50,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}";

    assertThatThrownBy(
            () -> kit.invokeStream(InvokeRequest.of(TestModels.HAIKU, body), c -> { throw boom; }).join())
        .cause()
        .isSameAs(boom);
    assertThat(BEDROCK.journal().size()).isEqualTo(1);
  }
}
