package dev.bedrockkit.sample.chat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.bedrockkit.ChatResponse;

/**
 * The answer of {@code POST /v1/chat}, and the data of the stream's {@code done} event: the text
 * and, at the same level, the {@link CallInfo} fields.
 *
 * @param text the answer (the configured message when {@code degraded})
 * @param call how the answer was made
 */
public record ChatReply(String text, @JsonUnwrapped CallInfo call) {

  /** The reply for a bedrock-kit response. */
  public static ChatReply of(ChatResponse response, String requestId) {
    return new ChatReply(response.text(), CallInfo.of(response, requestId));
  }
}
