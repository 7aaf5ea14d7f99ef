package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Builds an {@code application/vnd.amazon.eventstream} body with the AWS codec (the SDK's own
 * {@code software.amazon.awssdk:eventstream} {@link Message}, which writes the prelude, CRCs and
 * headers). Not thread-safe: one instance per response.
 *
 * <p>Event frames carry {@code :event-type}, {@code :content-type: application/json} and {@code
 * :message-type: event}; their JSON payload ends with a {@code "p"} padding member as the real
 * service sends (shared/FACTS.md; the exact padding length of the service is not reproduced). The
 * padding is chosen so that every event frame has the same length; the server can then pace the
 * body frame by frame with equal byte chunks. Exception frames carry {@code :exception-type},
 * {@code :content-type} and {@code :message-type: exception} and a bare {@code {"message": ...}}
 * payload, as in the capture in aws-samples/foundation-model-benchmarking-tool#247.
 */
public final class EventStream {
  private static final String PAD_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private static final int MIN_PAD = 16;

  private final List<Object[]> events = new ArrayList<>();
  private Message exception;

  /**
   * Appends an event.
   *
   * @param eventType the {@code :event-type}, e.g. {@code contentBlockDelta}
   * @param payload the JSON payload, without padding
   * @return this
   */
  public EventStream event(String eventType, ObjectNode payload) {
    events.add(new Object[] {eventType, payload});
    return this;
  }

  /**
   * Appends the final exception frame; nothing may follow it.
   *
   * @param exceptionType the {@code :exception-type}, e.g. {@code throttlingException}
   * @param payload the JSON payload
   * @return this
   */
  public EventStream exception(String exceptionType, ObjectNode payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":exception-type", HeaderValue.fromString(exceptionType));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("exception"));
    exception = new Message(headers, Json.bytes(payload));
    return this;
  }

  /**
   * Returns a copy with only the first {@code n} events.
   *
   * @param n events to keep
   * @return the copy, without exception frame
   */
  public EventStream truncated(int n) {
    EventStream copy = new EventStream();
    copy.events.addAll(events.subList(0, Math.min(n, events.size())));
    return copy;
  }

  /** @return the number of frames, the exception included */
  public int frameCount() {
    return events.size() + (exception == null ? 0 : 1);
  }

  /** @return the number of event frames */
  public int eventCount() {
    return events.size();
  }

  /**
   * Encodes the frames.
   *
   * @return the body
   */
  public byte[] encode() {
    int target = 0;
    for (Object[] e : events) {
      target = Math.max(target, frame(e, MIN_PAD).length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(target * (events.size() + 1));
    for (Object[] e : events) {
      int base = frame(e, MIN_PAD).length;
      out.writeBytes(frame(e, MIN_PAD + target - base));
    }
    if (exception != null) {
      exception.encode(out);
    }
    return out.toByteArray();
  }

  private static byte[] frame(Object[] event, int padLength) {
    ObjectNode payload = ((ObjectNode) event[1]).deepCopy();
    payload.put("p", pad(padLength));
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString((String) event[0]));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new Message(headers, Json.bytes(payload)).encode(out);
    return out.toByteArray();
  }

  private static String pad(int length) {
    StringBuilder sb = new StringBuilder(length);
    while (sb.length() < length) {
      sb.append(PAD_ALPHABET, 0, Math.min(PAD_ALPHABET.length(), length - sb.length()));
    }
    return sb.toString();
  }
}
