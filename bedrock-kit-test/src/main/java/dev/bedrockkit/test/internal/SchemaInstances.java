package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.UUID;

/**
 * Generates a deterministic JSON instance of a JSON Schema, as the tool input of a forced tool
 * call. Objects get every declared property (required ones first-class, the rest too), strings
 * come from the prompt, enums take their first value, arrays get {@code max(1, minItems)} items,
 * numbers honour {@code minimum}/{@code maximum}, and local {@code $ref}s ({@code #/$defs/...},
 * {@code #/definitions/...}) are followed. Stateless and thread-safe.
 */
public final class SchemaInstances {
  private static final int MAX_DEPTH = 10;
  private static final int DEFAULT_STRING_LENGTH = 64;
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SchemaInstances() {}

  /**
   * Generates an instance.
   *
   * @param schema the schema, e.g. a tool's {@code inputSchema.json}
   * @param prompt the text strings are derived from
   * @return the instance
   */
  public static JsonNode generate(JsonNode schema, String prompt) {
    String text = prompt == null ? "" : prompt.strip().replaceAll("\\s+", " ");
    return generate(schema, schema, text, "value", 0);
  }

  private static JsonNode generate(JsonNode schema, JsonNode root, String text, String name, int depth) {
    if (schema == null || schema.isMissingNode() || depth > MAX_DEPTH) {
      return F.nullNode();
    }
    if (schema.isBoolean()) {
      return schema.booleanValue() ? F.textNode(text(text, name, null)) : F.nullNode();
    }
    JsonNode ref = schema.get("$ref");
    if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
      JsonNode target = root.at(ref.asText().substring(1));
      return generate(target, root, text, name, depth + 1);
    }
    if (schema.has("const")) {
      return schema.get("const").deepCopy();
    }
    JsonNode enumValues = schema.get("enum");
    if (enumValues != null && enumValues.isArray() && enumValues.size() > 0) {
      return enumValues.get(0).deepCopy();
    }
    JsonNode allOf = schema.get("allOf");
    if (allOf != null && allOf.isArray()) {
      ObjectNode merged = F.objectNode();
      for (JsonNode part : allOf) {
        JsonNode value = generate(part, root, text, name, depth + 1);
        if (value.isObject()) {
          merged.setAll((ObjectNode) value);
        } else if (allOf.size() == 1) {
          return value;
        }
      }
      return merged;
    }
    for (String key : new String[] {"anyOf", "oneOf"}) {
      JsonNode options = schema.get(key);
      if (options != null && options.isArray() && options.size() > 0) {
        for (JsonNode option : options) {
          if (!"null".equals(option.path("type").asText())) {
            return generate(option, root, text, name, depth + 1);
          }
        }
        return F.nullNode();
      }
    }
    switch (typeOf(schema)) {
      case "object":
        return object(schema, root, text, depth);
      case "array":
        return array(schema, root, text, name, depth);
      case "integer":
        return F.numberNode((long) number(schema, 1));
      case "number":
        return F.numberNode(number(schema, 1.5));
      case "boolean":
        return F.booleanNode(true);
      case "null":
        return F.nullNode();
      default:
        return F.textNode(text(text, name, schema));
    }
  }

  private static String typeOf(JsonNode schema) {
    JsonNode type = schema.get("type");
    if (type != null && type.isTextual()) {
      return type.asText();
    }
    if (type != null && type.isArray()) {
      for (JsonNode t : type) {
        if (!"null".equals(t.asText())) {
          return t.asText();
        }
      }
      return "null";
    }
    if (schema.has("properties") || schema.has("required")) {
      return "object";
    }
    if (schema.has("items") || schema.has("prefixItems")) {
      return "array";
    }
    return "string";
  }

  private static ObjectNode object(JsonNode schema, JsonNode root, String text, int depth) {
    ObjectNode out = F.objectNode();
    JsonNode properties = schema.path("properties");
    Iterator<Map.Entry<String, JsonNode>> it = properties.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> p = it.next();
      out.set(p.getKey(), generate(p.getValue(), root, text, p.getKey(), depth + 1));
    }
    for (JsonNode required : schema.path("required")) {
      if (!out.has(required.asText())) {
        out.put(required.asText(), text(text, required.asText(), null));
      }
    }
    return out;
  }

  private static ArrayNode array(JsonNode schema, JsonNode root, String text, String name, int depth) {
    ArrayNode out = F.arrayNode();
    JsonNode prefix = schema.get("prefixItems");
    if (prefix != null && prefix.isArray()) {
      for (JsonNode item : prefix) {
        out.add(generate(item, root, text, name, depth + 1));
      }
      return out;
    }
    int n = Math.max(1, schema.path("minItems").asInt(1));
    JsonNode items = schema.path("items");
    for (int i = 0; i < n; i++) {
      out.add(generate(items.isMissingNode() ? F.objectNode().put("type", "string") : items,
          root, text, name, depth + 1));
    }
    return out;
  }

  private static double number(JsonNode schema, double fallback) {
    double value = fallback;
    if (schema.has("minimum")) {
      value = schema.get("minimum").asDouble();
    } else if (schema.has("exclusiveMinimum") && schema.get("exclusiveMinimum").isNumber()) {
      value = schema.get("exclusiveMinimum").asDouble() + 1;
    }
    if (schema.has("maximum") && value > schema.get("maximum").asDouble()) {
      value = schema.get("maximum").asDouble();
    }
    if (schema.has("exclusiveMaximum")
        && schema.get("exclusiveMaximum").isNumber()
        && value >= schema.get("exclusiveMaximum").asDouble()) {
      value = schema.get("exclusiveMaximum").asDouble() - 1;
    }
    return value;
  }

  private static String text(String prompt, String name, JsonNode schema) {
    String format = schema == null ? "" : schema.path("format").asText("");
    switch (format) {
      case "date":
        return "2024-01-01";
      case "date-time":
        return "2024-01-01T00:00:00Z";
      case "time":
        return "00:00:00";
      case "email":
        return "user@example.com";
      case "uri":
      case "url":
        return "https://example.com/";
      case "uuid":
        return UUID.nameUUIDFromBytes((name + prompt).getBytes(StandardCharsets.UTF_8)).toString();
      default:
        break;
    }
    String value = prompt.isEmpty() ? name : prompt;
    int max = DEFAULT_STRING_LENGTH;
    int min = 0;
    if (schema != null) {
      max = schema.path("maxLength").asInt(DEFAULT_STRING_LENGTH);
      min = schema.path("minLength").asInt(0);
    }
    if (value.length() > max) {
      value = value.substring(0, max);
    }
    StringBuilder sb = new StringBuilder(value);
    while (sb.length() < min) {
      sb.append('x');
    }
    return sb.toString();
  }
}
