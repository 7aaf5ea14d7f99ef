package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A canned answer that replaces the emulator's echo for matching requests: text, a tool call with
 * raw (possibly invalid) JSON input, or a sequence of those.
 *
 * <p>A script matches when the model ID equals the requested one (or any model) and the prompt
 * pattern is found in the last user text. Successive matching calls take the replies in order; the
 * last reply repeats. When several scripts match, the most recently added wins. Immutable and
 * thread-safe; the emulator keeps the position in the sequence.
 *
 * <pre>{@code
 * emulator.script(ScriptedReply.forModel(ModelCatalog.CLAUDE_3_HAIKU)
 *     .whenPrompt("(?i)weather")
 *     .replies(Reply.toolUse("not json"), Reply.toolUse("{\"city\": \"Paris\"}")));
 * }</pre>
 *
 * @param modelId the model ID to match as the client sent it, or null for any model
 * @param prompt the pattern searched for in the last user text, or null for any prompt
 * @param replies the replies in order, at least one
 */
public record ScriptedReply(String modelId, Pattern prompt, List<Reply> replies) {

  /** Validates the arguments. */
  public ScriptedReply {
    Checks.notNull(replies, "replies");
    Checks.check(!replies.isEmpty(), "replies must not be empty");
    replies = List.copyOf(replies);
  }

  /**
   * Starts a script for one model ID.
   *
   * @param modelId the model ID as the client sends it (foundation model, profile or ARN)
   * @return a builder
   */
  public static Builder forModel(String modelId) {
    return new Builder(Checks.notNull(modelId, "modelId"));
  }

  /**
   * Starts a script for every model.
   *
   * @return a builder
   */
  public static Builder forAnyModel() {
    return new Builder(null);
  }

  /**
   * Returns whether this script applies to a request.
   *
   * @param requestedModelId the model ID from the path
   * @param lastUserText the text of the last user turn
   * @return true when both filters match
   */
  public boolean matches(String requestedModelId, String lastUserText) {
    return (modelId == null || modelId.equals(requestedModelId))
        && (prompt == null || prompt.matcher(lastUserText).find());
  }

  /** Collects the filters of a {@link ScriptedReply}; ends with the reply. */
  public static final class Builder {
    private final String modelId;
    private Pattern prompt;

    private Builder(String modelId) {
      this.modelId = modelId;
    }

    /**
     * Matches only prompts whose last user text contains {@code regex}.
     *
     * @param regex a {@link Pattern} searched with {@code find()}
     * @return this builder
     */
    public Builder whenPrompt(String regex) {
      this.prompt = Pattern.compile(Checks.notNull(regex, "regex"));
      return this;
    }

    /**
     * Answers with text and {@code end_turn}.
     *
     * @param text the reply text
     * @return the script
     */
    public ScriptedReply text(String text) {
      return replies(Reply.text(text));
    }

    /**
     * Answers with a tool call whose input is {@code rawJson} verbatim (it may be invalid).
     *
     * @param rawJson the tool input as the model would write it
     * @return the script
     */
    public ScriptedReply toolUse(String rawJson) {
      return replies(Reply.toolUse(rawJson));
    }

    /**
     * Answers with the replies in order, repeating the last.
     *
     * @param replies one or more replies
     * @return the script
     */
    public ScriptedReply replies(Reply... replies) {
      return new ScriptedReply(modelId, prompt, List.of(replies));
    }
  }

  /**
   * One scripted answer.
   *
   * @param text the reply text, null for a tool call
   * @param toolName the tool to call, or null for the forced or first tool of the request
   * @param toolInput the raw tool input JSON, null for text
   * @param stopReason the stop reason to report, or null for the natural one ({@code end_turn} or
   *     {@code tool_use}); e.g. {@code guardrail_intervened} or {@code content_filtered}
   */
  public record Reply(String text, String toolName, String toolInput, String stopReason) {

    /** Validates that exactly one of text and tool input is set. */
    public Reply {
      Checks.check(
          (text == null) != (toolInput == null), "exactly one of text and toolInput must be set");
    }

    /**
     * Returns a text reply.
     *
     * @param text the text
     * @return the reply
     */
    public static Reply text(String text) {
      return new Reply(Checks.notNull(text, "text"), null, null, null);
    }

    /**
     * Returns a tool call with raw JSON input for the request's forced or first tool.
     *
     * @param rawJson the input as the model writes it; need not be valid JSON
     * @return the reply
     */
    public static Reply toolUse(String rawJson) {
      return new Reply(null, null, Checks.notNull(rawJson, "rawJson"), null);
    }

    /**
     * Returns a tool call of a named tool with raw JSON input.
     *
     * @param toolName the tool name
     * @param rawJson the input as the model writes it
     * @return the reply
     */
    public static Reply toolUse(String toolName, String rawJson) {
      return new Reply(
          null, Checks.notNull(toolName, "toolName"), Checks.notNull(rawJson, "rawJson"), null);
    }

    /**
     * Returns a copy reporting another stop reason.
     *
     * @param stopReason e.g. {@code guardrail_intervened}, {@code content_filtered}
     * @return the reply
     */
    public Reply withStopReason(String stopReason) {
      return new Reply(text, toolName, toolInput, Checks.notNull(stopReason, "stopReason"));
    }
  }
}
