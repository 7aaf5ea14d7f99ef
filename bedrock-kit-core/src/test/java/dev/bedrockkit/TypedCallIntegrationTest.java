package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.ScriptedReply;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Typed templates with structured output through BedrockKit.call against the emulator. */
class TypedCallIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;

  enum Priority {
    LOW,
    MEDIUM,
    HIGH
  }

  record Ticket(String customer, String body) {}

  record Triage(String category, Priority priority, String summary) {}

  static final PromptTemplate<Ticket, Triage> TRIAGE =
      PromptTemplate.builder("ticket-triage", Ticket.class)
          .version("2")
          .system("You triage support tickets.")
          .user("Customer {{customer}} wrote: {{body}}")
          .returning(Triage.class)
          .build();

  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  private BedrockKit kit() {
    kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .models(HAIKU)
            .build();
    return kit;
  }

  @Test
  void parsesTheForcedToolCallIntoTheRecord() {
    TypedResponse<Triage> r = kit().call(TRIAGE, new Ticket("acme", "My invoice is wrong"));

    assertThat(r.value()).isNotNull();
    assertThat(r.value().priority()).isEqualTo(Priority.LOW); // the emulator picks the first enum value
    assertThat(r.value().category()).isNotBlank();
    assertThat(r.response().modelId()).isEqualTo(HAIKU);
    var body = BEDROCK.journal().last().body();
    assertThat(body.at("/toolConfig/toolChoice/tool/name").asText()).isEqualTo("respond_Triage");
    assertThat(body.at("/toolConfig/tools/0/toolSpec/inputSchema/json/required").toString())
        .isEqualTo("[\"category\",\"priority\",\"summary\"]");
    assertThat(body.at("/messages/0/content/0/text").asText())
        .isEqualTo("Customer <customer>acme</customer> wrote: <body>My invoice is wrong</body>");
    assertThat(body.at("/system/0/text").asText()).isEqualTo("You triage support tickets.");
  }

  @Test
  void repairsOnceWhenTheFirstAnswerDoesNotValidate() {
    BEDROCK
        .emulator()
        .script(
            ScriptedReply.forModel(HAIKU)
                .replies(
                    ScriptedReply.Reply.toolUse("{\"category\":\"billing\",\"priority\":\"urgent\"}"),
                    ScriptedReply.Reply.toolUse(
                        "{\"category\":\"billing\",\"priority\":\"HIGH\",\"summary\":\"wrong invoice\"}")));

    TypedResponse<Triage> r = kit().call(TRIAGE, new Ticket("acme", "My invoice is wrong"));

    assertThat(r.value()).isEqualTo(new Triage("billing", Priority.HIGH, "wrong invoice"));
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(2);
    var repair = BEDROCK.journal().last().body();
    assertThat(repair.at("/messages").size()).isEqualTo(3);
    assertThat(repair.at("/messages/2/content/0/toolResult/status").asText()).isEqualTo("error");
    assertThat(repair.at("/messages/2/content/0/toolResult/content/0/text").asText())
        .contains("$.priority")
        .contains("missing required property 'summary'");
  }

  @Test
  void failsWithTheRawTextWhenTheRepairFailsToo() {
    BEDROCK.emulator().script(ScriptedReply.forModel(HAIKU).toolUse("{\"category\": 42}"));

    assertThatThrownBy(() -> kit().call(TRIAGE, new Ticket("acme", "hello")))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.rawText()).isEqualTo("{\"category\":42}");
              assertThat(e.errors()).contains("$.category: expected string but was 42");
            });
    assertThat(BEDROCK.journal().count(HAIKU)).isEqualTo(2);
  }

  @Test
  void listOutputsAreUnwrapped() {
    PromptTemplate<Ticket, List<Triage>> many =
        PromptTemplate.builder("ticket-split", Ticket.class)
            .user("Split {{customer}}: {{body}}")
            .returningList(Triage.class)
            .build();
    TypedResponse<List<Triage>> r = kit().call(many, new Ticket("acme", "two problems"));
    assertThat(r.value()).hasSize(1);
  }

  @Test
  void textTemplatesReturnTheAnswerText() {
    PromptTemplate<Ticket, String> reply =
        PromptTemplate.builder("ticket-reply", Ticket.class)
            .user("Reply to {{customer}}: {{body}}")
            .build();
    TypedResponse<String> r =
        kit().callAsync(reply, new Ticket("acme", "thanks!"), o -> o.attribution("support")).join();
    assertThat(r.value()).isEqualTo(r.response().text()).contains("thanks!");
    assertThat(BEDROCK.journal().last().body().has("toolConfig")).isFalse();
  }

  @Test
  void aNullFieldFailsBeforeAnyNetworkCall() {
    assertThatThrownBy(() -> kit().call(TRIAGE, new Ticket("acme", null)))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("body");
    assertThat(BEDROCK.journal().size()).isZero();
  }
}
