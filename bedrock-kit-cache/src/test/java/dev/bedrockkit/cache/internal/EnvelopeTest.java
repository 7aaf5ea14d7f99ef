package dev.bedrockkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ReasoningTextBlock;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

class EnvelopeTest {

  private static ChatResponse rich() {
    ToolUseBlock tool =
        ToolUseBlock.builder()
            .toolUseId("tooluse_1")
            .name("respond")
            .input(
                Document.mapBuilder()
                    .putString("summary", "Shipped")
                    .putNumber("eta", 3)
                    .putList("tags", List.of(Document.fromString("a"), Document.fromBoolean(true)))
                    .putNull("note")
                    .build())
            .build();
    Message message =
        Message.builder()
            .role(ConversationRole.ASSISTANT)
            .content(
                ContentBlock.fromReasoningContent(
                    ReasoningContentBlock.builder()
                        .reasoningText(ReasoningTextBlock.builder().text("think").signature("sig")
                            .build())
                        .build()),
                ContentBlock.fromReasoningContent(
                    ReasoningContentBlock.fromRedactedContent(
                        SdkBytes.fromByteArray(new byte[] {0, 1, (byte) 255}))),
                ContentBlock.fromText("Your order shipped. Ünïcödé ✓"),
                ContentBlock.fromToolUse(tool))
            .build();
    return new ChatResponse(
        "Your order shipped. Ünïcödé ✓",
        List.of(tool),
        message,
        StopReason.TOOL_USE,
        new TokenUsage(100, 20, 5, 7),
        Duration.ofMillis(1234),
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "us-west-2",
        List.of(),
        false,
        false,
        Optional.of(new BigDecimal("0.000123450")),
        2,
        "req-9");
  }

  @Test
  void roundTripKeepsEveryBlockKindAndField() throws Exception {
    ChatResponse original = rich();

    Envelope.Stored back =
        Envelope.decode(Envelope.encode(original, 1_000L, 2_000L, null, 64));

    assertThat(back.createdMillis()).isEqualTo(1_000L);
    assertThat(back.freshUntilMillis()).isEqualTo(2_000L);
    assertThat(back.response()).isEqualTo(original);
    assertThat(back.response().message()).isEqualTo(original.message());
    assertThat(back.response().toolUses().get(0).input()).isEqualTo(
        original.toolUses().get(0).input());
  }

  @Test
  void largePayloadsAreDeflatedAndSmallOnesAreNot() throws Exception {
    ChatResponse r = rich();
    byte[] small = Envelope.encode(r, 1, 2, null, Integer.MAX_VALUE);
    byte[] deflated = Envelope.encode(r, 1, 2, null, 0);

    assertThat(small[3]).isZero();
    assertThat(deflated[3]).isEqualTo((byte) 1);
    assertThat(Envelope.decode(deflated).response()).isEqualTo(r);
  }

  @Test
  void newerFormatVersionIsUnreadable() {
    byte[] value = Envelope.encode(rich(), 1, 2, null, 0);
    value[2] = (byte) (Envelope.FORMAT_VERSION + 1);

    assertThatThrownBy(() -> Envelope.decode(value))
        .isInstanceOf(Envelope.Unreadable.class)
        .hasMessage("envelope format version 2 but this release reads 1");
  }

  @Test
  void olderFormatVersionIsUnreadable() {
    byte[] value = Envelope.encode(rich(), 1, 2, null, 0);
    value[2] = 0;

    assertThatThrownBy(() -> Envelope.decode(value))
        .isInstanceOf(Envelope.Unreadable.class)
        .hasMessage("envelope format version 0 but this release reads 1");
  }

  @Test
  void foreignValuesTruncatedValuesAndGarbageAreUnreadable() {
    byte[] good = Envelope.encode(rich(), 1, 2, null, 0);

    assertThatThrownBy(() -> Envelope.decode("{\"text\":\"hi\"}".getBytes()))
        .isInstanceOf(Envelope.Unreadable.class)
        .hasMessage("value does not start with the envelope magic");
    assertThatThrownBy(() -> Envelope.decode(new byte[] {'B', 'K'}))
        .isInstanceOf(Envelope.Unreadable.class)
        .hasMessage("value is shorter than the envelope header");
    assertThatThrownBy(() -> Envelope.decode(Arrays.copyOf(good, good.length / 2)))
        .isInstanceOf(Envelope.Unreadable.class);
    byte[] garbled = good.clone();
    for (int i = 8; i < garbled.length; i += 3) {
      garbled[i] ^= 0x5A;
    }
    assertThatThrownBy(() -> Envelope.decode(garbled)).isInstanceOf(Envelope.Unreadable.class);
    byte[] unknownFlag = good.clone();
    unknownFlag[3] = 4;
    assertThatThrownBy(() -> Envelope.decode(unknownFlag))
        .isInstanceOf(Envelope.Unreadable.class)
        .hasMessage("envelope has unknown flags 4");
  }

  @Test
  void unknownStopReasonSurvivesAsUnknown() throws Exception {
    ChatResponse r = rich();
    byte[] value = Envelope.encode(r, 1, 2, null, Integer.MAX_VALUE);
    String json = new String(value, 4, value.length - 4, java.nio.charset.StandardCharsets.UTF_8)
        .replace("\"tool_use\"", "\"brand_new_reason\"");
    byte[] edited = new byte[4 + json.getBytes().length];
    System.arraycopy(value, 0, edited, 0, 4);
    System.arraycopy(json.getBytes(), 0, edited, 4, json.getBytes().length);

    assertThat(Envelope.decode(edited).response().stopReason())
        .isEqualTo(StopReason.UNKNOWN_TO_SDK_VERSION);
  }
}
