package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.ModelProfile;
import dev.bedrockkit.test.ModelProfile.BodyFormat;
import dev.bedrockkit.test.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bedrock Runtime (restJson1): Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream. Shapes follow botocore {@code
 * bedrock-runtime/2023-09-30/service-2.json} (ConverseResponse, TokenUsage, ConverseStreamOutput,
 * ResponseStream, PayloadPart, InvokeModelResponse headers). Thread-safe.
 */
public final class BedrockApi {
  // Real service messages, from FACTS.md and public reports cited there.
  static final String INVALID_MODEL = "The provided model identifier is invalid.";
  static final String INPUT_TOO_LONG = "Input is too long for requested model.";
  static final String NOT_ENABLED = "You don't have access to the model with the specified model ID.";
  static final String END_OF_LIFE =
      "This model version has reached the end of its life. Please refer to the AWS documentation"
          + " for more details.";
  static final String LEGACY =
      "Access denied. This Model is marked by provider as Legacy and you have not been actively"
          + " using the model in the last 30 days. Please upgrade to an active model on Amazon"
          + " Bedrock";
  // langgenius/dify#12340, MadcowD/ell#369, vxcontrol/pentagi#160.
  static final String START_WITH_USER =
      "A conversation must start with a user message. Try again with a conversation that starts"
          + " with a user message.";
  static final String ALTERNATE =
      "A conversation must alternate between user and assistant roles. Make sure the conversation"
          + " alternates between user and assistant roles and try again.";
  static final String TOOL_CONFIG_REQUIRED =
      "The toolConfig field must be defined when using toolUse and toolResult content blocks.";
  static final String UNSUPPORTED_MODEL =
      "This action doesn't support the model that you provided. Try again with a supported text or"
          + " chat model.";
  static final String NO_TOOL_USE = "This model doesn't support tool use.";

  private final EmulatorState state;

  /**
   * Creates the API.
   *
   * @param state the emulator state
   */
  public BedrockApi(EmulatorState state) {
    this.state = state;
  }

  /**
   * Answers one Bedrock Runtime request.
   *
   * @param op the operation
   * @param modelId the URL-decoded model ID
   * @param region the caller's region
   * @param body the parsed body, or MissingNode
   * @param headers request headers (lower-case names)
   * @return the response
   * @throws ApiError for an error answer
   */
  public WireResponse handle(
      Operation op, String modelId, String region, JsonNode body, Map<String, List<String>> headers) {
    ModelRegistry.Resolved resolved = state.models().resolve(modelId);
    checkAvailability(resolved);
    FaultEngine.Decision faults = state.faults().evaluate(op, modelId, region);
    if (faults.error() != null) {
      throw new DelayedError(faults.error().bedrock(), faults.delay());
    }
    ModelProfile profile = resolved.profile();
    LatencyModel latency = state.latencyFor(profile);
    switch (op) {
      case CONVERSE:
      case CONVERSE_STREAM:
        return converse(op, resolved, region, body, latency, faults);
      case INVOKE_MODEL:
      case INVOKE_MODEL_WITH_RESPONSE_STREAM:
        return InvokeBodies.handle(this, op, resolved, region, body, headers, latency, faults);
      default:
        throw new IllegalStateException(op.name());
    }
  }

  EmulatorState state() {
    return state;
  }

  private static void checkAvailability(ModelRegistry.Resolved resolved) {
    ModelProfile p = resolved.profile();
    switch (p.availability()) {
      case AVAILABLE:
        return;
      case REQUIRES_INFERENCE_PROFILE:
        if (!resolved.viaInferenceProfile()) {
          throw ApiError.validation(
              "Invocation of model ID "
                  + p.modelId()
                  + " with on-demand throughput isn\u2019t supported. Retry your request with the ID"
                  + " or ARN of an inference profile that contains this model.");
        }
        return;
      case NOT_ENABLED:
        throw ApiError.bedrock(403, "AccessDeniedException", NOT_ENABLED);
      case LEGACY:
        throw ApiError.bedrock(404, "ResourceNotFoundException", LEGACY);
      case END_OF_LIFE:
        throw ApiError.bedrock(404, "ResourceNotFoundException", END_OF_LIFE);
      default:
        throw new IllegalStateException(p.availability().name());
    }
  }

