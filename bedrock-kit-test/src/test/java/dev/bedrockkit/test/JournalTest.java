package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.ModelCatalog.TITAN_TEXT_EXPRESS;
import static dev.bedrockkit.test.Requests.converse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

class JournalTest {
  static final Instant NOW = Instant.parse("2026-11-25T10:15:30Z");

  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK =
      BedrockEmulatorExtension.of(BedrockEmulator.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)));

  @Test
  void recordsOperationDecodedModelRegionBodyHeadersAndTimestamp(BedrockRuntimeClient client, Journal journal) {
    client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(Requests.user("hello"))
        .inferenceConfig(c -> c.maxTokens(100).temperature(0.5f)));

    RecordedCall call = journal.last();
    assertThat(call.operation()).isEqualTo(Operation.CONVERSE);
    assertThat(call.modelId()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(call.region()).isEqualTo("us-east-1");
    assertThat(call.body().at("/messages/0/role").asText()).isEqualTo("user");
    assertThat(call.body().at("/messages/0/content/0/text").asText()).isEqualTo("hello");
    assertThat(call.body().at("/inferenceConfig/maxTokens").asInt()).isEqualTo(100);
    assertThat(call.body().at("/inferenceConfig/temperature").asDouble()).isEqualTo(0.5);
    assertThat(call.header("Content-Type")).isEqualTo("application/json");
    assertThat(call.header("authorization")).contains("Credential=AKIDEMULATOR/").contains("/us-east-1/bedrock/aws4_request");
    assertThat(call.timestamp()).isEqualTo(NOW);
    assertThat(call.status()).isEqualTo(200);
    assertThat(call.succeeded()).isTrue();
  }

  @Test
  void countsAndFiltersByModelAndOperation(BedrockRuntimeClient client, Journal journal) {
    client.converse(converse(CLAUDE_3_HAIKU, "a"));
    client.converse(converse(CLAUDE_3_HAIKU, "b"));
    client.invokeModel(b -> b.modelId(TITAN_TEXT_EXPRESS).body(SdkBytes.fromUtf8String("{\"inputText\":\"c\"}")));

    assertThat(journal.size()).isEqualTo(3);
    assertThat(journal.count(CLAUDE_3_HAIKU)).isEqualTo(2);
    assertThat(journal.count(Operation.INVOKE_MODEL)).isEqualTo(1);
    assertThat(journal.calls(Operation.CONVERSE)).extracting(c -> c.body().at("/messages/0/content/0/text").asText())
        .containsExactly("a", "b");
    assertThat(journal.calls(TITAN_TEXT_EXPRESS)).singleElement()
        .satisfies(c -> assertThat(c.rawBody()).isEqualTo("{\"inputText\":\"c\"}"));
  }

  @Test
  void clearForgetsEverything(BedrockRuntimeClient client, Journal journal) {
    client.converse(converse(CLAUDE_3_HAIKU, "a"));

    journal.clear();

    assertThat(journal.all()).isEmpty();
    assertThatThrownBy(journal::last).isInstanceOf(IllegalStateException.class)
        .hasMessage("The journal is empty: the emulator has received no request since the last reset.");
  }

  @Test
  void journalIsEmptyAtTheStartOfEachTest(Journal journal) {
    assertThat(journal.size()).isZero();
  }

  @Test
  void nonJsonBodyIsRecordedAsMissingNode() {
    Requests.rawPost(BEDROCK.endpoint(), "/model/x/converse", "not json");

    assertThat(BEDROCK.journal().last().body().isMissingNode()).isTrue();
    assertThat(BEDROCK.journal().last().rawBody()).isEqualTo("not json");
  }

  @Test
  void keepsOnlyTheNewestCallsUpToItsCapacity() {
    try (BedrockEmulator small = BedrockEmulator.builder().journalCapacity(2).start()) {
      for (String text : new String[] {"1", "2", "3"}) {
        Requests.rawPost(small.endpoint(), "/model/" + CLAUDE_3_HAIKU.replace(":", "%3A") + "/converse",
            "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"" + text + "\"}]}]}");
      }

      assertThat(small.journal().all()).extracting(c -> c.body().at("/messages/0/content/0/text").asText())
          .containsExactly("2", "3");
    }
  }
}
