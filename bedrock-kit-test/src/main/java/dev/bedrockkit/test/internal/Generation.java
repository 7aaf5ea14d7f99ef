package dev.bedrockkit.test.internal;

import java.util.List;

/**
 * What the emulated model "generated".
 *
 * @param blocks the content blocks in order
 * @param stopReason the Converse stop reason
 * @param stopSequence the stop sequence that ended the text, or null
 * @param outputTokens output tokens
 */
public record Generation(List<Block> blocks, String stopReason, String stopSequence, int outputTokens) {

  /** @return the text of all text blocks, concatenated */
  public String text() {
    StringBuilder sb = new StringBuilder();
    blocks.stream().filter(Block::isText).forEach(b -> sb.append(b.text()));
    return sb.toString();
  }

  /**
   * A text block or a tool call.
   *
   * @param text text, or null for a tool call
   * @param toolUseId the tool-use ID
   * @param toolName the tool name
   * @param toolInput the raw JSON input text, possibly invalid
   */
  public record Block(String text, String toolUseId, String toolName, String toolInput) {
    /** @return whether this is a text block */
    public boolean isText() {
      return text != null;
    }
  }
}