  private WireResponse converse(
      Operation op,
      ModelRegistry.Resolved resolved,
      String region,
      JsonNode body,
      LatencyModel latency,
      FaultEngine.Decision faults) {
    ModelProfile profile = resolved.profile();
    if (!body.isObject()) {
      throw ApiError.validation("The request body is not a valid JSON object.");
    }
    if (profile.format().isEmbedding()) {
      throw ApiError.validation(UNSUPPORTED_MODEL);
    }
    ConverseRequest request = ConverseRequest.parse(body, profile);
    PromptCache.Usage cache =
        state
            .promptCache()
            .apply(profile.modelId() + "|" + region, request.parts(), request.partTokens(), request.cachePoints());
    Prompt prompt = request.prompt();
    Generation gen = state.responder().generate(resolved.requestedId(), prompt, "tooluse_");
    int input = prompt.inputTokens() - cache.read() - cache.write();
    ObjectNode usage = Json.object();
    usage.put("inputTokens", input);
    usage.put("outputTokens", gen.outputTokens());
    usage.put("totalTokens", prompt.inputTokens() + gen.outputTokens());
    if (!request.cachePoints().isEmpty()) {
      usage.put("cacheReadInputTokens", cache.read());
      usage.put("cacheWriteInputTokens", cache.write());
    }
    Duration modelTime = latency.totalFor(gen.outputTokens());
    if (op == Operation.CONVERSE) {
      ObjectNode out = Json.object();
      ObjectNode message = out.putObject("output").putObject("message");
      message.put("role", "assistant");
      ArrayNode content = message.putArray("content");
      for (Generation.Block b : gen.blocks()) {
        if (b.isText()) {
          content.addObject().put("text", b.text());
        } else {
          ObjectNode toolUse = content.addObject().putObject("toolUse");
          toolUse.put("toolUseId", b.toolUseId());
          toolUse.put("name", b.toolName());
          toolUse.set("input", parseOrText(b.toolInput()));
        }
      }
      out.put("stopReason", gen.stopReason());
      out.set("usage", usage);
      out.putObject("metrics").put("latencyMs", modelTime.plus(faults.delay()).toMillis());
      return json(200, Json.bytes(out), modelTime.plus(faults.delay()));
    }
    EventStream stream = new EventStream();
    stream.event("messageStart", Json.object().put("role", "assistant"));
    int index = 0;
    for (Generation.Block b : gen.blocks()) {
      if (b.isText()) {
        for (String piece : Tokens.deltas(b.text())) {
          ObjectNode e = Json.object().put("contentBlockIndex", index);
          e.putObject("delta").put("text", piece);
          stream.event("contentBlockDelta", e);
        }
      } else {
        ObjectNode start = Json.object().put("contentBlockIndex", index);
        ObjectNode toolUse = start.putObject("start").putObject("toolUse");
        toolUse.put("toolUseId", b.toolUseId());
        toolUse.put("name", b.toolName());
        stream.event("contentBlockStart", start);
        for (String piece : Tokens.pieces(b.toolInput(), 16)) {
          ObjectNode e = Json.object().put("contentBlockIndex", index);
          e.putObject("delta").putObject("toolUse").put("input", piece);
          stream.event("contentBlockDelta", e);
        }
      }
      stream.event("contentBlockStop", Json.object().put("contentBlockIndex", index));
      index++;
    }
    stream.event("messageStop", Json.object().put("stopReason", gen.stopReason()));
    ObjectNode metadata = Json.object();
    metadata.set("usage", usage);
    metadata.putObject("metrics").put("latencyMs", modelTime.plus(faults.delay()).toMillis());
    stream.event("metadata", metadata);
    return stream(stream, faults, latency, gen.outputTokens(), Map.of());
  }

  /**
   * Parses tool input JSON; invalid input is returned as a JSON string holding the raw text, since
   * a Converse {@code toolUse.input} must be a JSON document.
   */
  static JsonNode parseOrText(String raw) {
    try {
      JsonNode node = Json.parse(raw);
      if (node != null) {
        return node;
      }
    } catch (IOException e) {
      // fall through
    }
    return Json.MAPPER.getNodeFactory().textNode(raw);
  }

