package dev.bedrockkit.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

/** PLACEHOLDER until the templates branch lands (its Documents replaces this). */
public final class Documents {
  private Documents() {}

  public static Document fromJsonNode(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return Document.fromNull();
    }
    if (node.isObject()) {
      Map<String, Document> m = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> m.put(e.getKey(), fromJsonNode(e.getValue())));
      return Document.fromMap(m);
    }
    if (node.isArray()) {
      List<Document> l = new ArrayList<>();
      node.forEach(n -> l.add(fromJsonNode(n)));
      return Document.fromList(l);
    }
    if (node.isBoolean()) {
      return Document.fromBoolean(node.booleanValue());
    }
    if (node.isNumber()) {
      return Document.fromNumber(SdkNumber.fromString(node.asText()));
    }
    return Document.fromString(node.asText());
  }
}
