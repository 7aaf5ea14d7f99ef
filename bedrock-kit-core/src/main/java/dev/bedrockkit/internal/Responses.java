package dev.bedrockkit.internal;

import dev.bedrockkit.TokenUsage;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/** Internal: reads SDK answers into bedrock-kit's values. */
public final class Responses {
  private Responses() {}

  /** Bedrock's token usage; missing counts are zero. */
  public static TokenUsage usage(software.amazon.awssdk.services.bedrockruntime.model.TokenUsage u) {
    if (u == null) {
      return TokenUsage.ZERO;
    }
    return new TokenUsage(
        orZero(u.inputTokens()),
        orZero(u.outputTokens()),
        orZero(u.cacheReadInputTokens()),
        orZero(u.cacheWriteInputTokens()));
  }

  /** The text blocks of a message, joined. */
  public static String text(Message message) {
    if (message == null || !message.hasContent()) {
      return "";
    }
    List<ContentBlock> blocks = message.content();
    if (blocks.size() == 1) {
      String only = blocks.get(0).text();
      return only == null ? "" : only; // the usual answer: no copy of its text
    }
    StringBuilder sb = new StringBuilder();
    for (ContentBlock b : blocks) {
      if (b.text() != null) {
        sb.append(b.text());
      }
    }
    return sb.toString();
  }

  /** The tool calls of a message, in order. */
  public static List<ToolUseBlock> toolUses(Message message) {
    List<ToolUseBlock> out = null;
    if (message != null && message.hasContent()) {
      for (ContentBlock b : message.content()) {
        if (b.toolUse() != null) {
          if (out == null) {
            out = new ArrayList<>();
          }
          out.add(b.toolUse());
        }
      }
    }
    return out == null ? List.of() : out;
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
