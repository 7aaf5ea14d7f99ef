package dev.bedrockkit.internal.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockkit.internal.json.Json;
import dev.bedrockkit.internal.structured.Schema.ArraySchema;
import dev.bedrockkit.internal.structured.Schema.BooleanSchema;
import dev.bedrockkit.internal.structured.Schema.EnumSchema;
import dev.bedrockkit.internal.structured.Schema.IntegerSchema;
import dev.bedrockkit.internal.structured.Schema.MapSchema;
import dev.bedrockkit.internal.structured.Schema.NumberSchema;
import dev.bedrockkit.internal.structured.Schema.ObjectSchema;
import dev.bedrockkit.internal.structured.Schema.Property;
import dev.bedrockkit.internal.structured.Schema.RefSchema;
import dev.bedrockkit.internal.structured.Schema.StringSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against a {@link RecordSchema} and reports <em>every</em> problem, each as
 * {@code "<json path>: <what was expected> but was <what was found>"}, e.g. {@code $.tags[1]:
 * expected string but was 42}. Optional properties accept {@code null} (it binds to {@code
 * Optional.empty()} or {@code null}).
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class SchemaValidator {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
  private static final int MAX_SHOWN = 60;

  private SchemaValidator() {}

  /**
   * All problems of {@code value} against {@code schema}, empty if valid: for each object, its
   * properties in schema order, then properties the schema does not allow.
   */
  public static List<String> validate(RecordSchema schema, JsonNode value) {
    List<String> errors = new ArrayList<>();
    check(schema, schema.root(), value, "$", errors);
    return List.copyOf(errors);
  }

  private static void check(
      RecordSchema root, Schema schema, JsonNode value, String path, List<String> errors) {
    if (schema instanceof RefSchema ref) {
      check(root, root.resolve(ref.ref()), value, path, errors);
    } else if (schema instanceof ObjectSchema object) {
      checkObject(root, object, value, path, errors);
    } else if (schema instanceof MapSchema map) {
      if (!value.isObject()) {
        errors.add(typeError(path, "object", value));
        return;
      }
      for (Map.Entry<String, JsonNode> entry : value.properties()) {
        check(root, map.values(), entry.getValue(), child(path, entry.getKey()), errors);
      }
    } else if (schema instanceof ArraySchema array) {
      checkArray(root, array, value, path, errors);
    } else if (schema instanceof StringSchema string) {
      checkString(string, value, path, errors);
    } else if (schema instanceof EnumSchema enumSchema) {
      if (!value.isTextual() || !enumSchema.values().contains(value.textValue())) {
        errors.add(path + ": expected one of " + enumSchema.values() + " but was " + show(value));
      }
    } else if (schema instanceof IntegerSchema integer) {
      checkInteger(integer, value, path, errors);
    } else if (schema instanceof NumberSchema) {
      if (!value.isNumber()) {
        errors.add(typeError(path, "number", value));
      }
    } else if (schema instanceof BooleanSchema) {
      if (!value.isBoolean()) {
        errors.add(typeError(path, "boolean", value));
      }
    } else {
      throw new IllegalStateException("unknown schema " + schema);
    }
  }

  private static void checkObject(
      RecordSchema root, ObjectSchema object, JsonNode value, String path, List<String> errors) {
    if (!value.isObject()) {
      errors.add(typeError(path, "object", value));
      return;
    }
    for (Property property : object.properties()) {
      JsonNode member = value.get(property.name());
      if (member == null) {
        if (property.required()) {
          errors.add(path + ": missing required property '" + property.name() + "'");
        }
      } else if (!(member.isNull() && !property.required())) {
        check(root, property.schema(), member, child(path, property.name()), errors);
      }
    }
    for (Map.Entry<String, JsonNode> member : value.properties()) {
      String name = member.getKey();
      if (object.property(name) == null) {
        errors.add(
            path + ": unexpected property '" + name + "'; allowed: " + object.propertyNames());
      }
    }
  }

  private static void checkArray(
      RecordSchema root, ArraySchema array, JsonNode value, String path, List<String> errors) {
    if (!value.isArray()) {
      errors.add(typeError(path, "array", value));
      return;
    }
    for (int i = 0; i < value.size(); i++) {
      check(root, array.items(), value.get(i), path + "[" + i + "]", errors);
      if (array.uniqueItems()) {
        for (int j = 0; j < i; j++) {
          if (value.get(j).equals(value.get(i))) {
            errors.add(path + "[" + i + "]: duplicate of " + path + "[" + j + "]");
            break;
          }
        }
      }
    }
  }

  private static void checkString(
      StringSchema string, JsonNode value, String path, List<String> errors) {
    if (!value.isTextual()) {
      errors.add(typeError(path, "string", value));
      return;
    }
    String text = value.textValue();
    if (string.minLength() != null && string.minLength().equals(string.maxLength())) {
      if (text.codePointCount(0, text.length()) != string.minLength()) {
        errors.add(
            path
                + ": expected a string of exactly "
                + string.minLength()
                + " character"
                + (string.minLength() == 1 ? "" : "s")
                + " but was "
                + show(value));
      }
    }
    if (string.format() != null && !string.format().accepts(text)) {
      errors.add(path + ": expected " + string.format().expected + " but was " + show(value));
    }
  }

  private static void checkInteger(
      IntegerSchema integer, JsonNode value, String path, List<String> errors) {
    if (!value.isNumber() || !isWhole(value)) {
      errors.add(typeError(path, "integer", value));
      return;
    }
    if (integer.min() == null) {
      return;
    }
    BigInteger number = value.decimalValue().toBigIntegerExact();
    if (number.compareTo(integer.min()) < 0 || number.compareTo(integer.max()) > 0) {
      errors.add(
          path
              + ": expected an integer from "
              + integer.min()
              + " to "
              + integer.max()
              + " but was "
              + show(value));
    }
  }

  private static boolean isWhole(JsonNode value) {
    if (value.isIntegralNumber()) {
      return true;
    }
    if (value.isDouble() || value.isFloat()) {
      double d = value.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return false;
      }
    }
    BigDecimal decimal = value.decimalValue();
    return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
  }

  private static String typeError(String path, String expected, JsonNode value) {
    return path + ": expected " + expected + " but was " + show(value);
  }

  static String child(String path, String name) {
    if (IDENTIFIER.matcher(name).matches()) {
      return path + "." + name;
    }
    return path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
  }

  /** The value as compact JSON, cut to {@value #MAX_SHOWN} characters. */
  static String show(JsonNode value) {
    String json = Json.write(value);
    return json.length() <= MAX_SHOWN ? json : json.substring(0, MAX_SHOWN - 3) + "...";
  }
}
