package dev.bedrockkit.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.Description;
import dev.bedrockkit.StructuredOutputException;
import dev.bedrockkit.internal.json.Documents;
import dev.bedrockkit.internal.json.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class StructuredOutputTest {
  enum Priority {
    LOW,
    MEDIUM,
    HIGH
  }

  record Answer(
      @Description("One paragraph") String summary,
      Priority priority,
      List<String> tags,
      Optional<String> note) {}

  record Line(String sku, BigDecimal price, LocalDate due) {}

  record Positive(int value) {
    Positive {
      if (value <= 0) {
        throw new IllegalArgumentException("value must be > 0");
      }
    }
  }

  private static final StructuredOutput<Answer> ANSWER = StructuredOutput.of(Answer.class);
  private static final StructuredOutput<List<Line>> LINES = StructuredOutput.listOf(Line.class);

  private static Message assistant(ContentBlock... blocks) {
    return Message.builder().role(ConversationRole.ASSISTANT).content(blocks).build();
  }

  private static ContentBlock toolUse(String id, String name, String json) {
    return ContentBlock.fromToolUse(
        ToolUseBlock.builder().toolUseId(id).name(name).input(Documents.fromJson(json)).build());
  }

  @Test
  void toolConfigurationHasOneToolAndForcesIt() {
    ToolConfiguration config = ANSWER.toolConfiguration().orElseThrow();

    assertThat(config.tools()).hasSize(1);
    ToolSpecification spec = config.tools().get(0).toolSpec();
    assertThat(spec.name()).isEqualTo("respond_Answer").matches("^[a-zA-Z0-9_-]{1,64}$");
    assertThat(spec.description())
        .isEqualTo(
            "Call this tool exactly once to give your answer. Its input is the answer: one Answer"
                + " object matching the input schema. Do not answer in plain text.");
    assertThat(Documents.toJson(spec.inputSchema().json()))
        .isEqualTo(Json.write(SchemaGenerator.forRecord(Answer.class).toJson()));
    assertThat(config.toolChoice().tool().name()).isEqualTo("respond_Answer");
    assertThat(ANSWER.toolConfiguration(false).orElseThrow().toolChoice()).isNull();
  }

  @Test
  void listToolDescribesTheItemsWrapper() {
    ToolSpecification spec = LINES.toolConfiguration().orElseThrow().tools().get(0).toolSpec();

    assertThat(spec.name()).isEqualTo("respond_Line_list");
    assertThat(spec.description())
        .isEqualTo(
            "Call this tool exactly once to give your answer. Its input is an object whose"
                + " 'items' array holds the answer: a list of Line objects matching the input"
                + " schema. Do not answer in plain text.");
  }

  @Test
  void toolNamesAreSanitisedAndCut() {
    record Ünïcode$Name(String a) {}

    assertThat(StructuredOutput.toolName(Ünïcode$Name.class, false))
        .isEqualTo("respond__n_code_Name");
    class VeryLongNameThatGoesOnAndOnAndOnUntilItIsLongerThanSixtyFourCharacters {}
    assertThat(
            StructuredOutput.toolName(
                VeryLongNameThatGoesOnAndOnAndOnUntilItIsLongerThanSixtyFourCharacters.class, true))
        .hasSize(64)
        .startsWith("respond_VeryLongName");
  }

  @Test
  void parsesTheToolUseInputOfAConverseResponse() {
    ConverseResponse response =
        ConverseResponse.builder()
            .output(
                ConverseOutput.fromMessage(
                    assistant(
                        ContentBlock.fromText("Here you go."),
                        toolUse(
                            "t1",
                            "respond_Answer",
                            "{\"summary\":\"Late"
                                + " parcel\",\"priority\":\"HIGH\",\"tags\":[\"x\"]}"))))
            .build();

    ParseResult<Answer> result = ANSWER.parse(response);

    assertThat(result.isValid()).isTrue();
    assertThat(result.value())
        .isEqualTo(new Answer("Late parcel", Priority.HIGH, List.of("x"), Optional.empty()));
    assertThat(result.rawText())
        .isEqualTo("{\"summary\":\"Late parcel\",\"priority\":\"HIGH\",\"tags\":[\"x\"]}");
  }

  @Test
  void invalidToolInputReportsEveryErrorAndTheRawInput() {
    ParseResult<Answer> result =
        ANSWER.parse(
            assistant(
                toolUse("t1", "respond_Answer", "{\"priority\":\"urgent\",\"tags\":[\"a\",42]}")));

    assertThat(result.isValid()).isFalse();
    assertThat(result.value()).isNull();
    assertThat(result.errors())
        .containsExactly(
            "$: missing required property 'summary'",
            "$.priority: expected one of [LOW, MEDIUM, HIGH] but was \"urgent\"",
            "$.tags[1]: expected string but was 42");
    assertThat(result.rawText()).isEqualTo("{\"priority\":\"urgent\",\"tags\":[\"a\",42]}");
  }

  @Test
  void parsesJsonInsideAFencedTextAnswer() {
    String text =
        "Sure! Here is the answer:\n```json\n{\"summary\":\"s\",\"priority\":\"LOW\",\"tags\":[],"
            + "\"note\":\"n\"}\n```\nAnything else?";

    ParseResult<Answer> result = ANSWER.parse(assistant(ContentBlock.fromText(text)));

    assertThat(result.value())
        .isEqualTo(new Answer("s", Priority.LOW, List.of(), Optional.of("n")));
    assertThat(result.rawText()).isEqualTo(text);
  }

  @Test
  void parsesBareJsonInText() {
    ParseResult<Answer> result =
        ANSWER.parseText(
            "The answer is {\"summary\":\"s\",\"priority\":\"LOW\",\"tags\":[]} as asked.");

    assertThat(result.value())
        .isEqualTo(new Answer("s", Priority.LOW, List.of(), Optional.empty()));
  }

  @Test
  void textWithoutJsonIsAnError() {
    ParseResult<Answer> result = ANSWER.parse(assistant(ContentBlock.fromText("I cannot help.")));

    assertThat(result.errors())
        .containsExactly(
            "$: expected a call to tool 'respond_Answer' but the answer was text without JSON");
    assertThat(result.rawText()).isEqualTo("I cannot help.");
  }

  @Test
  void brokenJsonInTextIsAnError() {
    ParseResult<Answer> result = ANSWER.parseText("```json\n{\"summary\": }\n```");

    assertThat(result.errors())
        .singleElement()
        .asString()
        .startsWith(
            "$: expected a call to tool 'respond_Answer' but the JSON in the text is not valid:"
                + " Unexpected character ('}'");
  }

  @Test
  void callToAnotherToolIsAnError() {
    ParseResult<Answer> result = ANSWER.parse(assistant(toolUse("t9", "search", "{\"q\":\"x\"}")));

    assertThat(result.errors())
        .containsExactly(
            "$: expected a call to tool 'respond_Answer' but the model called 'search'");
    assertThat(result.rawText()).isEqualTo("{\"q\":\"x\"}");
  }

  @Test
  void emptyAnswerIsAnError() {
    ParseResult<Answer> result = ANSWER.parse(List.of());

    assertThat(result.errors())
        .containsExactly(
            "$: expected a call to tool 'respond_Answer' but the answer had neither a tool call"
                + " nor text");
  }

  @Test
  void listIsUnwrappedFromTheItemsObject() {
    ParseResult<List<Line>> result =
        LINES.parse(
            assistant(
                toolUse(
                    "t1",
                    "respond_Line_list",
                    "{\"items\":[{\"sku\":\"A\",\"price\":1.10,\"due\":\"2026-11-03\"},"
                        + "{\"sku\":\"B\",\"price\":2,\"due\":\"2026-12-01\"}]}")));

    assertThat(result.value())
        .containsExactly(
            new Line("A", new BigDecimal("1.10"), LocalDate.of(2026, 11, 3)),
            new Line("B", new BigDecimal("2"), LocalDate.of(2026, 12, 1)));
  }

  @Test
  void listErrorsPointIntoTheItemsArray() {
    ParseResult<List<Line>> result =
        LINES.parseJson(
            Documents.toJsonNode(
                Documents.fromJson(
                    "{\"items\":[{\"sku\":\"A\",\"price\":\"x\",\"due\":\"2026-11-03\"}]}")),
            "raw");

    assertThat(result.errors()).containsExactly("$.items[0].price: expected number but was \"x\"");
  }

  @Test
  void bareArrayInTextIsAcceptedForAList() {
    ParseResult<List<Line>> result =
        LINES.parseText("```\n[{\"sku\":\"A\",\"price\":1,\"due\":\"2026-11-03\"}]\n```");

    assertThat(result.value())
        .containsExactly(new Line("A", BigDecimal.ONE, LocalDate.of(2026, 11, 3)));
  }

  @Test
  void exceptionFromTheRecordConstructorBecomesAnError() throws Exception {
    ParseResult<Positive> result =
        StructuredOutput.of(Positive.class)
            .parseJson(Json.read("{\"value\":-1}"), "{\"value\":-1}");

    assertThat(result.errors())
        .containsExactly("$: Positive rejected the value: value must be > 0");
  }

  @Test
  void textOutputIsTheJoinedText() {
    StructuredOutput<String> text = StructuredOutput.text();

    ParseResult<String> result =
        text.parse(assistant(ContentBlock.fromText("Hello "), ContentBlock.fromText("world")));

    assertThat(result.value()).isEqualTo("Hello world");
    assertThat(text.toolConfiguration()).isEmpty();
    assertThat(text.isText()).isTrue();
  }

  @Test
  void repairTurnAnswersTheToolUseWithAnErrorToolResult() {
    Message answer =
        assistant(
            ContentBlock.fromText("Calling the tool."),
            toolUse("tooluse_abc", "respond_Answer", "{\"priority\":\"urgent\"}"));

    List<Message> turn =
        ANSWER.repairTurn(
            answer,
            List.of(
                "$: missing required property 'summary'",
                "$.priority: expected one of [LOW, MEDIUM, HIGH] but was \"urgent\""));

    assertThat(turn).hasSize(2);
    assertThat(turn.get(0)).isSameAs(answer);
    Message user = turn.get(1);
    assertThat(user.role()).isEqualTo(ConversationRole.USER);
    assertThat(user.content()).hasSize(1);
    ToolResultBlock result = user.content().get(0).toolResult();
    assertThat(result.toolUseId()).isEqualTo("tooluse_abc");
    assertThat(result.status()).isEqualTo(ToolResultStatus.ERROR);
    assertThat(result.content()).hasSize(1);
    assertThat(result.content().get(0).text())
        .isEqualTo(
            "Your call to respond_Answer was rejected. Fix these problems and call respond_Answer"
                + " again with the complete corrected input:\n"
                + "- $: missing required property 'summary'\n"
                + "- $.priority: expected one of [LOW, MEDIUM, HIGH] but was \"urgent\"");
  }

  @Test
  void repairTurnAnswersEveryToolUseSoBedrockAcceptsTheTurn() {
    Message answer = assistant(toolUse("a", "search", "{}"), toolUse("b", "respond_Answer", "{}"));

    Message user =
        ANSWER.repairTurn(answer, List.of("$: missing required property 'summary'")).get(1);

    assertThat(user.content())
        .extracting(b -> b.toolResult().toolUseId())
        .containsExactly("a", "b");
    assertThat(user.content().get(0).toolResult().content().get(0).text())
        .isEqualTo(
            "There is no tool named 'search'. Call respond_Answer with your answer instead.");
    assertThat(user.content())
        .allSatisfy(b -> assertThat(b.toolResult().status()).isEqualTo(ToolResultStatus.ERROR));
  }

  @Test
  void repairTurnForATextAnswerIsAUserTextMessage() {
    Message answer = assistant(ContentBlock.fromText("I think it is urgent."));

    List<Message> turn =
        ANSWER.repairTurn(
            answer,
            List.of(
                "$: expected a call to tool 'respond_Answer' but the answer was text without"
                    + " JSON"));

    assertThat(turn.get(0)).isSameAs(answer);
    assertThat(turn.get(1).role()).isEqualTo(ConversationRole.USER);
    assertThat(turn.get(1).content()).hasSize(1);
    assertThat(turn.get(1).content().get(0).text())
        .isEqualTo(
            "Your answer could not be used. Answer by calling the tool respond_Answer with the"
                + " complete answer as its input, not in plain text. Problems:\n"
                + "- $: expected a call to tool 'respond_Answer' but the answer was text without"
                + " JSON");
  }

  @Test
  void repairTurnRejectsBadArguments() {
    Message user =
        Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText("x")).build();

    assertThatThrownBy(() -> ANSWER.repairTurn(user, List.of("e")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("assistantMessage must have role assistant but had user");
    assertThatThrownBy(() -> ANSWER.repairTurn(assistant(ContentBlock.fromText("x")), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("errors cannot be empty");
    assertThatThrownBy(
            () ->
                StructuredOutput.text()
                    .repairTurn(assistant(ContentBlock.fromText("x")), List.of("e")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("text output has no repair turn");
  }

  @Test
  void failureSaysWhatWasExpectedWhatWasFoundAndWhatToDo() {
    ParseResult<Answer> last =
        ANSWER.parse(
            assistant(toolUse("t", "respond_Answer", "{\"priority\":\"urgent\",\"tags\":[]}")));

    StructuredOutputException e = ANSWER.failure(last, 1);

    assertThat(e.rawText()).isEqualTo("{\"priority\":\"urgent\",\"tags\":[]}");
    assertThat(e.errors()).isEqualTo(last.errors());
    assertThat(e)
        .hasMessage(
            "The model's answer is not a valid Answer even after 1 repair round: $: missing"
                + " required property 'summary' (and 1 more problem). Expected a call to tool"
                + " 'respond_Answer' matching the JSON schema of Answer; the answer is in"
                + " rawText(). Describe the fields the model gets wrong with @Description, make"
                + " fields it may leave out Optional, or use a more capable model.");
  }

  @Test
  void failureWithoutRepairAndOneProblem() {
    ParseResult<List<Line>> last = LINES.parseText("no json here");

    assertThat(LINES.failure(last, 0))
        .hasMessageStartingWith(
            "The model's answer is not a valid list of Line (no repair round): $: expected a call"
                + " to tool 'respond_Line_list' but the answer was text without JSON. Expected");
  }
}
