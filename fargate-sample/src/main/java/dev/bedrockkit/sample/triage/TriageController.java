package dev.bedrockkit.sample.triage;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.TypedResponse;
import dev.bedrockkit.sample.SampleProperties;
import dev.bedrockkit.sample.cache.CacheScopes;
import dev.bedrockkit.sample.chat.CallInfo;
import dev.bedrockkit.sample.web.ApiException;
import dev.bedrockkit.sample.web.FieldProblem;
import dev.bedrockkit.sample.web.ProblemType;
import dev.bedrockkit.sample.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/tickets/triage}: a typed endpoint on the {@code ticket-triage} template
 * ({@code prompts/ticket-triage/v1.txt}): a ticket in, a validated {@link Triage} out. A degraded
 * answer has no triage, so it is a 503 here rather than a 200 without one.
 */
@RestController
public class TriageController {
  static final int MAX_SUBJECT_CHARS = 200;

  private final BedrockKit kit;
  private final PromptTemplate<Ticket, Triage> template;
  private final SampleProperties properties;
  private final CacheScopes cacheScopes;

  public TriageController(
      BedrockKit kit,
      PromptTemplate<Ticket, Triage> ticketTriage,
      SampleProperties properties,
      CacheScopes cacheScopes) {
    this.kit = kit;
    this.template = ticketTriage;
    this.properties = properties;
    this.cacheScopes = cacheScopes;
  }

  @PostMapping(
      path = "/v1/tickets/triage",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  public TriageReply triage(@RequestBody Ticket ticket, HttpServletRequest http) {
    validate(ticket);
    CacheScope scope = cacheScopes.of(http);
    TypedResponse<Triage> answer =
        kit.call(
            template,
            ticket,
            b -> scope == null ? b.attribution("triage") : b.attribution("triage").cacheScope(scope));
    if (answer.response().degraded() || answer.value() == null) {
      throw new ApiException(
          ProblemType.MODELS_UNAVAILABLE,
          "No model could triage the ticket right now; try again in "
              + properties.retryAfter().unavailable().toSeconds()
              + " seconds.",
          List.of(),
          properties.retryAfter().unavailable());
    }
    return new TriageReply(answer.value(), CallInfo.of(answer.response(), RequestIds.of(http)));
  }

  private void validate(Ticket ticket) {
    List<FieldProblem> errors = new ArrayList<>();
    check("subject", ticket.subject(), MAX_SUBJECT_CHARS, errors);
    check("body", ticket.body(), properties.chat().maxMessageChars(), errors);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
  }

  private static void check(String field, String value, int max, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldProblem(field, "must not be blank"));
    } else if (value.length() > max) {
      errors.add(
          new FieldProblem(
              field, "must be at most " + max + " characters but was " + value.length()));
    }
  }
}
