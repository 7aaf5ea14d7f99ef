package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BedrockEmulatorExtensionTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static int firstPort;

  @Test
  @Order(1)
  void resolvesEveryParameterType(BedrockEmulator emulator, Faults faults, Journal journal,
      BedrockRuntimeClient sync, BedrockRuntimeAsyncClient async, SsmClient ssm) {
    assertThat(emulator).isSameAs(BEDROCK.emulator());
    assertThat(faults).isSameAs(emulator.faults());
    assertThat(journal).isSameAs(emulator.journal());
    assertThat(sync).isSameAs(BEDROCK.bedrockClient());
    assertThat(async).isSameAs(BEDROCK.bedrockAsyncClient());
    assertThat(ssm).isSameAs(BEDROCK.ssmClient());
    assertThat(emulator.isRunning()).isTrue();
    assertThat(BEDROCK.endpoint().toString()).isEqualTo("http://127.0.0.1:" + emulator.port());
    firstPort = emulator.port();
  }

  @Test
  @Order(2)
  void leavesStateBehindForTheNextTestToNotSee(BedrockRuntimeClient client) {
    BEDROCK.faults().throttleNext(10);
    BEDROCK.emulator().putParameter("/leak", "x");
    BEDROCK.emulator().script(ScriptedReply.forAnyModel().text("leaked"));
    BEDROCK.journal().clear();
    BEDROCK.faults().forModel("other").throttleNext(1);
    assertThat(BEDROCK.faults().all()).hasSize(2);
  }

  @Test
  @Order(3)
  void startsEachTestFromTheBuiltStateOnTheSameServer(BedrockRuntimeClient client) {
    assertThat(BEDROCK.emulator().port()).isEqualTo(firstPort);
    assertThat(BEDROCK.faults().all()).isEmpty();
    assertThat(BEDROCK.journal().size()).isZero();
    assertThat(BEDROCK.emulator().parameter("/leak")).isNull();
    assertThat(client.converse(Requests.converse(ModelCatalog.CLAUDE_3_HAIKU, "x")).output().message().content().get(0).text())
        .endsWith("echo: x");
  }

  @Test
  @Order(4)
  void clientsArePerRegionAndReused() {
    assertThat(BEDROCK.bedrockClient("us-west-2")).isSameAs(BEDROCK.bedrockClient("us-west-2"))
        .isNotSameAs(BEDROCK.bedrockClient("us-east-1"));
    assertThat(BEDROCK.bedrockClient("us-west-2").serviceClientConfiguration().region().id()).isEqualTo("us-west-2");
    assertThat(BEDROCK.ssmClient("eu-west-1").serviceClientConfiguration().region().id()).isEqualTo("eu-west-1");
  }

  @Nested
  class NestedTests {
    @Test
    void nestedTestsShareTheOuterServer() {
      assertThat(BEDROCK.emulator().isRunning()).isTrue();
      assertThat(BEDROCK.emulator().port()).isEqualTo(firstPort);
    }
  }

  @Nested
  class InstanceFieldRegistration {
    @RegisterExtension final BedrockEmulatorExtension perTest = BedrockEmulatorExtension.create();

    @Test
    void instanceExtensionRunsItsOwnServerForTheTest() {
      assertThat(perTest.emulator().isRunning()).isTrue();
      assertThat(perTest.emulator().port()).isNotEqualTo(firstPort);
      assertThat(perTest.bedrockClient().converse(Requests.converse(ModelCatalog.CLAUDE_3_HAIKU, "x")).stopReason().toString())
          .isEqualTo("end_turn");
    }
  }
}
