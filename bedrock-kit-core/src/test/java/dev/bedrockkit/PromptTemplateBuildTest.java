package dev.bedrockkit;

import dev.bedrockkit.internal.structured.TemplateOutputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromptTemplateBuildTest {
  record Question(String customer, String question) {}

  record Customer(String name, String tier) {}

  record Ticket(Customer customer, String question) {}

  record Answer(String summary) {}

  record Untyped(Object anything) {}

  @Test
  void placeholderWithNoMatchingComponentNamesTemplateAndVariable() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .version("3")
            .user("{{custmer}} asks {{question}}");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.templateId()).isEqualTo("support-answer");
              assertThat(e.variable()).isEqualTo("custmer");
            })
        .hasMessage(
            "Template 'support-answer' v3 uses {{custmer}} but Question has no component"
                + " 'custmer'; components: [customer, question]");
  }

  @Test
  void unknownPlaceholderInSystemTextFailsToo() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .system("Be kind to {{tone}}.")
            .user("{{customer}} asks {{question}}");

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 uses {{tone}} but Question has no component 'tone';"
                + " components: [customer, question]");
  }

  @Test
  void componentUsedNowhereFailsNamingIt() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class).version("3").user("{{question}}");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            TemplateException.class, e -> assertThat(e.variable()).isEqualTo("customer"))
        .hasMessage(
            "Template 'support-answer' v3 never uses component 'customer' of Question; add"
                + " {{customer}} to the system or user text, or remove the component");
  }

  @Test
  void componentUsedOnlyInSystemTextCountsAsUsed() {
    var template =
        PromptTemplate.builder("support-answer", Question.class)
            .system("You talk to {{customer}}.")
            .user("{{question}}")
            .build();

    assertThat(template.render(new Question("Ann", "Why?")))
        .isEqualTo(
            new RenderedPrompt(
                "You talk to <customer>Ann</customer>.", "<question>Why?</question>"));
  }

  @Test
  void unknownNestedComponentNamesTheNestedRecord() {
    var builder =
        PromptTemplate.builder("support-answer", Ticket.class)
            .user("{{customer.nmae}} asks {{question}}");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            TemplateException.class, e -> assertThat(e.variable()).isEqualTo("customer.nmae"))
        .hasMessage(
            "Template 'support-answer' v1 uses {{customer.nmae}} but Customer has no component"
                + " 'nmae'; components: [name, tier]");
  }

  @Test
  void nestingIntoANonRecordComponentFails() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .user("{{customer}} asks {{question.length}}");

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 uses {{question.length}} but Question.question is a"
                + " String, not a record; only a record's components can be named after a '.'");
  }

  @Test
  void nonRecordInputTypeFails() {
    var builder = PromptTemplate.builder("echo", String.class).user("{{value}}");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(TemplateException.class, e -> assertThat(e.variable()).isNull())
        .hasMessage(
            "Template 'echo' v1 needs a record as input, but java.lang.String is not a record;"
                + " declare one, e.g. record Input(String question) {}");
  }

  @Test
  void malformedPlaceholderFailsWithLineNumber() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .user("{{customer}} asks:\n{{ the question }}");

    assertThatThrownBy(builder::build)
        .isInstanceOfSatisfying(
            TemplateException.class, e -> assertThat(e.variable()).isEqualTo("{{ the question }}"))
        .hasMessage(
            "Template 'support-answer' v1 has a malformed placeholder '{{ the question }}' in the"
                + " user text at line 2; a placeholder is {{name}} or {{name.component}}");
  }

  @Test
  void unclosedPlaceholderFails() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .system("Hello\n\n{{customer")
            .user("{{question}}");

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 has an unclosed '{{' in the system text at line 3;"
                + " close it with '}}'");
  }

  @Test
  void missingUserTextFails() {
    var builder = PromptTemplate.builder("support-answer", Question.class).system("{{customer}}");

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 has no user text; set it with user(\"...\") or a"
                + " '--- user ---' section");
  }

  @Test
  void trustedNameThatIsNoPlaceholderFails() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .user("{{customer}} asks {{question}}")
            .trusted("tone");

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 marks {{tone}} as trusted but never uses it;"
                + " placeholders: [customer, question]");
  }

  @Test
  void nonRecordOutputTypeFails() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .user("{{customer}} asks {{question}}")
            .returning(Integer.class);

    assertThatThrownBy(builder::build)
        .hasMessage(
            "Template 'support-answer' v1 returns java.lang.Integer, which is not a record; use"
                + " returning(SomeRecord.class), returningList(SomeRecord.class) or"
                + " returningText()");
  }

  @Test
  void outputRecordWithoutJsonSchemaFailsAtBuildNamingTheComponent() {
    var builder =
        PromptTemplate.builder("support-answer", Question.class)
            .user("{{customer}} asks {{question}}")
            .returning(Untyped.class);

    assertThatThrownBy(builder::build)
        .isInstanceOf(TemplateException.class)
        .hasMessageStartingWith(
            "Template 'support-answer' v1 cannot return Untyped: Untyped.anything has type"
                + " java.lang.Object, which has no JSON schema; supported are records,");
  }

  @Test
  void blankIdAndNullArgumentsFailFast() {
    assertThatThrownBy(() -> PromptTemplate.builder(" ", Question.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id cannot be blank");
    assertThatThrownBy(() -> PromptTemplate.builder("x", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("inputType cannot be null");
    assertThatThrownBy(() -> PromptTemplate.builder("x", Question.class).version(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("version cannot be blank");
  }

  @Test
  void outputKindIsCarriedToTheFacade() {
    var base =
        PromptTemplate.builder("support-answer", Question.class).user("{{customer}} {{question}}");

    PromptTemplate<Question, String> text = base.build();
    PromptTemplate<Question, Answer> record = base.returning(Answer.class).build();
    PromptTemplate<Question, List<Answer>> list = base.returningList(Answer.class).build();

    assertThat(TemplateOutputs.of(text).isText()).isTrue();
    assertThat(TemplateOutputs.of(record).toolName()).isEqualTo("respond_Answer");
    assertThat(TemplateOutputs.of(list).toolName()).isEqualTo("respond_Answer_list");
    assertThat(record).hasToString("PromptTemplate[support-answer v1: Question -> Answer]");
    assertThat(list).hasToString("PromptTemplate[support-answer v1: Question -> list of Answer]");
    assertThat(text).hasToString("PromptTemplate[support-answer v1: Question -> text]");
  }

  @Test
  void buildingTwiceGivesIndependentTemplates() {
    var builder = PromptTemplate.builder("a", Question.class).user("{{customer}} {{question}}");
    var first = builder.build();
    var second = builder.version("2").build();

    assertThat(first.version()).isEqualTo("1");
    assertThat(second.version()).isEqualTo("2");
  }
}
