package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.RenderedPrompt;
import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.overhead.AllocationPerCallBenchmark;
import dev.bedrockkit.benchmarks.overhead.ClientCpuBenchmark;
import dev.bedrockkit.benchmarks.template.TemplateRenderBenchmark;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Calls each JMH benchmark method once, outside JMH, so a broken benchmark fails the build; JMH
 * itself never runs in {@code verify}. One library starts the emulator as a separate process, as
 * the real benchmark does.
 */
class JmhBenchmarksSmokeTest {

  @ParameterizedTest
  @CsvSource({
    "raw-sdk, IN_PROCESS",
    "bedrock-kit, PROCESS",
    "spring-ai, IN_PROCESS",
    "langchain4j, IN_PROCESS"
  })
  void allocationBenchmarkCallsEachLibrary(String library, Emulator.Mode mode) {
    AllocationPerCallBenchmark b = new AllocationPerCallBenchmark();
    b.library = library;
    b.emulatorMode = mode;
    b.start();
    try {
      assertThat(b.call()).startsWith("[anthropic.claude-3-haiku-20240307-v1:0] echo: ");
    } finally {
      b.stop();
    }
  }

  @ParameterizedTest
  @CsvSource({"raw-sdk", "bedrock-kit"})
  void clientCpuBenchmarkGetsTheCannedAnswerThroughEachLibrary(String library) {
    ClientCpuBenchmark b = new ClientCpuBenchmark();
    b.library = library;
    b.start();
    try {
      assertThat(b.call()).startsWith("[anthropic.claude-3-haiku-20240307-v1:0] ");
    } finally {
      b.stop();
    }
  }

  @Test
  void templateBenchmarksRenderTheirInputs() {
    TemplateRenderBenchmark b = new TemplateRenderBenchmark();
    RenderedPrompt small = b.small();
    RenderedPrompt medium = b.medium();
    assertThat(small.toString()).contains("Ada Lovelace");
    assertThat(medium.toString()).contains("acct-4711").contains("eu-west-1");
  }
}
