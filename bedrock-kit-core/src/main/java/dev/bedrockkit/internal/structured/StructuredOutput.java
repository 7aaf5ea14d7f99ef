package dev.bedrockkit.internal.structured;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.StructuredOutputException;
import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.json.Documents;
import dev.bedrockkit.internal.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SpecificToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolChoice;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolResultStatus;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * How a template's answer becomes a Java value: plain text, one record, or a list of records. For
 * records it supplies the Converse tool that the model must call (its input schema derived from the
 * record), reads the answer (tool-use input, or JSON in text as a fallback), validates it, binds it
 * with Jackson, and builds the one repair turn that feeds problems back.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param <O> the output type: {@code String}, a record, or {@code List} of a record
 */
public final class StructuredOutput<O> {
  private static final int MAX_TOOL_NAME = 64;

  private enum Kind {
    TEXT,
    RECORD,
    LIST
  }

  private static final StructuredOutput<String> TEXT =
      new StructuredOutput<>(Kind.TEXT, String.class, null, null, Function.identity());

  private final Kind kind;
  private final Class<?> type;
  private final RecordSchema schema;
  private final JavaType bindType;
  private final String toolName;
  private final ToolConfiguration forced;
  private final ToolConfiguration unforced;
  private final Function<String, O> textValue;

  private StructuredOutput(
      Kind kind,
      Class<?> type,
      RecordSchema schema,
      JavaType bindType,
      Function<String, O> textValue) {
    this.kind = kind;
    this.textValue = textValue;
    this.type = type;
    this.schema = schema;
    this.bindType = bindType;
    if (kind == Kind.TEXT) {
      this.toolName = null;
      this.forced = null;
      this.unforced = null;
    } else {
      this.toolName = toolName(type, kind == Kind.LIST);
      Tool tool =
          Tool.fromToolSpec(
              ToolSpecification.builder()
                  .name(toolName)
                  .description(toolDescription())
                  .inputSchema(ToolInputSchema.fromJson(Documents.fromJsonNode(schema.toJson())))
                  .build());
      this.unforced = ToolConfiguration.builder().tools(tool).build();
      this.forced =
          unforced.toBuilder()
              .toolChoice(ToolChoice.fromTool(SpecificToolChoice.builder().name(toolName).build()))
              .build();
    }
  }

  /** Plain text: no tool, the answer's text is the value. */
  public static StructuredOutput<String> text() {
    return TEXT;
  }

  /**
   * One record of {@code recordType}.
   *
   * @throws IllegalArgumentException when it is not a record or has a component with no JSON
   *     schema; the message names the component
   */
  public static <R> StructuredOutput<R> of(Class<R> recordType) {
    Checks.notNull(recordType, "recordType");
    return new StructuredOutput<>(
        Kind.RECORD,
        recordType,
        SchemaGenerator.forRecord(recordType),
        Json.MAPPER.constructType(recordType),
        null);
  }

  /**
   * A list of {@code recordType}, sent to the model as {@code {"items": [...]}}.
   *
   * @throws IllegalArgumentException as {@link #of(Class)}
   */
  public static <R> StructuredOutput<List<R>> listOf(Class<R> recordType) {
    Checks.notNull(recordType, "recordType");
    return new StructuredOutput<>(
        Kind.LIST,
        recordType,
        SchemaGenerator.forList(recordType),
        Json.MAPPER.getTypeFactory().constructCollectionType(List.class, recordType),
        null);
  }

  /** Whether the answer is plain text (no tool, nothing to validate or repair). */
  public boolean isText() {
    return kind == Kind.TEXT;
  }

  /** {@code String}, the record type, or the list's element type. */
  public Class<?> type() {
    return type;
  }

  /** For messages: {@code "text"}, {@code "Answer"} or {@code "list of Answer"}. */
  public String describe() {
    switch (kind) {
      case TEXT:
        return "text";
      case LIST:
        return "list of " + type.getSimpleName();
      default:
        return type.getSimpleName();
    }
  }

  /** The tool's name, e.g. {@code respond_Answer}; {@code null} for text. */
  public String toolName() {
    return toolName;
  }

  /** The tool's input JSON schema (a copy); {@code null} for text. Part of any cache key. */
  public ObjectNode inputSchema() {
    return schema == null ? null : schema.toJson();
  }

  /**
   * The Converse tool configuration with a tool choice that forces the model to call the tool;
   * empty for text. Send it with the first request and with the repair request.
   */
  public Optional<ToolConfiguration> toolConfiguration() {
    return Optional.ofNullable(forced);
  }

  /**
   * As {@link #toolConfiguration()}; with {@code forceTool == false} there is no tool choice (the
   * model decides), for models that reject {@code toolChoice.tool}. A text answer is then still
   * read as JSON by {@link #parse(List)}.
   */
  public Optional<ToolConfiguration> toolConfiguration(boolean forceTool) {
    return Optional.ofNullable(forceTool ? forced : unforced);
  }

