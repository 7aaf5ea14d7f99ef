package dev.bedrockkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Runs every example so they never rot, and checks what each one shows. */
class ExamplesTest {
  interface Main {
    void run(String[] args) throws Exception;
  }

  static String run(Main main) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      main.run(new String[0]);
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void structuredOutputRepairsOnceAndPrintsTheRecord() throws Exception {
    String out = run(StructuredOutputExample::main);
    assertThat(out).contains("triage:    Triage[category=billing, priority=HIGH, summary=Invoice total is wrong]");
    assertThat(out).contains("calls:     2 (one repair round)");
    assertThat(out).contains("$.priority");
  }

  @Test
  void streamingPrintsTheAnswerAndTimeToFirstToken() throws Exception {
    String out = run(StreamingExample::main);
    assertThat(out).contains("Explain circuit breakers in one paragraph.");
    assertThat(out).containsPattern("first token after \\d+ ms, whole answer after \\d+ ms, \\d+ output tokens");
  }

  @Test
  void killSwitchChangesTheChainLiveThenStopsModelCalls() throws Exception {
    String out = run(KillSwitchExample::main);
    assertThat(out).contains("v1 answered by anthropic.claude-3-haiku-20240307-v1:0");
    assertThat(out).contains("v2 answered by anthropic.claude-3-5-sonnet-20240620-v1:0");
    assertThat(out).contains("v3 (kill switch): degraded=true \"The assistant is paused; please try again later.\"");
    assertThat(out).contains("model calls made: 2");
  }

  @Test
  void circuitBreakerOpensAfterFiveFailuresAndSkipsTheModel() throws Exception {
    String out = run(CircuitBreakerExample::main);
    assertThat(out).contains("request 5: [SERVER_ERROR, SUCCESS] -> answered by anthropic.claude-3-5-sonnet-20240620-v1:0");
    assertThat(out).contains("request 6: [CIRCUIT_OPEN, SUCCESS]");
    assertThat(out).contains("circuits: {anthropic.claude-3-5-sonnet-20240620-v1:0@us-east-1=CLOSED, anthropic.claude-3-haiku-20240307-v1:0@us-east-1=OPEN}");
    assertThat(out).contains("calls to the flaky model: 5");
  }
}
