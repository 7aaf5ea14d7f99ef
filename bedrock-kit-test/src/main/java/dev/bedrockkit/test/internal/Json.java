package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The emulator's one Jackson mapper and small JSON helpers. Thread-safe. */
public final class Json {
  /** Shared mapper; configured once, never mutated afterwards. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** @return a new empty object node */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** @return a new empty array node */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * Parses bytes, returning {@link MissingNode} when they are empty or not JSON.
   *
   * @param body the bytes
   * @return the tree
   */
  public static JsonNode parseOrMissing(byte[] body) {
    if (body == null || body.length == 0) {
      return MissingNode.getInstance();
    }
    try {
      JsonNode node = MAPPER.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }

  /**
   * Parses text.
   *
   * @param text JSON text
   * @return the tree
   * @throws IOException when it is not JSON
   */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /**
   * Serialises a tree compactly.
   *
   * @param node the tree
   * @return the JSON text
   */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Serialises a tree to UTF-8 bytes.
   *
   * @param node the tree
   * @return the bytes
   */
  public static byte[] bytes(JsonNode node) {
    return write(node).getBytes(StandardCharsets.UTF_8);
  }
}
