package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.Requests.converse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** One emulator, several regions: the region comes from the SigV4 credential scope. */
class RegionRoutingTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @Test
  void clientsOfTwoRegionsShareTheEndpointAndAreJournalledByRegion() {
    BEDROCK.bedrockClient("us-east-1").converse(converse(CLAUDE_3_HAIKU, "east"));
    BEDROCK.bedrockClient("us-west-2").converse(converse(CLAUDE_3_HAIKU, "west"));
    BEDROCK.bedrockAsyncClient("eu-central-1").converse(converse(CLAUDE_3_HAIKU, "eu")).join();

    assertThat(BEDROCK.journal().all()).extracting(RecordedCall::region)
        .containsExactly("us-east-1", "us-west-2", "eu-central-1");
    assertThat(BEDROCK.journal().callsFrom("us-west-2")).singleElement()
        .satisfies(c -> assertThat(c.body().at("/messages/0/content/0/text").asText()).isEqualTo("west"));
  }

  @Test
  void regionDownFailsOnlyThatRegion() {
    Fault down = BEDROCK.faults().regionDown("us-east-1");

    assertThatThrownBy(() -> BEDROCK.bedrockClient("us-east-1").converse(converse(CLAUDE_3_HAIKU, "x")))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(BEDROCK.bedrockClient("us-west-2").converse(converse(CLAUDE_3_HAIKU, "x")).stopReason())
        .isEqualTo(StopReason.END_TURN);
    assertThat(down.triggered()).isEqualTo(1);
    assertThat(down.description()).isEqualTo("regionDown region=us-east-1");
  }

  @Test
  void forRegionScopesCountedFaults() {
    BEDROCK.faults().forRegion("us-west-2").forModel(CLAUDE_3_HAIKU).serviceUnavailableNext(1);

    assertThat(BEDROCK.bedrockClient("us-east-1").converse(converse(CLAUDE_3_HAIKU, "x")).stopReason()).isEqualTo(StopReason.END_TURN);
    assertThatThrownBy(() -> BEDROCK.bedrockClient("us-west-2").converse(converse(CLAUDE_3_HAIKU, "x")))
        .isInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void unsignedRequestsCountAsTheDefaultRegion() {
    Requests.rawPost(BEDROCK.endpoint(), "/model/" + CLAUDE_3_HAIKU.replace(":", "%3A") + "/converse",
        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]}");

    assertThat(BEDROCK.journal().last().region()).isEqualTo("us-east-1");
  }
}
