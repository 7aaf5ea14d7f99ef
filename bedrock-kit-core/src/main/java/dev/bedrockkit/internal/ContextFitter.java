package dev.bedrockkit.internal;

import dev.bedrockkit.ContextWindowExceededException;
import java.util.List;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;

/**
 * Internal: estimates tokens and drops the oldest turns of a conversation until it fits a
 * token budget. The system prompt and the latest user turn are always kept; the kept history
 * always starts with a user message that carries no tool result, so Converse's rules (first
 * message from the user, tool results answer a preceding tool use) still hold.
 *
 * <p>The estimate is deliberately pessimistic (3.5 characters per token, where English text
 * averages about 4), so trimming happens before Bedrock rejects; when Bedrock still says the
 * input is too long, the caller fits again into a smaller budget once.
 *
 * <p>Stateless and thread-safe.
 */
public final class ContextFitter {
  static final double CHARS_PER_TOKEN = 3.5;
  static final int TOKENS_PER_MESSAGE = 4;
  static final int TOKENS_PER_IMAGE = 1_600;

  private ContextFitter() {}

  /** A conversation that fits. */
  public record Fitted(List<Message> messages, int droppedTurns, int estimatedTokens) {}

  /** Estimated input tokens of a system prompt and messages. */
  public static int estimate(List<SystemContentBlock> system, List<Message> messages) {
    long total = estimateSystem(system);
    for (Message m : messages) {
      total += estimate(m);
    }
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /**
   * Drops the oldest turns until the estimate fits {@code budgetTokens}.
   *
   * @throws ContextWindowExceededException when even the latest user turn does not fit
   */
  public static Fitted fit(
      String modelId,
      List<SystemContentBlock> system,
      List<Message> messages,
      int budgetTokens,
      int contextWindowTokens) {
    long systemTokens = estimateSystem(system);
    long[] suffix = new long[messages.size() + 1];
    for (int i = messages.size() - 1; i >= 0; i--) {
      suffix[i] = suffix[i + 1] + estimate(messages.get(i));
    }
    long total = systemTokens + suffix[0];
    if (total <= budgetTokens) {
      return new Fitted(messages, 0, (int) total);
    }
    int lastUser = lastUserIndex(messages);
    for (int k = 1; k <= lastUser; k++) {
      if (isCleanUserTurn(messages.get(k)) && systemTokens + suffix[k] <= budgetTokens) {
        return new Fitted(List.copyOf(messages.subList(k, messages.size())), k,
            (int) (systemTokens + suffix[k]));
      }
    }
    int minimal = (int) Math.min(Integer.MAX_VALUE, systemTokens + suffix[Math.max(lastUser, 0)]);
    throw new ContextWindowExceededException(
        modelId,
        minimal,
        contextWindowTokens,
        "The input does not fit the context window of " + modelId + ": the system prompt and the"
            + " latest user turn alone need about " + minimal + " tokens, the budget is "
            + budgetTokens + " of a " + contextWindowTokens + "-token window (the rest is kept"
            + " for the answer). Shorten the input or use a model with a larger window.",
        null);
  }

  private static int lastUserIndex(List<Message> messages) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == ConversationRole.USER) {
        return i;
      }
    }
    return 0;
  }

  private static boolean isCleanUserTurn(Message m) {
    if (m.role() != ConversationRole.USER) {
      return false;
    }
    for (ContentBlock b : m.content()) {
      if (b.toolResult() != null) {
        return false;
      }
    }
    return true;
  }

  private static long estimateSystem(List<SystemContentBlock> system) {
    long chars = 0;
    for (SystemContentBlock b : system) {
      if (b.text() != null) {
        chars += b.text().length();
      }
    }
    return tokens(chars);
  }

  private static long estimate(Message m) {
    long chars = 0;
    long extra = TOKENS_PER_MESSAGE;
    for (ContentBlock b : m.content()) {
      if (b.text() != null) {
        chars += b.text().length();
      } else if (b.image() != null) {
        extra += TOKENS_PER_IMAGE;
      } else if (b.document() != null && b.document().source() != null
          && b.document().source().bytes() != null) {
        chars += b.document().source().bytes().asByteArrayUnsafe().length;
      } else if (b.toolUse() != null && b.toolUse().input() != null) {
        chars += b.toolUse().input().toString().length();
      } else if (b.toolResult() != null && b.toolResult().content() != null) {
        for (ToolResultContentBlock c : b.toolResult().content()) {
          if (c.text() != null) {
            chars += c.text().length();
          } else if (c.json() != null) {
            chars += c.json().toString().length();
          }
        }
      }
    }
    return tokens(chars) + extra;
  }

  private static long tokens(long chars) {
    return (long) Math.ceil(chars / CHARS_PER_TOKEN);
  }
}