  /** Reads the answer of a Converse call. */
  public ParseResult<O> parse(ConverseResponse response) {
    Checks.notNull(response, "response");
    if (response.output() == null || response.output().message() == null) {
      return ParseResult.invalid(
          List.of("$: expected " + expectation() + " but the response had no message"), "");
    }
    return parse(response.output().message());
  }

  /** Reads an assistant message. */
  public ParseResult<O> parse(Message message) {
    Checks.notNull(message, "message");
    return parse(message.content());
  }

  /**
   * Reads an answer's content blocks: the input of the call to {@link #toolName()} if there is one,
   * else JSON found in the text ({@code ```json} fences allowed); for text output, the text.
   */
  public ParseResult<O> parse(List<ContentBlock> content) {
    Checks.notNull(content, "content");
    String text = text(content);
    if (kind == Kind.TEXT) {
      return ParseResult.valid(textValue.apply(text), text);
    }
    ToolUseBlock other = null;
    for (ContentBlock block : content) {
      ToolUseBlock toolUse = block.toolUse();
      if (toolUse != null) {
        if (toolName.equals(toolUse.name())) {
          JsonNode input = Documents.toJsonNode(toolUse.input());
          return parseJson(input, Json.write(input));
        }
        other = other == null ? toolUse : other;
      }
    }
    if (other != null) {
      return ParseResult.invalid(
          List.of(
              "$: expected a call to tool '"
                  + toolName
                  + "' but the model called '"
                  + other.name()
                  + "'"),
          Json.write(Documents.toJsonNode(other.input())));
    }
    if (text.isBlank()) {
      return ParseResult.invalid(
          List.of(
              "$: expected " + expectation() + " but the answer had neither a tool call nor text"),
          text);
    }
    return parseText(text);
  }

  /** Reads JSON from a text answer, e.g. {@code ```json {...} ```}; for text output, the text. */
  public ParseResult<O> parseText(String text) {
    Checks.notNull(text, "text");
    if (kind == Kind.TEXT) {
      return ParseResult.valid(textValue.apply(text), text);
    }
    String candidate = JsonText.extract(text);
    if (candidate == null) {
      return ParseResult.invalid(
          List.of("$: expected " + expectation() + " but the answer was text without JSON"), text);
    }
    JsonNode node;
    try {
      node = Json.read(candidate);
    } catch (JsonProcessingException e) {
      return ParseResult.invalid(
          List.of(
              "$: expected "
                  + expectation()
                  + " but the JSON in the text is not valid: "
                  + e.getOriginalMessage()),
          text);
    }
    if (kind == Kind.LIST && node.isArray()) {
      ObjectNode wrapped = Json.NODES.objectNode();
      wrapped.set(SchemaGenerator.LIST_PROPERTY, node);
      node = wrapped;
    }
    return parseJson(node, text);
  }

  /**
   * Validates {@code value} (a tool-use input) against the schema, then binds it; for lists {@code
   * value} is the wrapper {@code {"items": [...]}}.
   */
  public ParseResult<O> parseJson(JsonNode value, String rawText) {
    Checks.notNull(value, "value");
    if (kind == Kind.TEXT) {
      throw new IllegalStateException("text output has no JSON to parse");
    }
    List<String> errors = SchemaValidator.validate(schema, value);
    if (!errors.isEmpty()) {
      return ParseResult.invalid(errors, rawText);
    }
    JsonNode bound = kind == Kind.LIST ? value.get(SchemaGenerator.LIST_PROPERTY) : value;
    String base = kind == Kind.LIST ? "$." + SchemaGenerator.LIST_PROPERTY : "$";
    try {
      O result = Json.MAPPER.treeToValue(bound, bindType);
      return ParseResult.valid(result, rawText);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return ParseResult.invalid(List.of(bindError(base, e)), rawText);
    }
  }