  WireResponse json(int status, byte[] body, Duration delay) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    return new WireResponse(status, headers, body, delay.toMillis(), 0, 0, null);
  }

  /**
   * Finishes an event stream: applies a mid-stream break and the pacing.
   *
   * @param stream the events
   * @param faults fault decision
   * @param latency latency model
   * @param outputTokens output tokens, for the generation time
   * @param extraHeaders additional response headers
   * @return the response
   */
  WireResponse stream(
      EventStream stream,
      FaultEngine.Decision faults,
      LatencyModel latency,
      int outputTokens,
      Map<String, String> extraHeaders) {
    EventStream out = stream;
    String errorType = null;
    if (faults.exceptionType() != null && faults.breakAfter() < stream.eventCount()) {
      out = stream.truncated(faults.breakAfter());
      out.exception(faults.exceptionType(), midStreamPayload(faults.exceptionType()));
      errorType = faults.exceptionType();
    }
    int frames = out.frameCount();
    Duration generation = latency.generationTime(outputTokens);
    long gapMs = generation.toMillis() / Math.max(1, frames - 1) + faults.eventDelay().toMillis();
    long ttftMs = latency.timeToFirstToken().plus(faults.delay()).toMillis();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/vnd.amazon.eventstream");
    headers.putAll(extraHeaders);
    byte[] body = out.encode();
    if (gapMs <= 0 || frames < 2) {
      return new WireResponse(200, headers, body, ttftMs + generation.toMillis(), 0, 0, errorType);
    }
    long initial = Math.max(0, ttftMs - gapMs);
    long total = Math.min(Integer.MAX_VALUE, gapMs * frames);
    return new WireResponse(200, headers, body, initial, frames, (int) total, errorType);
  }

  private static ObjectNode midStreamPayload(String exceptionType) {
    ObjectNode payload = Json.object();
    switch (exceptionType) {
      case "throttlingException":
        return payload.put("message", ErrorKind.THROTTLING.message());
      case "internalServerException":
        return payload.put("message", ErrorKind.INTERNAL.message());
      case "serviceUnavailableException":
        return payload.put("message", ErrorKind.SERVICE_UNAVAILABLE.message());
      case "modelTimeoutException":
        return payload.put("message", ErrorKind.MODEL_TIMEOUT.message());
      case "validationException":
        return payload.put("message", INPUT_TOO_LONG);
      case "modelStreamErrorException":
        payload.put("message", "The model stream ended with an error. Try your request again.");
        payload.put("originalStatusCode", 500);
        payload.put("originalMessage", "Internal server error");
        return payload;
      default:
        return payload.put("message", "An error occurred while streaming the response.");
    }
  }

  /** An error answered after a delay (a hanging request that then times out). */
  public static final class DelayedError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ApiError error;
    private final transient Duration delay;

    DelayedError(ApiError error, Duration delay) {
      super(error.getMessage(), null, false, false);
      this.error = error;
      this.delay = delay;
    }

    /** @return the error */
    public ApiError error() {
      return error;
    }

    /** @return the delay before answering */
    public Duration delay() {
      return delay;
    }
  }

  /** A Converse request parsed and validated. */
  static final class ConverseRequest {
    private final List<String> parts = new ArrayList<>();
    private final List<Integer> partTokens = new ArrayList<>();
    private final List<Integer> cachePoints = new ArrayList<>();
    private Prompt prompt;

    List<String> parts() {
      return parts;
    }

    List<Integer> partTokens() {
      return partTokens;
    }

    List<Integer> cachePoints() {
      return cachePoints;
    }

    Prompt prompt() {
      return prompt;
    }

    private void part(String canonical, int tokens) {
      parts.add(canonical);
      partTokens.add(tokens);
    }

    private void cachePoint() {
      cachePoints.add(parts.size());
    }

    static ConverseRequest parse(JsonNode body, ModelProfile profile) {
      ConverseRequest r = new ConverseRequest();
      JsonNode toolConfig = body.path("toolConfig");
      List<Prompt.Tool> tools = new ArrayList<>();
      if (toolConfig.isObject()) {
        if (profile.format() == BodyFormat.AMAZON_TITAN_TEXT) {
          throw ApiError.validation(NO_TOOL_USE);
        }
        for (JsonNode tool : toolConfig.path("tools")) {
          if (tool.has("cachePoint")) {
            r.cachePoint();
            continue;
          }
          JsonNode spec = tool.path("toolSpec");
          String name = spec.path("name").asText("");
          JsonNode schema = spec.path("inputSchema").path("json");
          tools.add(new Prompt.Tool(name, schema));
          r.part(
              "tool:" + Json.write(spec),
              Tokens.count(name + spec.path("description").asText("") + Json.write(schema)));
        }
      }
      for (JsonNode block : body.path("system")) {
        if (block.has("cachePoint")) {
          r.cachePoint();
        } else {
          r.part("system:" + Json.write(block), Tokens.count(block.path("text").asText("")));
        }
      }
      JsonNode messages = body.path("messages");
      if (!messages.isArray() || messages.isEmpty()) {
        // Assumption: the service answers a missing or empty list like one not starting with a user turn.
        throw ApiError.validation(START_WITH_USER);
      }
      String previous = null;
      String lastUserText = "";
      for (int i = 0; i < messages.size(); i++) {
        JsonNode message = messages.get(i);
        String role = message.path("role").asText(null);
        if (!"user".equals(role) && !"assistant".equals(role)) {
          // Coral validation message format ("1 validation error detected: Value ... at ...").
          throw ApiError.validation(
              "1 validation error detected: Value '"
                  + role
                  + "' at 'messages."
                  + (i + 1)
                  + ".member.role' failed to satisfy constraint: Member must satisfy enum value set:"
                  + " [user, assistant]");
        }
        if (i == 0 && !role.equals("user")) {
          throw ApiError.validation(START_WITH_USER);
        }
        if (role.equals(previous)) {
          throw ApiError.validation(ALTERNATE);
        }
        previous = role;
        JsonNode content = message.path("content");
        if (!content.isArray() || content.isEmpty()) {
          throw ApiError.validation(
              "The content field in the Message object at messages."
                  + i
                  + " is empty. Add a ContentBlock object to the content field and try again.");
        }
        StringBuilder text = new StringBuilder();
        StringBuilder toolResults = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
          JsonNode block = content.get(j);
          if (block.has("cachePoint")) {
            r.cachePoint();
            continue;
          }
          if ((block.has("toolUse") || block.has("toolResult")) && !toolConfig.isObject()) {
            throw ApiError.validation(TOOL_CONFIG_REQUIRED);
          }
          if (block.has("text")) {
            String t = block.path("text").asText("");
            if (t.isBlank()) {
              throw ApiError.validation(
                  "The text field in the ContentBlock object at messages."
                      + i
                      + ".content."
                      + j
                      + " is blank. Add text to the text field, and try again.");
            }
            text.append(text.length() == 0 ? "" : "\n").append(t);
            r.part(role + ":" + Json.write(block), Tokens.count(t));
          } else if (block.has("toolResult")) {
            for (JsonNode c : block.path("toolResult").path("content")) {
              String t = c.has("text") ? c.get("text").asText() : Json.write(c.path("json"));
              toolResults.append(toolResults.length() == 0 ? "" : "\n").append(t);
            }
            r.part(role + ":" + Json.write(block), Tokens.count(Json.write(block.get("toolResult"))));
          } else if (block.has("image") || block.has("document") || block.has("video")) {
            r.part(role + ":" + Json.write(block), 1_000);
          } else {
            r.part(role + ":" + Json.write(block), Tokens.count(Json.write(block)));
          }
        }
        if (role.equals("user")) {
          lastUserText = text.length() > 0 ? text.toString() : toolResults.toString();
        }
      }
      int inputTokens = r.partTokens.stream().mapToInt(Integer::intValue).sum();
      if (inputTokens > profile.contextWindow()) {
        throw ApiError.validation(INPUT_TOO_LONG);
      }
      JsonNode inference = body.path("inferenceConfig");
      int maxTokens = profile.maxOutputTokens();
      if (inference.has("maxTokens")) {
        int requested = inference.get("maxTokens").asInt();
        if (requested < 1) {
          throw ApiError.validation(
              "1 validation error detected: Value '"
                  + requested
                  + "' at 'inferenceConfig.maxTokens' failed to satisfy constraint: Member must have"
                  + " value greater than or equal to 1");
        }
        if (requested > profile.maxOutputTokens()) {
          throw ApiError.validation(
              "The maximum tokens you requested exceeds the model limit of "
                  + profile.maxOutputTokens()
                  + ". Try again with a maximum tokens value that is lower than "
                  + profile.maxOutputTokens()
                  + ".");
        }
        maxTokens = requested;
      }
      List<String> stops = new ArrayList<>();
      inference.path("stopSequences").forEach(s -> stops.add(s.asText()));
      JsonNode choice = toolConfig.path("toolChoice");
      Prompt.ToolChoice kind = Prompt.ToolChoice.AUTO;
      String forced = null;
      if (choice.has("any")) {
        kind = Prompt.ToolChoice.ANY;
      } else if (choice.has("tool")) {
        kind = Prompt.ToolChoice.TOOL;
        forced = choice.path("tool").path("name").asText(null);
      }
      r.prompt = new Prompt(lastUserText, tools, kind, forced, inputTokens, maxTokens, stops);
      return r;
    }
  }
}
