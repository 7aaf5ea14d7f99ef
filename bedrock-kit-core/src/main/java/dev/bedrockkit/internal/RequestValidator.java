package dev.bedrockkit.internal;

import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.InvalidRequestException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.DocumentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ImageBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;

/**
 * Internal: checks a {@link ChatRequest} against the limits Bedrock's Converse API enforces, so
 * a bad request fails before the network with the offending field named.
 *
 * <p>Limits: Converse API reference (Message, ImageBlock: 3.75 MB and 8000 px, 20 images;
 * DocumentBlock: 4.5 MB, 5 documents; ToolSpecification name pattern
 * {@code [a-zA-Z0-9_-]{1,64}}), and JSON documents at most {@value #MAX_DOCUMENT_DEPTH} levels
 * deep.
 */
public final class RequestValidator {
  static final int MAX_IMAGE_BYTES = 3_750_000;
  static final int MAX_IMAGES = 20;
  static final int MAX_DOCUMENT_BYTES = 4_500_000;
  static final int MAX_DOCUMENTS = 5;
  /** No model accepts more text than this; larger input is a caller bug, not a prompt. */
  static final long MAX_TEXT_CHARS = 10_000_000L;
  /**
   * Deepest JSON document accepted (model fields, tool schemas, tool inputs and results). The
   * SDK marshals documents recursively: a few hundred levels overflow a small thread stack.
   */
  static final int MAX_DOCUMENT_DEPTH = 100;

  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private RequestValidator() {}

  /** Throws {@link InvalidRequestException} naming the first invalid field. */
  public static void validate(ChatRequest r) {
    if (r.chain() != null && r.modelId() != null) {
      throw invalid("modelId", "set either chain(...) or model(...), not both");
    }
    validateSystem(r.system());
    validateMessages(r.messages());
    if (r.maxTokens() != null && r.maxTokens() <= 0) {
      throw invalid("inferenceConfig.maxTokens", "must be > 0 but was " + r.maxTokens());
    }
    checkUnit(r.temperature(), "inferenceConfig.temperature");
    checkUnit(r.topP(), "inferenceConfig.topP");
    for (int i = 0; i < r.stopSequences().size(); i++) {
      if (r.stopSequences().get(i).isEmpty()) {
        throw invalid("inferenceConfig.stopSequences[" + i + "]", "must not be empty");
      }
    }
    if (r.toolConfig() != null) {
      validateTools(r.toolConfig().tools());
    }
    checkDepth(r.additionalModelRequestFields(), "additionalModelRequestFields");
  }

  private static void checkDepth(Document document, String field) {
    if (document != null && tooDeep(document)) {
      throw invalid(
          field,
          "nests more than " + MAX_DOCUMENT_DEPTH + " levels deep; Bedrock's request fields are"
              + " shallow JSON: flatten it");
    }
  }

  /** Whether a document nests deeper than the limit; iterative, so it cannot overflow itself. */
  private static boolean tooDeep(Document root) {
    ArrayDeque<Document> docs = new ArrayDeque<>();
    ArrayDeque<Integer> depths = new ArrayDeque<>();
    docs.push(root);
    depths.push(1);
    while (!docs.isEmpty()) {
      Document d = docs.pop();
      int depth = depths.pop();
      if (depth > MAX_DOCUMENT_DEPTH) {
        return true;
      }
      java.util.Collection<Document> children =
          d.isMap() ? d.asMap().values() : d.isList() ? d.asList() : List.of();
      for (Document child : children) {
        if (child != null) {
          docs.push(child);
          depths.push(depth + 1);
        }
      }
    }
    return false;
  }

  private static void validateSystem(List<SystemContentBlock> system) {
    for (int i = 0; i < system.size(); i++) {
      SystemContentBlock b = system.get(i);
      if (b.text() != null && b.text().isBlank()) {
        throw invalid("system[" + i + "].text", "must not be blank");
      }
    }
  }

