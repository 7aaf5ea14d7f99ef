package dev.bedrockkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;
import software.amazon.awssdk.eventstream.MessageDecoder;

class EventStreamTest {
  private static List<Message> decode(byte[] body) {
    List<Message> out = new ArrayList<>();
    MessageDecoder decoder = new MessageDecoder(out::add);
    decoder.feed(body);
    return out;
  }

  @Test
  void everyEventFrameHasTheSameLengthSoEqualChunksFallOnFrameBoundaries() {
    EventStream s = new EventStream()
        .event("messageStart", Json.object().put("role", "assistant"))
        .event("contentBlockDelta", Json.object().put("contentBlockIndex", 0).put("text", "a much longer piece of text"))
        .event("contentBlockStop", Json.object().put("contentBlockIndex", 0));

    byte[] body = s.encode();

    List<Message> frames = decode(body);
    assertThat(frames).hasSize(3);
    assertThat(body.length % 3).isZero();
    int frameLength = ByteBuffer.wrap(body).getInt(0);
    assertThat(ByteBuffer.wrap(body).getInt(frameLength)).isEqualTo(frameLength);
    assertThat(ByteBuffer.wrap(body).getInt(2 * frameLength)).isEqualTo(frameLength);
  }

  @Test
  void exceptionFrameIsUnpaddedAndLast() {
    byte[] body = new EventStream()
        .event("messageStart", Json.object().put("role", "assistant"))
        .exception("throttlingException", Json.object().put("message", "slow down"))
        .encode();

    List<Message> frames = decode(body);
    Message last = frames.get(1);
    assertThat(last.getHeaders().get(":message-type").getString()).isEqualTo("exception");
    assertThat(last.getHeaders().get(":exception-type").getString()).isEqualTo("throttlingException");
    assertThat(last.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
    assertThat(new String(last.getPayload(), StandardCharsets.UTF_8)).isEqualTo("{\"message\":\"slow down\"}");
  }

  @Test
  void truncatedKeepsTheFirstEvents() {
    EventStream s = new EventStream()
        .event("a", Json.object()).event("b", Json.object()).event("c", Json.object());

    assertThat(decode(s.truncated(2).encode())).extracting(m -> m.getHeaders().get(":event-type").getString())
        .containsExactly("a", "b");
  }
}
