package dev.bedrockkit.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import dev.bedrockkit.internal.Checks;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/**
 * Converts between the AWS SDK's {@link Document} (tool schemas, tool-use input) and Jackson's
 * {@link JsonNode}, both ways, without losing anything: numbers keep their exact decimal text,
 * nulls stay nulls, key order is kept, lists and maps nest to any depth.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Documents {
  private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
  private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private Documents() {}

  /**
   * The JSON tree of {@code document}. Integers become int, long or big-integer nodes by size;
   * other numbers become exact decimal nodes ({@code 1.10} stays {@code 1.10}). A {@code null}
   * document becomes a JSON null.
   */
  public static JsonNode toJsonNode(Document document) {
    if (document == null || document.isNull()) {
      return Json.NODES.nullNode();
    }
    if (document.isString()) {
      return Json.NODES.textNode(document.asString());
    }
    if (document.isBoolean()) {
      return Json.NODES.booleanNode(document.asBoolean());
    }
    if (document.isNumber()) {
      return numberNode(document.asNumber());
    }
    if (document.isList()) {
      ArrayNode array = Json.NODES.arrayNode();
      for (Document item : document.asList()) {
        array.add(toJsonNode(item));
      }
      return array;
    }
    if (document.isMap()) {
      ObjectNode object = Json.NODES.objectNode();
      for (Map.Entry<String, Document> entry : document.asMap().entrySet()) {
        object.set(entry.getKey(), toJsonNode(entry.getValue()));
      }
      return object;
    }
    throw new IllegalArgumentException("unsupported document kind: " + document);
  }

  /**
   * The SDK document of {@code node}. Exact decimals and big integers keep every digit; binary
   * nodes become base64 strings (as Jackson writes them); a {@code null} or missing node becomes
   * {@link Document#fromNull()}.
   */
  public static Document fromJsonNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Document.fromNull();
    }
    JsonNodeType type = node.getNodeType();
    switch (type) {
      case STRING:
        return Document.fromString(node.textValue());
      case BOOLEAN:
        return Document.fromBoolean(node.booleanValue());
      case NUMBER:
        return Document.fromNumber(sdkNumber(node));
      case ARRAY:
        List<Document> items = new ArrayList<>(node.size());
        for (JsonNode item : node) {
          items.add(fromJsonNode(item));
        }
        return Document.fromList(items);
      case OBJECT:
        Map<String, Document> members = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
          members.put(field.getKey(), fromJsonNode(field.getValue()));
        }
        return Document.fromMap(members);
      case BINARY:
        try {
          return Document.fromString(Base64.getEncoder().encodeToString(node.binaryValue()));
        } catch (IOException e) {
          throw new IllegalArgumentException("unreadable binary node", e);
        }
      case POJO:
        return fromJsonNode(Json.MAPPER.valueToTree(((POJONode) node).getPojo()));
      default:
        throw new IllegalArgumentException("unsupported JSON node type: " + type);
    }
  }

  /** Compact JSON text of {@code document}, keys in document order. */
  public static String toJson(Document document) {
    return Json.write(toJsonNode(document));
  }

  /**
   * Parses JSON text into a document.
   *
   * @throws IllegalArgumentException when {@code json} is not one valid JSON value
   */
  public static Document fromJson(String json) {
    Checks.notNull(json, "json");
    try {
      return fromJsonNode(Json.read(json));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode numberNode(SdkNumber number) {
    String text = number.stringValue();
    if (isIntegerLiteral(text)) {
      BigInteger value = new BigInteger(text);
      if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
        return Json.NODES.numberNode(value.intValue());
      }
      if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
        return Json.NODES.numberNode(value.longValue());
      }
      return Json.NODES.numberNode(value);
    }
    try {
      return Json.NODES.numberNode(new BigDecimal(text));
    } catch (NumberFormatException notDecimal) {
      // NaN and the infinities: only a double can hold them.
      return Json.NODES.numberNode(number.doubleValue());
    }
  }

  private static boolean isIntegerLiteral(String text) {
    int start = text.startsWith("-") ? 1 : 0;
    if (start == text.length()) {
      return false;
    }
    for (int i = start; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static SdkNumber sdkNumber(JsonNode node) {
    switch (node.numberType()) {
      case INT:
        return SdkNumber.fromInteger(node.intValue());
      case LONG:
        return SdkNumber.fromLong(node.longValue());
      case BIG_INTEGER:
        return SdkNumber.fromBigInteger(node.bigIntegerValue());
      case BIG_DECIMAL:
        return SdkNumber.fromBigDecimal(node.decimalValue());
      case FLOAT:
        return SdkNumber.fromFloat(node.floatValue());
      case DOUBLE:
      default:
        return SdkNumber.fromDouble(node.doubleValue());
    }
  }
}
