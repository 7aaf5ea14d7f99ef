package dev.bedrockkit.cache.internal;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Internal: the versioned binary form of a cached answer, as stored in Redis (and, for the
 * semantic index, in memory).
 *
 * <pre>
 * byte 0-1  'B' 'K'          magic
 * byte 2    format version   {@value #FORMAT_VERSION}
 * byte 3    flags            bit 0: payload is raw DEFLATE
 * byte 4..  payload          UTF-8 JSON: {"created":ms,"freshUntil":ms,"meta":{...},"response":{...}}
 * </pre>
 *
 * A value with another magic or format version, or one that does not parse, is {@linkplain
 * Unreadable unreadable}: readers treat it as a miss and count it; they never fail the request.
 * A new format gets a new version number, so tasks of an older release that share the Redis
 * instance during a rolling deployment miss on it instead of misreading it.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Envelope {
  /** The format written and the only one read. */
  public static final int FORMAT_VERSION = 1;

  private static final byte MAGIC_0 = 'B';
  private static final byte MAGIC_1 = 'K';
  private static final int FLAG_DEFLATE = 1;
  private static final int HEADER = 4;
  /** Never inflate more than this (a corrupt or hostile value must not exhaust the heap). */
  private static final int MAX_INFLATED = 16 * 1024 * 1024;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build());
  }

  private Envelope() {}

  /** A decoded value. */
  public record Stored(
      ChatResponse response, long createdMillis, long freshUntilMillis, JsonNode meta) {}

  /** The value cannot be read: corrupt, truncated, or another format version. */
  public static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    public Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Encodes an answer.
   *
   * @param meta extra fields of the semantic index (vector, text), or {@code null}
   * @param compressAbove payloads longer than this many bytes are deflated
   */
  public static byte[] encode(
      ChatResponse response,
      long createdMillis,
      long freshUntilMillis,
      ObjectNode meta,
      int compressAbove) {
    ObjectNode root = NODES.objectNode();
    root.put("created", createdMillis);
    root.put("freshUntil", freshUntilMillis);
    if (meta != null) {
      root.set("meta", meta);
    }
    root.set("response", responseToJson(response));
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a cached answer as JSON", e);
    }
    boolean deflate = json.length > compressAbove;
    byte[] payload = deflate ? deflate(json) : json;
    if (deflate && payload.length >= json.length) {
      deflate = false;
      payload = json;
    }
    byte[] out = new byte[HEADER + payload.length];
    out[0] = MAGIC_0;
    out[1] = MAGIC_1;
    out[2] = (byte) FORMAT_VERSION;
    out[3] = (byte) (deflate ? FLAG_DEFLATE : 0);
    System.arraycopy(payload, 0, out, HEADER, payload.length);
    return out;
  }

  /** Decodes a value written by {@link #encode}. */
  public static Stored decode(byte[] value) throws Unreadable {
    if (value == null || value.length < HEADER) {
      throw new Unreadable("value is shorter than the envelope header");
    }
    if (value[0] != MAGIC_0 || value[1] != MAGIC_1) {
      throw new Unreadable("value does not start with the envelope magic");
    }
    int version = value[2] & 0xFF;
    if (version != FORMAT_VERSION) {
      throw new Unreadable(
          "envelope format version " + version + " but this release reads " + FORMAT_VERSION);
    }
    int flags = value[3] & 0xFF;
    if ((flags & ~FLAG_DEFLATE) != 0) {
      throw new Unreadable("envelope has unknown flags " + flags);
    }
    byte[] json;
    if ((flags & FLAG_DEFLATE) != 0) {
      json = inflate(value, HEADER, value.length - HEADER);
    } else {
      json = java.util.Arrays.copyOfRange(value, HEADER, value.length);
    }
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new Unreadable("envelope payload is not a JSON object");
      }
      return new Stored(
          responseFromJson(required(root, "response")),
          required(root, "created").asLong(),
          required(root, "freshUntil").asLong(),
          root.get("meta"));
    } catch (IOException | RuntimeException e) {
      throw new Unreadable("envelope payload does not parse: " + e.getMessage());
    }
  }

  private static JsonNode required(JsonNode node, String name) throws Unreadable {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new Unreadable("envelope has no " + name);
    }
    return v;
  }

  static ObjectNode responseToJson(ChatResponse r) {
    ObjectNode o = NODES.objectNode();
    o.put("text", r.text());
    ArrayNode tools = o.putArray("toolUses");
    r.toolUses().forEach(t -> tools.add(SdkJson.toJson(t)));
    if (r.message() != null) {
      o.set("message", SdkJson.toJson(r.message()));
    }
    if (r.stopReason() != null) {
      o.put("stopReason", r.stopReason().toString());
    }
    TokenUsage u = r.usage();
    o.putArray("usage")
        .add(u.inputTokens())
        .add(u.outputTokens())
        .add(u.cacheReadInputTokens())
        .add(u.cacheWriteInputTokens());
    o.put("latencyNanos", r.latency().toNanos());
    o.put("modelId", r.modelId());
    o.put("region", r.region());
    r.costUsd().ifPresent(c -> o.put("costUsd", c.toPlainString()));
    o.put("droppedTurns", r.droppedTurns());
    o.put("requestId", r.requestId());
    return o;
  }

  static ChatResponse responseFromJson(JsonNode o) throws Unreadable {
    if (!o.isObject()) {
      throw new Unreadable("response is not an object");
    }
    List<ToolUseBlock> toolUses = new ArrayList<>();
    JsonNode tools = o.get("toolUses");
    if (tools != null) {
      for (JsonNode t : tools) {
        toolUses.add(SdkJson.fromJson(t, ToolUseBlock::builder));
      }
    }
    JsonNode m = o.get("message");
    Message message = m == null || m.isNull() ? null : SdkJson.fromJson(m, Message::builder);
    JsonNode stop = o.get("stopReason");
    JsonNode usage = o.get("usage");
    if (usage == null || usage.size() != 4) {
      throw new Unreadable("response has no usage");
    }
    JsonNode cost = o.get("costUsd");
    return new ChatResponse(
        required(o, "text").asText(),
        toolUses,
        message,
        stop == null || stop.isNull() ? null : StopReason.fromValue(stop.asText()),
        new TokenUsage(
            usage.get(0).asInt(), usage.get(1).asInt(), usage.get(2).asInt(), usage.get(3).asInt()),
        Duration.ofNanos(o.path("latencyNanos").asLong()),
        text(o, "modelId"),
        text(o, "region"),
        List.of(),
        false,
        false,
        cost == null || cost.isNull() ? Optional.empty() : Optional.of(new BigDecimal(cost.asText())),
        o.path("droppedTurns").asInt(),
        text(o, "requestId"));
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
      byte[] buf = new byte[Math.min(8192, data.length + 64)];
      while (!deflater.finished()) {
        int n = deflater.deflate(buf);
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static byte[] inflate(byte[] data, int offset, int length) throws Unreadable {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data, offset, length);
      ByteArrayOutputStream out = new ByteArrayOutputStream(length * 3);
      byte[] buf = new byte[8192];
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          throw new Unreadable("compressed payload is truncated");
        }
        out.write(buf, 0, n);
        if (out.size() > MAX_INFLATED) {
          throw new Unreadable("compressed payload inflates beyond " + MAX_INFLATED + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new Unreadable("compressed payload is corrupt: " + e.getMessage());
    } finally {
      inflater.end();
    }
  }
}
