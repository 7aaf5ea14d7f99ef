package dev.bedrockkit.sample.triage;

import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.spring.PromptTemplates;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The triage template, from {@code prompts/ticket-triage/v*.txt} (latest version). */
@Configuration(proxyBeanMethods = false)
public class TriageConfiguration {
  @Bean
  PromptTemplate<Ticket, Triage> ticketTriage(PromptTemplates templates) {
    return templates.get("ticket-triage", Ticket.class, Triage.class);
  }
}
