package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.RenderedPrompt;
import dev.bedrockkit.TemplateException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PromptTemplatesTest {
  record Ticket(String subject, String body) {}

  record Triage(String category, int priority) {}

  record Person(String name) {}

  @Configuration(proxyBeanMethods = false)
  static class Templates {
    @Bean
    PromptTemplate<Ticket, Triage> triage(PromptTemplates t) {
      return t.get("ticket-triage", Ticket.class, Triage.class);
    }

    @Bean
    PromptTemplate<Person, String> greeting(PromptTemplates t) {
      return t.get("greeting", "1", Person.class, String.class);
    }
  }

  @Test
  void discoversTemplateFilesAtStartUpWithVersionsInNumericOrder() {
    Runners.runner()
        .run(
            context -> {
              PromptTemplates templates = context.getBean(PromptTemplates.class);
              assertThat(templates.ids()).containsExactly("greeting", "ticket-triage");
              assertThat(templates.versions("ticket-triage")).containsExactly("1", "2", "10");
              assertThat(templates.latestVersion("ticket-triage")).isEqualTo("10");
            });
  }

  @Test
  void typedTemplatesAreDeclaredInOneLine() {
    Runners.runner()
        .withUserConfiguration(Templates.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              @SuppressWarnings("unchecked")
              PromptTemplate<Ticket, Triage> triage =
                  context.getBean("triage", PromptTemplate.class);
              assertThat(triage.id()).isEqualTo("ticket-triage");
              assertThat(triage.version()).isEqualTo("10");
              assertThat(triage.toString())
                  .isEqualTo("PromptTemplate[ticket-triage v10: Ticket -> Triage]");
              RenderedPrompt prompt = triage.render(new Ticket("Refund", "Please refund order 42"));
              assertThat(prompt.toString()).contains("Please refund order 42");
              @SuppressWarnings("unchecked")
              PromptTemplate<Person, String> greeting =
                  context.getBean("greeting", PromptTemplate.class);
              assertThat(greeting.toString()).isEqualTo("PromptTemplate[greeting v1: Person -> text]");
            });
  }

  @Test
  void pinnedVersionsAndListOutputs() {
    Runners.runner()
        .run(
            context -> {
              PromptTemplates templates = context.getBean(PromptTemplates.class);
              assertThat(templates.get("ticket-triage", "2", Ticket.class, Triage.class).version())
                  .isEqualTo("2");
              PromptTemplate<Ticket, List<Triage>> list =
                  templates.getList("ticket-triage", Ticket.class, Triage.class);
              assertThat(list.toString())
                  .isEqualTo("PromptTemplate[ticket-triage v10: Ticket -> list of Triage]");
            });
  }

  @Test
  void unknownIdOrVersionNamesWhatExists() {
    Runners.runner()
        .run(
            context -> {
              PromptTemplates templates = context.getBean(PromptTemplates.class);
              assertThatThrownBy(() -> templates.get("nope", Ticket.class, String.class))
                  .isInstanceOf(TemplateException.class)
                  .hasMessage(
                      "No template 'nope' under classpath:prompts/ (expected a file"
                          + " prompts/nope/v1.txt); templates found: greeting, ticket-triage");
              assertThatThrownBy(() -> templates.get("ticket-triage", "3", Ticket.class, String.class))
                  .isInstanceOf(TemplateException.class)
                  .hasMessage(
                      "Template 'ticket-triage' has no version 3 under"
                          + " classpath:prompts/ticket-triage/; versions found: 1, 2, 10");
            });
  }

  @Test
  void aTemplateThatDoesNotFitItsRecordFailsTheBeanThatDeclaresIt() {
    Runners.runner()
        .withUserConfiguration(WrongRecord.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(
                      new BedrockKitFailureAnalyzer()
                          .analyze(context.getStartupFailure())
                          .getDescription())
                  .isEqualTo(
                      "A bedrock-kit prompt template is invalid: Template 'ticket-triage' v10 uses"
                          + " {{subject}} but Person has no component 'subject'; components: [name]");
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class WrongRecord {
    @Bean
    PromptTemplate<Person, String> wrong(PromptTemplates t) {
      return t.get("ticket-triage", Person.class, String.class);
    }
  }

  @Test
  void versionOrder() {
    List<String> versions = new java.util.ArrayList<>(List.of("10", "2", "1.10", "1.2", "1", "beta", "2a"));
    versions.sort(PromptTemplates.VERSION_ORDER);
    assertThat(versions).containsExactly("1", "1.2", "1.10", "2", "10", "2a", "beta");
  }
}
