package dev.bedrockkit.internal.structured;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.internal.json.Json;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The part of JSON Schema that bedrock-kit derives from records: what the model is told (via {@link
 * #toJson()}) and, node for node, what {@link SchemaValidator} checks.
 *
 * <p>All implementations are immutable records; safe to share between threads.
 */
public sealed interface Schema {

  /** This schema as JSON Schema. */
  ObjectNode toJson();

  /** The JSON type the model must produce, for error messages ({@code "string"}). */
  String jsonType();

  /** A string, optionally with a format or an exact length (for {@code char}). */
  record StringSchema(Format format, Integer minLength, Integer maxLength) implements Schema {
    static final StringSchema PLAIN = new StringSchema(null, null, null);

    @Override
    public ObjectNode toJson() {
      ObjectNode node = type("string");
      if (format != null) {
        node.put("format", format.jsonName);
      }
      if (minLength != null) {
        node.put("minLength", minLength);
      }
      if (maxLength != null) {
        node.put("maxLength", maxLength);
      }
      return node;
    }

    @Override
    public String jsonType() {
      return "string";
    }
  }

  /** A string that must be one of the given constants (a Java enum). */
  record EnumSchema(List<String> values) implements Schema {
    public EnumSchema {
      values = List.copyOf(values);
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = type("string");
      ArrayNode array = node.putArray("enum");
      values.forEach(array::add);
      return node;
    }

    @Override
    public String jsonType() {
      return "string";
    }
  }

  /**
   * An integer. {@code min} and {@code max} are the range of the Java type it binds to ({@code
   * null} for {@code BigInteger}); they are checked but not sent to the model.
   */
  record IntegerSchema(BigInteger min, BigInteger max) implements Schema {
    @Override
    public ObjectNode toJson() {
      return type("integer");
    }

    @Override
    public String jsonType() {
      return "integer";
    }
  }

  /** Any JSON number. */
  record NumberSchema() implements Schema {
    @Override
    public ObjectNode toJson() {
      return type("number");
    }

    @Override
    public String jsonType() {
      return "number";
    }
  }

  /** {@code true} or {@code false}. */
  record BooleanSchema() implements Schema {
    @Override
    public ObjectNode toJson() {
      return type("boolean");
    }

    @Override
    public String jsonType() {
      return "boolean";
    }
  }

  /** An array whose items all match {@code items}; unique for Java {@code Set}s. */
  record ArraySchema(Schema items, boolean uniqueItems) implements Schema {
    @Override
    public ObjectNode toJson() {
      ObjectNode node = type("array");
      node.set("items", items.toJson());
      if (uniqueItems) {
        node.put("uniqueItems", true);
      }
      return node;
    }

    @Override
    public String jsonType() {
      return "array";
    }
  }

  /**
   * An object derived from a record: known properties only ({@code additionalProperties: false}).
   */
  record ObjectSchema(String typeName, String description, List<Property> properties)
      implements Schema {
    public ObjectSchema {
      properties = List.copyOf(properties);
    }

    /** The property named {@code name}, or {@code null}. */
    public Property property(String name) {
      for (Property property : properties) {
        if (property.name().equals(name)) {
          return property;
        }
      }
      return null;
    }

    /** Property names in declaration order. */
    public List<String> propertyNames() {
      return properties.stream().map(Property::name).toList();
    }

    @Override
    public ObjectNode toJson() {
      ObjectNode node = type("object");
      if (description != null) {
        node.put("description", description);
      }
      ObjectNode props = node.putObject("properties");
      ArrayNode required = Json.NODES.arrayNode();
      for (Property property : properties) {
        props.set(property.name(), property.toJson());
        if (property.required()) {
          required.add(property.name());
        }
      }
      if (!required.isEmpty()) {
        node.set("required", required);
      }
      node.put("additionalProperties", false);
      return node;
    }

    @Override
    public String jsonType() {
      return "object";
    }
  }

  /** An object with any keys whose values all match {@code values} (a Java {@code Map}). */
  record MapSchema(Schema values) implements Schema {
    @Override
    public ObjectNode toJson() {
      ObjectNode node = type("object");
      node.set("additionalProperties", values.toJson());
      return node;
    }

    @Override
    public String jsonType() {
      return "object";
    }
  }

  /** A reference to a recursive record: {@code "#"} (the root) or {@code "#/$defs/Name"}. */
  record RefSchema(String ref) implements Schema {
    @Override
    public ObjectNode toJson() {
      ObjectNode node = Json.NODES.objectNode();
      node.put("$ref", ref);
      return node;
    }

    @Override
    public String jsonType() {
      return "object";
    }
  }

  /**
   * One property of an {@link ObjectSchema}.
   *
   * @param name the JSON name (the component name, or its {@code @JsonProperty})
   * @param schema what the value must look like
   * @param required whether it must be present; optional properties also accept {@code null}
   * @param description from {@code @Description}, or {@code null}
   */
  record Property(String name, Schema schema, boolean required, String description) {
    ObjectNode toJson() {
      ObjectNode own = schema.toJson();
      if (description == null) {
        return own;
      }
      // "description" right after "type" (or "$ref"), where a reader looks for it.
      ObjectNode node = Json.NODES.objectNode();
      var fields = own.properties().iterator();
      var first = fields.next();
      node.set(first.getKey(), first.getValue());
      node.put("description", description);
      while (fields.hasNext()) {
        var field = fields.next();
        if (!field.getKey().equals("description")) {
          node.set(field.getKey(), field.getValue());
        }
      }
      return node;
    }
  }

  /** String formats bedrock-kit emits, each with the check the validator applies. */
  enum Format {
    DATE("date", "a date (yyyy-MM-dd)"),
    DATE_TIME("date-time", "a date-time with offset (e.g. 2024-05-01T10:15:30Z)"),
    UUID("uuid", "a UUID");

    final String jsonName;
    final String expected;

    Format(String jsonName, String expected) {
      this.jsonName = jsonName;
      this.expected = expected;
    }

    boolean accepts(String value) {
      try {
        switch (this) {
          case DATE:
            LocalDate.parse(value);
            return true;
          case DATE_TIME:
            OffsetDateTime.parse(value);
            return true;
          case UUID:
            return value.length() == 36 && java.util.UUID.fromString(value) != null;
          default:
            return false;
        }
      } catch (DateTimeParseException | IllegalArgumentException e) {
        return false;
      }
    }
  }

  private static ObjectNode type(String type) {
    ObjectNode node = Json.NODES.objectNode();
    node.put("type", type);
    return node;
  }
}
