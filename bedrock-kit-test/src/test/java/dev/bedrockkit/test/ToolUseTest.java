package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Structured output through a forced tool: the input is generated from the tool's schema. */
class ToolUseTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String SCHEMA = """
      {"type":"object",
       "properties":{
         "city":{"type":"string"},
         "unit":{"type":"string","enum":["celsius","fahrenheit"]},
         "days":{"type":"integer","minimum":3,"maximum":10},
         "threshold":{"type":"number"},
         "alerts":{"type":"boolean"},
         "tags":{"type":"array","items":{"type":"string","maxLength":5}},
         "location":{"$ref":"#/$defs/Location"},
         "note":{"type":["string","null"],"minLength":30}
       },
       "required":["city","unit","days","location"],
       "$defs":{"Location":{"type":"object","properties":{"lat":{"type":"number","minimum":-90},"zip":{"type":"string","format":"date"}},"required":["lat","zip"]}}}
      """;

  static Document schema() {
    return toDocument(SCHEMA);
  }

  static Document toDocument(String json) {
    return toDocument(JsonNodeParser.create().parse(json));
  }

  private static Document toDocument(software.amazon.awssdk.protocols.jsoncore.JsonNode n) {
    if (n.isObject()) {
      Document.MapBuilder b = Document.mapBuilder();
      n.asObject().forEach((k, v) -> b.putDocument(k, toDocument(v)));
      return b.build();
    }
    if (n.isArray()) {
      return Document.fromList(n.asArray().stream().map(ToolUseTest::toDocument).toList());
    }
    if (n.isString()) {
      return Document.fromString(n.asString());
    }
    if (n.isNumber()) {
      return Document.fromNumber(n.asNumber());
    }
    if (n.isBoolean()) {
      return Document.fromBoolean(n.asBoolean());
    }
    return Document.fromNull();
  }

  static ToolConfiguration forcedWeatherTool() {
    return ToolConfiguration.builder()
        .tools(Tool.fromToolSpec(s -> s.name("other").inputSchema(i -> i.json(toDocument("{\"type\":\"object\"}")))),
            Tool.fromToolSpec(s -> s.name("weather").description("Weather query").inputSchema(i -> i.json(schema()))))
        .toolChoice(c -> c.tool(t -> t.name("weather")))
        .build();
  }

  @Test
  void forcedToolAnswersWithAToolUseGeneratedFromTheSchema(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU)
        .messages(user("Weather in Paris")).toolConfig(forcedWeatherTool()));

    assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
    ToolUseBlock toolUse = r.output().message().content().get(0).toolUse();
    assertThat(toolUse.name()).isEqualTo("weather");
    assertThat(toolUse.toolUseId()).matches("tooluse_[0-9A-Za-z]{22}");
    Map<String, Document> input = toolUse.input().asMap();
    assertThat(input.get("city").asString()).isEqualTo("Weather in Paris");
    assertThat(input.get("unit").asString()).isEqualTo("celsius");
    assertThat(input.get("days").asNumber().intValue()).isEqualTo(3);
    assertThat(input.get("threshold").asNumber().doubleValue()).isEqualTo(1.5);
    assertThat(input.get("alerts").asBoolean()).isTrue();
    assertThat(input.get("tags").asList()).extracting(Document::asString).containsExactly("Weath");
    assertThat(input.get("location").asMap().get("lat").asNumber().doubleValue()).isEqualTo(-90.0);
    assertThat(input.get("location").asMap().get("zip").asString()).isEqualTo("2024-01-01");
    assertThat(input.get("note").asString()).isEqualTo("Weather in Parisxxxxxxxxxxxxxx");
  }

  @Test
  void sameRequestGivesTheSameToolUseIdAndInput(BedrockRuntimeClient client) {
    ConverseResponse a = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x")).toolConfig(forcedWeatherTool()));
    ConverseResponse b2 = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x")).toolConfig(forcedWeatherTool()));

    assertThat(a.output()).isEqualTo(b2.output());
  }

  @Test
  void anyToolChoiceCallsTheFirstTool(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x"))
        .toolConfig(forcedWeatherTool().toBuilder().toolChoice(c -> c.any(a -> {})).build()));

    assertThat(r.output().message().content().get(0).toolUse().name()).isEqualTo("other");
    assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void autoToolChoiceAnswersWithText(BedrockRuntimeClient client) {
    ConverseResponse r = client.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("x"))
        .toolConfig(forcedWeatherTool().toBuilder().toolChoice((software.amazon.awssdk.services.bedrockruntime.model.ToolChoice) null).build()));

    assertThat(r.output().message().content().get(0).text()).endsWith("echo: x");
    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void streamedToolUseStartsABlockAndStreamsTheInputJson(BedrockRuntimeAsyncClient async, BedrockRuntimeClient sync) {
    ConverseStreamRequest request = ConverseStreamRequest.builder().modelId(CLAUDE_3_HAIKU)
        .messages(user("Weather in Paris")).toolConfig(forcedWeatherTool()).build();

    Requests.Collected c = Requests.stream(async, request).join();

    ContentBlockStartEvent start = (ContentBlockStartEvent) c.events.get(1);
    assertThat(start.start().toolUse().name()).isEqualTo("weather");
    assertThat(start.start().toolUse().toolUseId()).startsWith("tooluse_");
    StringBuilder json = new StringBuilder();
    c.events.stream().filter(e -> e instanceof ContentBlockDeltaEvent)
        .forEach(e -> json.append(((ContentBlockDeltaEvent) e).delta().toolUse().input()));
    assertThat(json.toString()).startsWith("{\"city\":\"Weather in Paris\",\"unit\":\"celsius\",\"days\":3,");
    assertThat(c.events).filteredOn(e -> e instanceof ContentBlockDeltaEvent).hasSizeGreaterThan(3);
    ConverseResponse converse = sync.converse(b -> b.modelId(CLAUDE_3_HAIKU).messages(user("Weather in Paris")).toolConfig(forcedWeatherTool()));
    assertThat(toDocument(json.toString())).isEqualTo(converse.output().message().content().get(0).toolUse().input());
  }
}
