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

  @Test
  void costAndBudgetAlertAt80And100PercentThenRefuse() throws Exception {
    String out = run(CostAndBudgetExample::main);
    assertThat(out).contains("call 1: 10 in + 21 out tokens = $0.00002875");
    assertThat(out).contains("budget alert: support crossed 80% (spent $0.00008625 of $0.0001)");
    assertThat(out).contains("budget alert: support crossed 100% (spent $0.00011500 of $0.0001)");
    assertThat(out).contains("call 5: refused before any model call");
    assertThat(out).doesNotContain("call 6");
  }

  @Test
  void cachingHitsExactlyAndByMeaningButNeverAcrossTenantsOrNumbers() throws Exception {
    String out = run(CachingExample::main);
    assertThat(out.lines().filter(l -> l.contains("->")).toList())
        .containsExactly(
            "acme    How do I reset my password?    -> model call",
            "acme    How do I reset my password?    -> cache hit",
            "globex  How do I reset my password?    -> model call",
            "acme    How can I reset my password?   -> cache hit",
            "acme    What is 2+2?                   -> model call",
            "acme    What is 2+3?                   -> model call");
    assertThat(out).contains("model calls: 4 for 6 questions");
  }
}
