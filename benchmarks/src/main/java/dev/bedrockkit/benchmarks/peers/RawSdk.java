package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.benchmarks.harness.Workload;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/** The baseline: {@code BedrockRuntimeClient.converse}, nothing else. Thread-safe. */
public final class RawSdk implements ChatSubject {
  private final BedrockRuntimeClient client;
  private final String name;

  public RawSdk(BedrockRuntimeClient client) {
    this(client, "raw-sdk");
  }

  public RawSdk(BedrockRuntimeClient client, String name) {
    this.client = client;
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
    ConverseResponse r =
        client.converse(
            b ->
                b.modelId(w.modelId())
                    .system(SystemContentBlock.fromText(w.system()))
                    .messages(
                        Message.builder()
                            .role(ConversationRole.USER)
                            .content(ContentBlock.fromText(w.user()))
                            .build())
                    .inferenceConfig(i -> i.maxTokens(w.maxTokens())));
    return r.output().message().content().get(0).text();
  }
}
