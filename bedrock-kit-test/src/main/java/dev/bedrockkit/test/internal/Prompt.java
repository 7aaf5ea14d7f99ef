package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A request reduced to what the responder needs, whatever the API (Converse or a model-native
 * body).
 *
 * @param lastUserText text of the last user turn (or of its tool results)
 * @param tools the tools offered
 * @param toolChoice how a tool must be used
 * @param forcedTool the tool named by a specific tool choice, or null
 * @param inputTokens prompt tokens
 * @param maxTokens output limit in effect
 * @param stopSequences stop sequences
 */
public record Prompt(
    String lastUserText,
    List<Tool> tools,
    ToolChoice toolChoice,
    String forcedTool,
    int inputTokens,
    int maxTokens,
    List<String> stopSequences) {

  /** How the request asks for tools. */
  public enum ToolChoice {
    /** Model decides; the emulator answers with text. */
    AUTO,
    /** Some tool must be called. */
    ANY,
    /** The named tool must be called. */
    TOOL
  }

  /**
   * One tool.
   *
   * @param name the tool name
   * @param schema its input JSON Schema
   */
  public record Tool(String name, JsonNode schema) {}
}
