package dev.bedrockkit.chaos.security;

import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** Model answers for cache tests. */
final class Answers {
  private Answers() {}

  static ChatResponse answer(String text) {
    Message m =
        Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText(text)).build();
    return new ChatResponse(
        text, List.of(), m, StopReason.END_TURN, new TokenUsage(10, 5, 0, 0), Duration.ofMillis(5),
        "anthropic.claude-3-haiku-20240307-v1:0", "us-east-1", List.of(), false, false,
        Optional.of(new BigDecimal("0.0001")), 0, "req-1");
  }
}
