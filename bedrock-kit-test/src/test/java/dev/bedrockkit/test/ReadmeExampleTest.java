package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** The README's examples, verbatim, so they keep compiling and passing. */
class ReadmeExampleTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @Test
  void answers(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(ModelCatalog.CLAUDE_3_HAIKU)
        .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("hi")).build()));
    assertThat(r.output().message().content().get(0).text())
        .isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: hi");
  }

  @Test
  void withoutJunit() {
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        BedrockRuntimeClient client = BedrockRuntimeClient.builder()
            .endpointOverride(emulator.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .build()) {
      assertThat(client.converse(Requests.converse(ModelCatalog.TITAN_TEXT_EXPRESS, "x")).output().message().content().get(0).text())
          .isEqualTo("[amazon.titan-text-express-v1] echo: x");
    }
  }
}
