package dev.bedrockkit.sample.chat;

import java.util.List;

/**
 * The body of {@code POST /v1/chat} (and the parameters of {@code GET /v1/chat/stream}).
 *
 * @param message the user's new message (required)
 * @param history earlier turns, oldest first, alternating {@code user} / {@code assistant} and
 *     ending with {@code assistant}; may be null or empty
 * @param chain the model chain to use; null for {@code default}
 * @param maxTokens most tokens to generate; null for the chain's setting
 * @param temperature sampling temperature in [0, 1]; null for the model's default
 */
public record ChatInput(
    String message, List<Turn> history, String chain, Integer maxTokens, Double temperature) {

  /**
   * One earlier turn.
   *
   * @param role {@code user} or {@code assistant}
   * @param text what was said
   */
  public record Turn(String role, String text) {}
}