  private static void validateMessages(List<Message> messages) {
    if (messages.isEmpty()) {
      throw invalid(
          "messages", "must contain at least one message; add one with ChatRequest.builder().user(...)");
    }
    int images = 0;
    int documents = 0;
    long chars = 0;
    for (int i = 0; i < messages.size(); i++) {
      Message m = messages.get(i);
      String path = "messages[" + i + "]";
      ConversationRole role = m.role();
      if (role != ConversationRole.USER && role != ConversationRole.ASSISTANT) {
        throw invalid(path + ".role", "must be user or assistant but was " + m.roleAsString());
      }
      if (i == 0 && role != ConversationRole.USER) {
        throw invalid(path + ".role", "the first message must come from the user but was assistant");
      }
      if (i > 0 && role == messages.get(i - 1).role()) {
        throw invalid(
            path + ".role",
            "roles must alternate between user and assistant but messages[" + (i - 1) + "] and "
                + path + " are both " + m.roleAsString());
      }
      if (!m.hasContent() || m.content().isEmpty()) {
        throw invalid(path + ".content", "must contain at least one content block");
      }
      for (int j = 0; j < m.content().size(); j++) {
        ContentBlock b = m.content().get(j);
        String bpath = path + ".content[" + j + "]";
        if (b.text() != null) {
          if (b.text().isBlank()) {
            throw invalid(bpath + ".text", "must not be blank");
          }
          chars += b.text().length();
        }
        if (b.image() != null) {
          images++;
          checkImage(b.image(), bpath + ".image");
        }
        if (b.document() != null) {
          documents++;
          checkDocument(b.document(), bpath + ".document");
        }
        if (b.toolUse() != null) {
          checkDepth(b.toolUse().input(), bpath + ".toolUse.input");
        }
        if (b.toolResult() != null && b.toolResult().hasContent()) {
          for (int k = 0; k < b.toolResult().content().size(); k++) {
            checkDepth(
                b.toolResult().content().get(k).json(), bpath + ".toolResult.content[" + k + "].json");
          }
        }
      }
    }
    if (images > MAX_IMAGES) {
      throw invalid("messages", "at most " + MAX_IMAGES + " images per request but found " + images);
    }
    if (documents > MAX_DOCUMENTS) {
      throw invalid(
          "messages", "at most " + MAX_DOCUMENTS + " documents per request but found " + documents);
    }
    if (chars > MAX_TEXT_CHARS) {
      throw invalid(
          "messages",
          "text totals " + chars + " characters, more than any model accepts (" + MAX_TEXT_CHARS
              + "); split the input or summarise it first");
    }
  }

  private static void checkImage(ImageBlock image, String path) {
    if (image.format() == null) {
      throw invalid(path + ".format", "must be one of png, jpeg, gif, webp");
    }
    if (image.source() == null || image.source().bytes() == null) {
      return; // S3 sources are checked by Bedrock
    }
    int size = image.source().bytes().asByteArrayUnsafe().length;
    if (size == 0) {
      throw invalid(path + ".source.bytes", "must not be empty");
    }
    if (size > MAX_IMAGE_BYTES) {
      throw invalid(
          path + ".source.bytes",
          "image is " + size + " bytes but Bedrock accepts at most " + MAX_IMAGE_BYTES
              + "; resize or recompress it");
    }
  }

  private static void checkDocument(DocumentBlock doc, String path) {
    if (doc.name() == null || doc.name().isBlank()) {
      throw invalid(path + ".name", "must not be blank");
    }
    if (doc.source() == null || doc.source().bytes() == null) {
      return;
    }
    int size = doc.source().bytes().asByteArrayUnsafe().length;
    if (size > MAX_DOCUMENT_BYTES) {
      throw invalid(
          path + ".source.bytes",
          "document is " + size + " bytes but Bedrock accepts at most " + MAX_DOCUMENT_BYTES);
    }
  }

  private static void validateTools(List<Tool> tools) {
    if (tools == null || tools.isEmpty()) {
      throw invalid("toolConfig.tools", "must contain at least one tool");
    }
    for (int i = 0; i < tools.size(); i++) {
      Tool t = tools.get(i);
      if (t.toolSpec() != null && (t.toolSpec().name() == null
          || !TOOL_NAME.matcher(t.toolSpec().name()).matches())) {
        throw invalid(
            "toolConfig.tools[" + i + "].toolSpec.name",
            "must match [a-zA-Z0-9_-]{1,64} but was '" + t.toolSpec().name() + "'");
      }
      if (t.toolSpec() != null && t.toolSpec().inputSchema() != null) {
        checkDepth(
            t.toolSpec().inputSchema().json(), "toolConfig.tools[" + i + "].toolSpec.inputSchema.json");
      }
    }
  }

  private static void checkUnit(Float value, String field) {
    if (value != null && !(value >= 0f && value <= 1f)) {
      throw invalid(field, "must be between 0 and 1 but was " + value);
    }
  }

  private static InvalidRequestException invalid(String field, String problem) {
    return new InvalidRequestException(field, field + " " + problem);
  }
}
