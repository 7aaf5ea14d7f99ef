package dev.bedrockkit.cache.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.protocol.MarshallingKnownType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * Internal: SDK model objects (messages, content blocks, tool uses) to a JSON tree and back,
 * member by member through {@link SdkPojo#sdkFields()}, so that every block kind the SDK knows
 * (text, tool use, reasoning, citations, images...) survives a trip through Redis.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class SdkJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private SdkJson() {}

  /** An SDK model object as a JSON object; unset members are left out. */
  public static ObjectNode toJson(SdkPojo pojo) {
    ObjectNode out = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value == null
          || value instanceof SdkAutoConstructList<?>
          || value instanceof SdkAutoConstructMap<?, ?>) {
        continue;
      }
      out.set(field.memberName(), valueToJson(value));
    }
    return out;
  }

  /**
   * Reads an SDK model object written by {@link #toJson}. {@code builder} makes an empty builder
   * of the type, e.g. {@code Message::builder}.
   *
   * @throws IllegalArgumentException when the JSON does not fit the type
   */
  @SuppressWarnings("unchecked")
  public static <T> T fromJson(JsonNode json, Supplier<? extends SdkPojo> builder) {
    if (!json.isObject()) {
      throw new IllegalArgumentException("expected an object but found " + json.getNodeType());
    }
    SdkPojo b = builder.get();
    for (SdkField<?> field : b.sdkFields()) {
      JsonNode value = json.get(field.memberName());
      if (value == null || value.isNull()) {
        continue;
      }
      field.set(b, jsonToValue(value, field));
    }
    return (T) ((SdkBuilder<?, ?>) b).build();
  }

  private static JsonNode valueToJson(Object value) {
    if (value instanceof String s) {
      return NODES.textNode(s);
    }
    if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (value instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (value instanceof Float f) {
      return NODES.numberNode(f);
    }
    if (value instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (value instanceof BigDecimal bd) {
      return NODES.numberNode(bd);
    }
    if (value instanceof Short s) {
      return NODES.numberNode(s);
    }
    if (value instanceof Byte b) {
      return NODES.numberNode(b);
    }
    if (value instanceof Instant instant) {
      return NODES.textNode(instant.toString());
    }
    if (value instanceof SdkBytes bytes) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArrayUnsafe()));
    }
    if (value instanceof SdkPojo pojo) {
      return toJson(pojo);
    }
    if (value instanceof Document doc) {
      return documentToJson(doc);
    }
    if (value instanceof List<?> list) {
      ArrayNode array = NODES.arrayNode();
      for (Object o : list) {
        array.add(o == null ? NODES.nullNode() : valueToJson(o));
      }
      return array;
    }
    if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach(
          (k, v) -> object.set(String.valueOf(k), v == null ? NODES.nullNode() : valueToJson(v)));
      return object;
    }
    throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON");
  }

  private static Object jsonToValue(JsonNode json, SdkField<?> field) {
    MarshallingKnownType type = field.marshallingType().getKnownType();
    if (type == null) {
      throw new IllegalArgumentException("member " + field.memberName() + " has an unknown type");
    }
    switch (type) {
      case STRING:
        return json.asText();
      case INTEGER:
        return json.intValue();
      case LONG:
        return json.longValue();
      case FLOAT:
        return json.floatValue();
      case DOUBLE:
        return json.doubleValue();
      case BIG_DECIMAL:
        return json.decimalValue();
      case BOOLEAN:
        return json.booleanValue();
      case SHORT:
        return json.shortValue();
      case BYTE:
        return (byte) json.intValue();
      case INSTANT:
        return Instant.parse(json.asText());
      case SDK_BYTES:
        return SdkBytes.fromByteArrayUnsafe(Base64.getDecoder().decode(json.asText()));
      case SDK_POJO:
        return fromJson(json, field.constructor());
      case DOCUMENT:
        return jsonToDocument(json);
      case LIST:
        {
          SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
          List<Object> list = new ArrayList<>(json.size());
          for (JsonNode item : json) {
            list.add(item.isNull() ? null : jsonToValue(item, member));
          }
          return list;
        }
      case MAP:
        {
          SdkField<?> member = field.getRequiredTrait(MapTrait.class).valueFieldInfo();
          Map<String, Object> map = new LinkedHashMap<>();
          json.properties()
              .forEach(
                  e ->
                      map.put(
                          e.getKey(),
                          e.getValue().isNull() ? null : jsonToValue(e.getValue(), member)));
          return map;
        }
      default:
        throw new IllegalArgumentException(
            "member " + field.memberName() + " has unsupported type " + type);
    }
  }

  /** An SDK document as a JSON tree. */
  public static JsonNode documentToJson(Document doc) {
    if (doc == null || doc.isNull()) {
      return NODES.nullNode();
    }
    if (doc.isString()) {
      return NODES.textNode(doc.asString());
    }
    if (doc.isBoolean()) {
      return NODES.booleanNode(doc.asBoolean());
    }
    if (doc.isNumber()) {
      return NODES.numberNode(new BigDecimal(doc.asNumber().stringValue()));
    }
    if (doc.isList()) {
      ArrayNode array = NODES.arrayNode();
      doc.asList().forEach(d -> array.add(documentToJson(d)));
      return array;
    }
    ObjectNode object = NODES.objectNode();
    doc.asMap().forEach((k, v) -> object.set(k, documentToJson(v)));
    return object;
  }

  /** A JSON tree as an SDK document. */
  public static Document jsonToDocument(JsonNode json) {
    if (json == null || json.isNull() || json.isMissingNode()) {
      return Document.fromNull();
    }
    if (json.isTextual()) {
      return Document.fromString(json.asText());
    }
    if (json.isBoolean()) {
      return Document.fromBoolean(json.booleanValue());
    }
    if (json.isNumber()) {
      return Document.fromNumber(SdkNumber.fromBigDecimal(json.decimalValue()));
    }
    if (json.isArray()) {
      List<Document> list = new ArrayList<>(json.size());
      json.forEach(j -> list.add(jsonToDocument(j)));
      return Document.fromList(list);
    }
    Map<String, Document> map = new LinkedHashMap<>();
    json.properties().forEach(e -> map.put(e.getKey(), jsonToDocument(e.getValue())));
    return Document.fromMap(map);
  }
}
