package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.benchmarks.harness.Workload;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.bedrock.BedrockChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * LangChain4j's {@code BedrockChatModel} (Converse) on the shared client. {@code maxRetries} is
 * its own retry loop on top of the client's (default 2). Thread-safe.
 */
public final class LangChain4j implements ChatSubject {
  private final BedrockChatModel model;
  private final String name;

  /** Library retries off: only library overhead differs from the raw SDK. */
  public LangChain4j(BedrockRuntimeClient client, String modelId) {
    this(client, modelId, 0, "langchain4j");
  }

  /** With {@code maxRetries} library retries; {@code null} keeps LangChain4j's default (2). */
  public LangChain4j(BedrockRuntimeClient client, String modelId, Integer maxRetries, String name) {
    BedrockChatModel.Builder b =
        BedrockChatModel.builder().client(client).region(Region.US_EAST_1).modelId(modelId);
    if (maxRetries != null) {
      b.maxRetries(maxRetries);
    }
    this.model = b.build();
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String answeringModel(Workload w) {
    return w.modelId();
  }

  @Override
  public String chat(Workload w) {
    ChatRequest request =
        ChatRequest.builder()
            .messages(SystemMessage.from(w.system()), UserMessage.from(w.user()))
            .parameters(
                ChatRequestParameters.builder()
                    .modelName(w.modelId())
                    .maxOutputTokens(w.maxTokens())
                    .build())
            .build();
    return model.chat(request).aiMessage().text();
  }
}
