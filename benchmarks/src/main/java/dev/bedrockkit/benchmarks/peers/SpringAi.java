package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.benchmarks.harness.Workload;
import java.util.List;
import org.springframework.ai.bedrock.converse.BedrockChatOptions;
import org.springframework.ai.bedrock.converse.BedrockProxyChatModel;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.prompt.Prompt;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Spring AI 1.1's {@code BedrockProxyChatModel} (Converse) on the shared client. It has no retry
 * of its own on this path; retries are whatever the client does. Thread-safe.
 */
public final class SpringAi implements ChatSubject {
  private final BedrockProxyChatModel model;
  private final String name;

  public SpringAi(BedrockRuntimeClient client, BedrockRuntimeAsyncClient async, String modelId) {
    this(client, async, modelId, "spring-ai");
  }

  public SpringAi(BedrockRuntimeClient client, BedrockRuntimeAsyncClient async, String modelId, String name) {
    // The builder reads the default region chain at construction (FACTS.md): keep it off EC2 metadata.
    System.setProperty("aws.disableEc2Metadata", "true");
    if (System.getProperty("aws.region") == null) {
      System.setProperty("aws.region", Region.US_EAST_1.id());
    }
    BedrockProxyChatModel.Builder b =
        BedrockProxyChatModel.builder()
            .region(Region.US_EAST_1)
            .bedrockRuntimeClient(client)
            .defaultOptions(BedrockChatOptions.builder().model(modelId).build());
    if (async != null) {
      b.bedrockRuntimeAsyncClient(async);
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
    Prompt prompt =
        new Prompt(
            List.of(new SystemMessage(w.system()), new UserMessage(w.user())),
            BedrockChatOptions.builder().model(w.modelId()).maxTokens(w.maxTokens()).build());
    return model.call(prompt).getResult().getOutput().getText();
  }
}
