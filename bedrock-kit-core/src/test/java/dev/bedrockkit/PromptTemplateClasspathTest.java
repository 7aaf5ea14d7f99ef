package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class PromptTemplateClasspathTest {
  record Question(String customer, String question) {}

  record Answer(String summary) {}

  @Test
  void loadsSystemAndUserSectionsWithIdAndVersionFromThePath() {
    PromptTemplate<Question, Answer> template =
        PromptTemplate.fromClasspath("prompts/support-answer/v3.txt", Question.class)
            .returning(Answer.class)
            .build();

    assertThat(template.id()).isEqualTo("support-answer");
    assertThat(template.version()).isEqualTo("3");
    assertThat(template.render(new Question("Ann", "Where is my parcel?")))
        .isEqualTo(
            new RenderedPrompt(
                "You are the support assistant of Café Olé — answer in at most three sentences.\n"
                    + "Customer: <customer>Ann</customer>",
                "<question>Where is my parcel?</question>\n\n"
                    + "Ask for the order number if it is missing."));
  }

  @Test
  void leadingSlashAndUserOnlyFileAreAccepted() {
    var template =
        PromptTemplate.fromClasspath("/prompts/user-only/v1.txt", Question.class).build();

    assertThat(template.id()).isEqualTo("user-only");
    assertThat(template.version()).isEqualTo("1");
    assertThat(template.render(new Question("Ann", "Hi")))
        .isEqualTo(
            new RenderedPrompt(null, "<customer>Ann</customer> asks: <question>Hi</question>"));
  }

  @Test
  void fileTemplatesGetTheSameStrictChecks() {
    var builder = PromptTemplate.fromClasspath("prompts/bad-placeholder/v2.txt", Question.class);

    assertThatThrownBy(builder::build)
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "Template 'bad-placeholder' v2 uses {{custmer}} but Question has no component"
                + " 'custmer'; components: [customer, question]");
  }

  @Test
  void missingFileNamesThePathAndTheClassLoader() throws Exception {
    try (URLClassLoader empty = new URLClassLoader("empty-loader", new URL[0], null)) {
      assertThatThrownBy(
              () -> PromptTemplate.fromClasspath("prompts/nope/v1.txt", Question.class, empty))
          .isInstanceOfSatisfying(
              TemplateException.class, e -> assertThat(e.templateId()).isEqualTo("nope"))
          .hasMessage(
              "Template file 'prompts/nope/v1.txt' not found by classloader 'empty-loader'; put"
                  + " it under src/main/resources/prompts/nope/v1.txt");
    }
  }

  @Test
  void missingFileWithTheDefaultLoaderUsesTheInputTypesLoader() {
    ClassLoader loader = Question.class.getClassLoader();
    String name = loader.getName() != null ? "'" + loader.getName() + "'" : loader.toString();

    assertThatThrownBy(() -> PromptTemplate.fromClasspath("prompts/nope/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/nope/v1.txt' not found by classloader "
                + name
                + "; put it under src/main/resources/prompts/nope/v1.txt");
  }

  @Test
  void pathWithoutIdAndVersionFails() {
    assertThatThrownBy(() -> PromptTemplate.fromClasspath("prompts/support.txt", Question.class))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "Template path 'prompts/support.txt' must end in '<id>/v<version>.txt', e.g."
                + " 'prompts/support-answer/v3.txt'");
  }

  @Test
  void unknownSectionFails() {
    assertThatThrownBy(
            () ->
                PromptTemplate.fromClasspath("prompts/bad-unknown-section/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/bad-unknown-section/v1.txt' line 3: unknown section"
                + " '--- assistant ---'; sections are '--- system ---' and '--- user ---'");
  }

  @Test
  void duplicateSectionFails() {
    assertThatThrownBy(
            () -> PromptTemplate.fromClasspath("prompts/bad-duplicate/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/bad-duplicate/v1.txt' line 3: second '--- user ---' section;"
                + " each section appears at most once");
  }

  @Test
  void systemAfterUserFails() {
    assertThatThrownBy(
            () -> PromptTemplate.fromClasspath("prompts/bad-order/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/bad-order/v1.txt' line 3: '--- system ---' must come before"
                + " '--- user ---'");
  }

  @Test
  void textBeforeTheFirstSectionFails() {
    assertThatThrownBy(
            () -> PromptTemplate.fromClasspath("prompts/bad-preamble/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/bad-preamble/v1.txt' line 2: text before the first section;"
                + " start with '--- system ---' or '--- user ---' (lines starting with '#' before"
                + " it are comments)");
  }

  @Test
  void missingUserSectionFails() {
    assertThatThrownBy(
            () -> PromptTemplate.fromClasspath("prompts/bad-no-user/v1.txt", Question.class))
        .hasMessage("Template file 'prompts/bad-no-user/v1.txt' has no '--- user ---' section");
  }

  @Test
  void emptyUserSectionFails() {
    assertThatThrownBy(
            () -> PromptTemplate.fromClasspath("prompts/bad-empty-user/v1.txt", Question.class))
        .hasMessage(
            "Template file 'prompts/bad-empty-user/v1.txt' has an empty '--- user ---' section");
  }

  @Test
  void fileThatIsNotUtf8Fails() {
    assertThatThrownBy(() -> PromptTemplate.fromClasspath("prompts/latin1/v1.txt", Question.class))
        .isInstanceOfSatisfying(
            TemplateException.class, e -> assertThat(e.templateId()).isEqualTo("latin1"))
        .hasMessage("Template file 'prompts/latin1/v1.txt' is not valid UTF-8; save it as UTF-8");
  }
}
