package dev.bedrockkit.sample.chat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.sample.SampleProperties;
import dev.bedrockkit.sample.web.ApiException;
import dev.bedrockkit.sample.web.FieldProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a {@link ChatInput} against this service's limits, reporting every invalid field at once
 * in the request's own names, and turns it into a bedrock-kit {@link ChatRequest}. Thread-safe.
 */
@Component
public class ChatRequests {
  private static final Pattern CHAIN = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final TypeReference<List<ChatInput.Turn>> TURNS = new TypeReference<>() {};

  private final BedrockKit kit;
  private final SampleProperties.Chat limits;
  private final JsonMapper json;

  public ChatRequests(BedrockKit kit, SampleProperties properties, JsonMapper json) {
    this.kit = kit;
    this.limits = properties.chat();
    this.json = json;
  }

  /**
   * Parses the {@code history} query parameter of a stream: a JSON array of {@code {role, text}}.
   *
   * @throws ApiException when it is not such an array
   */
  public List<ChatInput.Turn> parseHistory(String history) {
    if (history == null || history.isBlank()) {
      return List.of();
    }
    try {
      List<ChatInput.Turn> turns = json.readValue(history, TURNS);
      return turns == null ? List.of() : turns;
    } catch (JacksonException e) {
      throw ApiException.invalid(
          "history", "must be a JSON array of {\"role\": ..., \"text\": ...} objects");
    }
  }

  /**
   * The bedrock-kit request for a valid input.
   *
   * @param input what the caller sent
   * @param cacheScope who may share the answer through the response cache; null: not cached
   * @throws ApiException listing every invalid field
   */
  public ChatRequest toRequest(ChatInput input, CacheScope cacheScope) {
    List<FieldProblem> errors = validate(input);
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    ChatRequest.Builder b = ChatRequest.builder().attribution(limits.attribution());
    if (cacheScope != null) {
      b.cacheScope(cacheScope);
    }
    if (input.chain() != null) {
      b.chain(input.chain());
    }
    if (input.history() != null) {
      for (ChatInput.Turn turn : input.history()) {
        if ("user".equals(turn.role())) {
          b.user(turn.text());
        } else {
          b.assistant(turn.text());
        }
      }
    }
    b.user(input.message());
    if (input.maxTokens() != null) {
      b.maxTokens(input.maxTokens());
    }
    if (input.temperature() != null) {
      b.temperature(input.temperature().floatValue());
    }
    return b.build();
  }

  List<FieldProblem> validate(ChatInput input) {
    List<FieldProblem> errors = new ArrayList<>();
    text("message", input.message(), errors);
    List<ChatInput.Turn> history = input.history() == null ? List.of() : input.history();
    if (history.size() > limits.maxHistoryTurns()) {
      errors.add(
          new FieldProblem(
              "history",
              "must hold at most "
                  + limits.maxHistoryTurns()
                  + " turns but held "
                  + history.size()
                  + "; drop the oldest"));
    } else {
      for (int i = 0; i < history.size(); i++) {
        ChatInput.Turn turn = history.get(i);
        String path = "history[" + i + "]";
        if (turn == null) {
          errors.add(new FieldProblem(path, "must be an object with role and text"));
          continue;
        }
        String expected = i % 2 == 0 ? "user" : "assistant";
        if (!expected.equals(turn.role())) {
          errors.add(
              new FieldProblem(
                  path + ".role",
                  "must be " + expected + " (turns alternate, starting with user) but was "
                      + (turn.role() == null ? "missing" : "'" + turn.role() + "'")));
        }
        text(path + ".text", turn.text(), errors);
      }
      if (history.size() % 2 != 0) {
        errors.add(
            new FieldProblem(
                "history", "must end with an assistant turn (message is the next user turn)"));
      }
    }
    if (input.chain() != null) {
      Set<String> chains = kit.modelConfig().chains().keySet();
      if (!CHAIN.matcher(input.chain()).matches() || !chains.contains(input.chain())) {
        errors.add(
            new FieldProblem(
                "chain", "must name a configured chain: " + String.join(", ", chains)));
      }
    }
    Integer maxTokens = input.maxTokens();
    if (maxTokens != null && (maxTokens < 1 || maxTokens > limits.maxTokensLimit())) {
      errors.add(
          new FieldProblem(
              "maxTokens",
              "must be between 1 and " + limits.maxTokensLimit() + " but was " + maxTokens));
    }
    Double temperature = input.temperature();
    if (temperature != null && !(temperature >= 0 && temperature <= 1)) {
      errors.add(
          new FieldProblem("temperature", "must be between 0 and 1 but was " + temperature));
    }
    return errors;
  }

  private void text(String field, String value, List<FieldProblem> errors) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldProblem(field, "must not be blank"));
    } else if (value.length() > limits.maxMessageChars()) {
      errors.add(
          new FieldProblem(
              field,
              "must be at most "
                  + limits.maxMessageChars()
                  + " characters but was "
                  + value.length()));
    }
  }
}
