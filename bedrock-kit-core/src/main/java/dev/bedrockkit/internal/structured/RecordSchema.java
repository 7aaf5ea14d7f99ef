package dev.bedrockkit.internal.structured;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.internal.structured.Schema.ObjectSchema;
import java.util.Map;

/**
 * The JSON schema of one record type: the root object and the definitions of records that refer to
 * themselves (reached through {@code $ref}).
 *
 * <p>Immutable; safe to share between threads. {@link #toJson()} returns a fresh copy.
 */
public final class RecordSchema {
  static final String ROOT_REF = "#";
  static final String DEFS_PREFIX = "#/$defs/";

  private final Class<?> type;
  private final ObjectSchema root;
  private final Map<String, ObjectSchema> defs;
  private final ObjectNode json;

  RecordSchema(Class<?> type, ObjectSchema root, Map<String, ObjectSchema> defs) {
    this.type = type;
    this.root = root;
    this.defs = Map.copyOf(defs);
    ObjectNode node = root.toJson();
    if (!defs.isEmpty()) {
      ObjectNode defsNode = node.putObject("$defs");
      defs.forEach((name, schema) -> defsNode.set(name, schema.toJson()));
    }
    this.json = node;
  }

  /** The type the schema was derived from. */
  public Class<?> type() {
    return type;
  }

  /** The root object schema. */
  public ObjectSchema root() {
    return root;
  }

  /** The JSON Schema document (a copy; change it freely). */
  public ObjectNode toJson() {
    return json.deepCopy();
  }

  /** The object schema a {@code $ref} points at. */
  ObjectSchema resolve(String ref) {
    if (ROOT_REF.equals(ref)) {
      return root;
    }
    ObjectSchema schema = defs.get(ref.substring(DEFS_PREFIX.length()));
    if (schema == null) {
      throw new IllegalStateException("dangling $ref " + ref);
    }
    return schema;
  }
}
