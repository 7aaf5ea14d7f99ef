package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.benchmarks.harness.Workload;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * A library that streams the answer of a Converse turn (ConverseStream on the async client).
 * Implementations are thread-safe.
 */
public interface StreamSubject extends AutoCloseable {

  String name();

  /**
   * Starts a stream; {@code onFirstText} runs once, on an I/O thread, when the first piece of
   * text arrives. The future completes with the whole text.
   */
  CompletableFuture<String> open(Workload w, Runnable onFirstText);

  /** Streams one answer and returns its time to first text in ns (-1 - ns when it is wrong). */
  default long timeToFirstText(Workload w) {
    long t0 = System.nanoTime();
    long[] first = {-1};
    String text;
    try {
      text = open(w, () -> first[0] = System.nanoTime()).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
    long ttft = first[0] - t0;
    return w.answeredBy(text, w.modelId()) && first[0] > 0 ? ttft : -1 - Math.max(0, ttft);
  }

  @Override
  default void close() {}

  /** The raw SDK: {@code BedrockRuntimeAsyncClient.converseStream} with a visitor. */
  static StreamSubject rawSdk(BedrockRuntimeAsyncClient client) {
    return new StreamSubject() {
      @Override
      public String name() {
        return "raw-sdk";
      }

      @Override
      public CompletableFuture<String> open(Workload w, Runnable onFirstText) {
        StringBuilder text = new StringBuilder();
        AtomicBoolean first = new AtomicBoolean();
        ConverseStreamRequest request =
            ConverseStreamRequest.builder()
                .modelId(w.modelId())
                .system(SystemContentBlock.fromText(w.system()))
                .messages(
                    Message.builder()
                        .role(ConversationRole.USER)
                        .content(ContentBlock.fromText(w.user()))
                        .build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(w.maxTokens()).build())
                .build();
        ConverseStreamResponseHandler handler =
            ConverseStreamResponseHandler.builder()
                .subscriber(
                    ConverseStreamResponseHandler.Visitor.builder()
                        .onContentBlockDelta(
                            d -> {
                              if (d.delta().text() != null) {
                                if (first.compareAndSet(false, true)) {
                                  onFirstText.run();
                                }
                                text.append(d.delta().text());
                              }
                            })
                        .build())
                .build();
        return client.converseStream(request, handler).thenApply(v -> text.toString());
      }
    };
  }

  /** {@code BedrockKit.stream} with a listener; bulkhead raised so 1,000 streams fit. */
  static StreamSubject kit(BedrockRuntimeAsyncClient client, String modelId) {
    BedrockKit kit =
        BedrockKit.builder()
            .asyncClient(client)
            .models(modelId)
            .callPolicy(CallPolicy.builder().maxConcurrentCallsPerModel(4096).build())
            .build();
    return new StreamSubject() {
      @Override
      public String name() {
        return "bedrock-kit";
      }

      @Override
      public CompletableFuture<String> open(Workload w, Runnable onFirstText) {
        boolean[] first = {false};
        ChatRequest request =
            ChatRequest.builder().system(w.system()).user(w.user()).maxTokens(w.maxTokens()).build();
        return kit.stream(
                request,
                delta -> {
                  if (!first[0]) {
                    first[0] = true;
                    onFirstText.run();
                  }
                })
            .thenApply(r -> r.text());
      }

      @Override
      public void close() {
        kit.close();
      }
    };
  }
}
