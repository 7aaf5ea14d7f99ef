package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/** The standalone entry point, run in-process; StandaloneJarIT runs the built jar. */
class BedrockEmulatorMainTest {
  @TempDir Path dir;

  @Test
  void startsOnAFreePortPrintsTheReadyLineAndServesSeededParameters() throws Exception {
    Path params = dir.resolve("params.json");
    Files.writeString(params, """
        {"/bedrock-kit/dev/models": "{\\"enabled\\":true}",
         "/bedrock-kit/dev/inline": {"enabled": false},
         "/bedrock-kit/dev/key": {"Type": "SecureString", "Value": "k"}}""");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    BedrockEmulator emulator = BedrockEmulatorMain.start(
        new String[] {"--port", "0", "--latency", "zero", "--parameters", params.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8));
    try (SsmClient ssm = SsmClient.builder().endpointOverride(emulator.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(BedrockEmulatorExtension.credentials()).build();
        BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder().endpointOverride(emulator.endpoint())
            .region(software.amazon.awssdk.regions.Region.US_EAST_1)
            .credentialsProvider(BedrockEmulatorExtension.credentials()).build()) {
      assertThat(out.toString(StandardCharsets.UTF_8))
          .isEqualTo("bedrock-kit emulator listening on http://127.0.0.1:" + emulator.port() + System.lineSeparator());
      assertThat(ssm.getParameter(b -> b.name("/bedrock-kit/dev/models")).parameter().value()).isEqualTo("{\"enabled\":true}");
      assertThat(ssm.getParameter(b -> b.name("/bedrock-kit/dev/inline")).parameter().value()).isEqualTo("{\"enabled\":false}");
      assertThat(ssm.getParameter(b -> b.name("/bedrock-kit/dev/key")).parameter().type()).isEqualTo(ParameterType.SECURE_STRING);
      assertThat(bedrock.converse(Requests.converse(ModelCatalog.CLAUDE_3_HAIKU, "hi")).output().message().content().get(0).text())
          .isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: hi");
    } finally {
      emulator.stop();
    }
    assertThat(emulator.isRunning()).isFalse();
  }

  @Test
  void realisticLatencyUsesTheModelsLatency() {
    BedrockEmulator emulator = BedrockEmulatorMain.start(new String[] {"--latency", "realistic"},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder().endpointOverride(emulator.endpoint())
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(BedrockEmulatorExtension.credentials()).build()) {
      // Llama 3 8B: 250 ms to first token, 120 tokens/s; the 39-character echo has 10 tokens -> 333 ms.
      long latency = bedrock.converse(Requests.converse(ModelCatalog.LLAMA3_8B, "hi")).metrics().latencyMs();
      assertThat(latency).isEqualTo(333);
    } finally {
      emulator.stop();
    }
  }

  @Test
  void badOptionsAreRejectedWithAMessageThatSaysWhich() {
    PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> BedrockEmulatorMain.start(new String[] {"--latency", "fast"}, sink))
        .hasMessage("--latency must be zero or realistic, not 'fast'.");
    assertThatThrownBy(() -> BedrockEmulatorMain.start(new String[] {"--port", "x"}, sink))
        .hasMessage("--port must be a number from 0 to 65535, not 'x'.");
    assertThatThrownBy(() -> BedrockEmulatorMain.start(new String[] {"--port"}, sink))
        .hasMessage("Option --port needs a value.");
    assertThatThrownBy(() -> BedrockEmulatorMain.start(new String[] {"--bogus", "1"}, sink))
        .hasMessage("Unknown option --bogus.");
  }

  @Test
  void parametersFileMustBeAnObject() throws Exception {
    Path params = dir.resolve("bad.json");
    Files.writeString(params, "[1]");

    assertThatThrownBy(() -> BedrockEmulatorMain.start(new String[] {"--parameters", params.toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
        .hasMessage("Parameters file " + params + " must hold a JSON object of name to value.");
  }
}
