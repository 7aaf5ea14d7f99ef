package dev.bedrockkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QuickStartTest {
  @Test
  void fallsBackFromTheThrottledModelAndPrintsTheAnswer() {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      QuickStart.main(new String[] {"hello", "examples"});
    } finally {
      System.setOut(original);
    }
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("bedrock-kit emulator listening on http://127.0.0.1:");
    assertThat(printed).contains("hello examples");
    assertThat(printed).contains("model:    anthropic.claude-3-haiku-20240307-v1:0 (fell back: true)");
    assertThat(printed).contains("attempts: 4 [THROTTLED, THROTTLED, THROTTLED, SUCCESS]");
  }
}
