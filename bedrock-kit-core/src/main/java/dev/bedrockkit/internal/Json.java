package dev.bedrockkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import software.amazon.awssdk.core.document.Document;

/** Internal: the one Jackson mapper of core, and JSON text to SDK {@link Document}. */
public final class Json {
  /** Shared, thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses JSON text into a tree. */
  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + e.getMessage(), e);
    }
  }

  /** Parses JSON text into an SDK document (an unparseable text becomes a string document). */
  public static Document toDocument(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      return Document.fromString(json);
    }
    return Documents.fromJsonNode(node);
  }
}
