package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.ContextWindowExceededException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;

class ContextFitterTest {
  private static final List<SystemContentBlock> SYSTEM =
      List.of(SystemContentBlock.fromText("x".repeat(35))); // 10 tokens

  private static Message msg(ConversationRole role, int chars) {
    return Message.builder().role(role).content(ContentBlock.fromText("y".repeat(chars))).build();
  }

  /** 6 messages of 70 chars = 20 + 4 tokens each. */
  private static List<Message> conversation() {
    List<Message> m = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      m.add(msg(i % 2 == 0 ? ConversationRole.USER : ConversationRole.ASSISTANT, 70));
    }
    return m;
  }

  @Test
  void keepsEverythingWhenItFits() {
    ContextFitter.Fitted f = ContextFitter.fit("m", SYSTEM, conversation(), 1000, 2000);
    assertThat(f.droppedTurns()).isZero();
    assertThat(f.estimatedTokens()).isEqualTo(10 + 6 * 24);
  }

  @Test
  void dropsTheOldestTurnsInPairsSoTheHistoryStillStartsWithTheUser() {
    // 10 + 4*24 = 106 fits a budget of 110; 10 + 5*24 = 130 does not.
    ContextFitter.Fitted f = ContextFitter.fit("m", SYSTEM, conversation(), 110, 200);
    assertThat(f.droppedTurns()).isEqualTo(2);
    assertThat(f.messages()).hasSize(4);
    assertThat(f.messages().get(0).role()).isEqualTo(ConversationRole.USER);
  }

  @Test
  void neverDropsTheLatestUserTurnAndSaysWhatItNeeds() {
    assertThatThrownBy(() -> ContextFitter.fit("model-x", SYSTEM, conversation(), 20, 100))
        .isInstanceOf(ContextWindowExceededException.class)
        .hasMessage(
            "The input does not fit the context window of model-x: the system prompt and the"
                + " latest user turn alone need about 58 tokens, the budget is 20 of a"
                + " 100-token window (the rest is kept for the answer). Shorten the input or use"
                + " a model with a larger window.")
        .satisfies(
            e -> {
              ContextWindowExceededException c = (ContextWindowExceededException) e;
              assertThat(c.estimatedInputTokens()).isEqualTo(58);
              assertThat(c.contextWindowTokens()).isEqualTo(100);
            });
  }

  @Test
  void neverStartsTheKeptHistoryWithAToolResult() {
    List<Message> m = conversation();
    m.set(
        2,
        Message.builder()
            .role(ConversationRole.USER)
            .content(
                ContentBlock.fromToolResult(
                    ToolResultBlock.builder()
                        .toolUseId("t1")
                        .content(ToolResultContentBlock.fromText("y".repeat(66)))
                        .build()))
            .build());
    // Cutting at index 2 would fit, but it is a tool result: the cut moves to index 4.
    ContextFitter.Fitted f = ContextFitter.fit("m", SYSTEM, m, 110, 200);
    assertThat(f.droppedTurns()).isEqualTo(4);
  }
}