  /**
   * The two messages to append for one repair round: {@code assistantMessage} as it was, then a
   * user message that answers each of its tool calls with an error {@code toolResult} listing
   * {@code errors}, or, when the model answered in text, a user text message asking for the tool
   * call. Send them with {@link #toolConfiguration()} (Bedrock requires it when a message holds
   * tool blocks).
   */
  public List<Message> repairTurn(Message assistantMessage, List<String> errors) {
    Checks.notNull(assistantMessage, "assistantMessage");
    Checks.notNull(errors, "errors");
    Checks.isTrue(!errors.isEmpty(), "errors cannot be empty");
    Checks.isTrue(
        assistantMessage.role() == ConversationRole.ASSISTANT,
        "assistantMessage must have role assistant but had " + assistantMessage.roleAsString());
    if (kind == Kind.TEXT) {
      throw new IllegalStateException("text output has no repair turn");
    }
    String problems = "\n- " + String.join("\n- ", errors);
    List<ContentBlock> reply = new ArrayList<>();
    for (ContentBlock block : assistantMessage.content()) {
      ToolUseBlock toolUse = block.toolUse();
      if (toolUse != null) {
        String text =
            toolName.equals(toolUse.name())
                ? "Your call to "
                    + toolName
                    + " was rejected. Fix these problems and call "
                    + toolName
                    + " again with the complete corrected input:"
                    + problems
                : "There is no tool named '"
                    + toolUse.name()
                    + "'. Call "
                    + toolName
                    + " with your answer instead.";
        reply.add(
            ContentBlock.fromToolResult(
                ToolResultBlock.builder()
                    .toolUseId(toolUse.toolUseId())
                    .status(ToolResultStatus.ERROR)
                    .content(ToolResultContentBlock.fromText(text))
                    .build()));
      }
    }
    if (reply.isEmpty()) {
      reply.add(
          ContentBlock.fromText(
              "Your answer could not be used. Answer by calling the tool "
                  + toolName
                  + " with the complete answer as its input, not in plain text. Problems:"
                  + problems));
    }
    return List.of(
        assistantMessage, Message.builder().role(ConversationRole.USER).content(reply).build());
  }

  /**
   * The exception for an answer that is still invalid after {@code repairRounds} repair rounds:
   * what was expected, what was found, what to do; carries the raw answer and every problem.
   */
  public StructuredOutputException failure(ParseResult<O> last, int repairRounds) {
    Checks.notNull(last, "last");
    Checks.isTrue(!last.isValid(), "last must be invalid");
    Checks.isTrue(repairRounds >= 0, "repairRounds must be >= 0");
    List<String> errors = last.errors();
    String rounds =
        repairRounds == 0
            ? " (no repair round)"
            : " even after " + repairRounds + " repair round" + (repairRounds == 1 ? "" : "s");
    String more =
        errors.size() == 1
            ? ""
            : " (and "
                + (errors.size() - 1)
                + " more problem"
                + (errors.size() == 2 ? "" : "s")
                + ")";
    String message =
        "The model's answer is not a valid "
            + describe()
            + rounds
            + ": "
            + errors.get(0)
            + more
            + ". Expected "
            + expectation()
            + " matching the JSON schema of "
            + type.getSimpleName()
            + "; the answer is in rawText(). Describe the fields the model"
            + " gets wrong with @Description, make fields it may leave out Optional, or use a"
            + " more capable model.";
    return new StructuredOutputException(last.rawText(), errors, message);
  }

  private String expectation() {
    return "a call to tool '" + toolName + "'";
  }

  private String toolDescription() {
    String what =
        kind == Kind.LIST
            ? "an object whose '"
                + SchemaGenerator.LIST_PROPERTY
                + "' array holds the answer: a"
                + " list of "
                + type.getSimpleName()
                + " objects"
            : "the answer: one " + type.getSimpleName() + " object";
    return "Call this tool exactly once to give your answer. Its input is "
        + what
        + " matching the input schema. Do not answer in plain text.";
  }

  static String toolName(Class<?> type, boolean list) {
    String name = "respond_" + type.getSimpleName() + (list ? "_list" : "");
    name = name.replaceAll("[^a-zA-Z0-9_-]", "_");
    return name.length() <= MAX_TOOL_NAME ? name : name.substring(0, MAX_TOOL_NAME);
  }

  private static String text(List<ContentBlock> content) {
    StringBuilder text = new StringBuilder();
    for (ContentBlock block : content) {
      if (block.text() != null) {
        text.append(block.text());
      }
    }
    return text.toString();
  }

  private String bindError(String base, Exception e) {
    String path = base;
    String detail = e.getMessage();
    if (e instanceof JsonMappingException mapping) {
      for (JsonMappingException.Reference reference : mapping.getPath()) {
        if (reference.getFieldName() != null) {
          path = SchemaValidator.child(path, reference.getFieldName());
        } else if (reference.getIndex() >= 0) {
          path = path + "[" + reference.getIndex() + "]";
        }
      }
      detail = mapping.getOriginalMessage();
    }
    if (e instanceof ValueInstantiationException instantiation
        && instantiation.getCause() != null) {
      return path
          + ": "
          + instantiation.getType().getRawClass().getSimpleName()
          + " rejected the value: "
          + instantiation.getCause().getMessage();
    }
    return path + ": cannot be read as " + describe() + ": " + detail;
  }

  @Override
  public String toString() {
    return "StructuredOutput[" + describe() + (toolName == null ? "" : ", tool " + toolName) + "]";
  }
}
