package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_SONNET;
import static dev.bedrockkit.test.Requests.converse;
import static dev.bedrockkit.test.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

class ScriptedReplyTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.of(BedrockEmulator.builder()
      .script(ScriptedReply.forAnyModel().whenPrompt("^ping$").text("pong")));

  private static String text(ConverseResponse r) {
    return r.output().message().content().get(0).text();
  }

  @Test
  void scriptForAModelAndPromptReplacesTheEcho(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.script(ScriptedReply.forModel(CLAUDE_3_HAIKU).whenPrompt("(?i)weather").text("Sunny, 21 C"));

    assertThat(text(client.converse(converse(CLAUDE_3_HAIKU, "What's the WEATHER?")))).isEqualTo("Sunny, 21 C");
    assertThat(text(client.converse(converse(CLAUDE_3_SONNET, "What's the WEATHER?")))).endsWith("echo: What's the WEATHER?");
    assertThat(text(client.converse(converse(CLAUDE_3_HAIKU, "hello")))).endsWith("echo: hello");
  }

  @Test
  void builderScriptSurvivesReset(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.reset();

    assertThat(text(client.converse(converse(CLAUDE_3_SONNET, "ping")))).isEqualTo("pong");
  }

  @Test
  void sequenceGivesInvalidJsonFirstThenValidJsonThenRepeatsTheLast(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.script(ScriptedReply.forAnyModel().replies(
        ScriptedReply.Reply.toolUse("{\"city\": \"Par"),
        ScriptedReply.Reply.toolUse("{\"city\": \"Paris\"}")));

    ConverseResponse first = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x")).toolConfig(ToolUseTest.forcedWeatherTool()));
    ConverseResponse second = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x")).toolConfig(ToolUseTest.forcedWeatherTool()));
    ConverseResponse third = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x")).toolConfig(ToolUseTest.forcedWeatherTool()));

    // A Converse toolUse.input is a JSON document: invalid JSON arrives as a string holding the raw text.
    assertThat(first.output().message().content().get(0).toolUse().input().asString()).isEqualTo("{\"city\": \"Par");
    assertThat(first.output().message().content().get(0).toolUse().name()).isEqualTo("weather");
    assertThat(second.output().message().content().get(0).toolUse().input().asMap().get("city").asString()).isEqualTo("Paris");
    assertThat(third.output().message().content().get(0).toolUse().input()).isEqualTo(second.output().message().content().get(0).toolUse().input());
    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void invalidToolJsonIsStreamedVerbatim(BedrockEmulator emulator, BedrockRuntimeAsyncClient async) {
    emulator.script(ScriptedReply.forModel(CLAUDE_3_HAIKU).toolUse("{\"city\": tru"));

    Requests.Collected c = Requests.stream(async, ConverseStreamRequest.builder().modelId(CLAUDE_3_HAIKU)
        .messages(user("x")).toolConfig(ToolUseTest.forcedWeatherTool()).build()).join();

    StringBuilder json = new StringBuilder();
    c.events.stream().filter(e -> e instanceof ContentBlockDeltaEvent)
        .forEach(e -> json.append(((ContentBlockDeltaEvent) e).delta().toolUse().input()));
    assertThat(json.toString()).isEqualTo("{\"city\": tru");
  }

  @Test
  void scriptedStopReasonIsReported(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.script(ScriptedReply.forAnyModel().replies(
        ScriptedReply.Reply.text("Sorry, I can't help with that.").withStopReason("guardrail_intervened")));

    ConverseResponse r = client.converse(converse(CLAUDE_3_HAIKU, "anything"));

    assertThat(r.stopReason()).isEqualTo(StopReason.GUARDRAIL_INTERVENED);
    assertThat(text(r)).isEqualTo("Sorry, I can't help with that.");
  }

  @Test
  void newerScriptWinsOverOlder(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.script(ScriptedReply.forAnyModel().text("old"));
    emulator.script(ScriptedReply.forAnyModel().text("new"));

    assertThat(text(client.converse(converse(CLAUDE_3_HAIKU, "x")))).isEqualTo("new");
  }

  @Test
  void scriptsAddedInATestAreGoneAfterReset(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.script(ScriptedReply.forAnyModel().text("scripted"));
    emulator.reset();

    assertThat(text(client.converse(converse(CLAUDE_3_HAIKU, "x")))).endsWith("echo: x");
  }
}
