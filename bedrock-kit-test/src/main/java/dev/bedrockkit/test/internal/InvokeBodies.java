package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.ModelProfile;
import dev.bedrockkit.test.ModelProfile.BodyFormat;
import dev.bedrockkit.test.Operation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model-native InvokeModel bodies: Anthropic Claude messages API, Amazon Titan Text, Titan Text
 * Embeddings v1/v2 and Meta Llama (Bedrock User Guide, "Inference request parameters and response
 * fields for foundation models"). "Malformed input request: ..." messages follow the format the
 * service returns for schema violations (e.g. fumito-ito/AnthropicSwiftSDK#19,
 * promptfoo/promptfoo#921). Stateless.
 */
final class InvokeBodies {
  private static final Pattern LLAMA3_USER =
      Pattern.compile("<\\|start_header_id\\|>user<\\|end_header_id\\|>(.*?)(?:<\\|eot_id\\|>|$)", Pattern.DOTALL);
  private static final Pattern LLAMA2_USER = Pattern.compile("\\[INST\\](.*?)\\[/INST\\]", Pattern.DOTALL);

  private InvokeBodies() {}

  static WireResponse handle(
      BedrockApi api,
      Operation op,
      ModelRegistry.Resolved resolved,
      String region,
      JsonNode body,
      Map<String, List<String>> headers,
      LatencyModel latency,
      FaultEngine.Decision faults) {
    ModelProfile profile = resolved.profile();
    if (!body.isObject()) {
      throw malformed(
          "expected type: JSONObject, found: " + (body.isMissingNode() ? "Null" : kind(body)));
    }
    boolean stream = op == Operation.INVOKE_MODEL_WITH_RESPONSE_STREAM;
    if (profile.format().isEmbedding()) {
      if (stream) {
        throw ApiError.validation("The model is unsupported for streaming.");
      }
      return embed(api, profile, body, latency, faults);
    }
    switch (profile.format()) {
      case ANTHROPIC_CLAUDE:
        return claude(api, resolved, body, latency, faults, stream);
      case AMAZON_TITAN_TEXT:
        return titan(api, resolved, body, latency, faults, stream);
      case META_LLAMA:
        return llama(api, resolved, body, latency, faults, stream);
      default:
        throw new IllegalStateException(profile.format().name());
    }
  }

  // ---------------------------------------------------------------- Anthropic Claude

  private static WireResponse claude(
      BedrockApi api,
      ModelRegistry.Resolved resolved,
      JsonNode body,
      LatencyModel latency,
      FaultEngine.Decision faults,
      boolean stream) {
    ModelProfile profile = resolved.profile();
    requireKeys(body, "anthropic_version", "max_tokens", "messages");
    String version = body.path("anthropic_version").asText();
    if (!version.equals("bedrock-2023-05-31")) {
      throw malformed("#/anthropic_version: " + version + " is not a valid enum value");
    }
    int maxTokens = body.path("max_tokens").asInt();
    String modelName = claudeModelName(profile.modelId());
    if (maxTokens > profile.maxOutputTokens()) {
      // Anthropic's own wording, passed through by Bedrock.
      throw ApiError.validation(
          "max_tokens: " + maxTokens + " > " + profile.maxOutputTokens()
              + ", which is the maximum allowed number of output tokens for " + modelName);
    }
    JsonNode messages = body.path("messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw ApiError.validation("messages: at least one message is required");
    }
    StringBuilder all = new StringBuilder(textOf(body.path("system")));
    String previous = null;
    String lastUserText = "";
    for (int i = 0; i < messages.size(); i++) {
      JsonNode m = messages.get(i);
      String role = m.path("role").asText("");
      if (i == 0 && !role.equals("user")) {
        throw ApiError.validation("messages: first message must use the \"user\" role");
      }
      if (role.equals(previous)) {
        throw ApiError.validation(
            "messages: roles must alternate between \"user\" and \"assistant\", but found multiple \""
                + role + "\" roles in a row");
      }
      previous = role;
      String text = textOf(m.path("content"));
      all.append(text);
      if (role.equals("user")) {
        lastUserText = text;
      }
    }
    List<Prompt.Tool> tools = new ArrayList<>();
    for (JsonNode t : body.path("tools")) {
      tools.add(new Prompt.Tool(t.path("name").asText(), t.path("input_schema")));
      all.append(Json.write(t));
    }
    JsonNode choice = body.path("tool_choice");
    Prompt.ToolChoice kind = Prompt.ToolChoice.AUTO;
    String forced = null;
    if (choice.path("type").asText("").equals("any")) {
      kind = Prompt.ToolChoice.ANY;
    } else if (choice.path("type").asText("").equals("tool")) {
      kind = Prompt.ToolChoice.TOOL;
      forced = choice.path("name").asText(null);
    }
    int inputTokens = Tokens.count(all.toString());
    checkWindow(profile, inputTokens);
    Prompt prompt =
        new Prompt(lastUserText, tools, kind, forced, inputTokens, maxTokens, strings(body.path("stop_sequences")));
    Generation gen = api.state().responder().generate(resolved.requestedId(), prompt, "toolu_bdrk_");
    String messageId = "msg_bdrk_" + Responder.id(resolved.requestedId() + "\u0000" + all).substring(0, 22);
    ObjectNode usage = Json.object().put("input_tokens", inputTokens).put("output_tokens", gen.outputTokens());
    Duration modelTime = latency.totalFor(gen.outputTokens());
    if (!stream) {
      ObjectNode out = Json.object();
      out.put("id", messageId);
      out.put("type", "message");
      out.put("role", "assistant");
      out.put("model", modelName);
      ArrayNode content = out.putArray("content");
      for (Generation.Block b : gen.blocks()) {
        if (b.isText()) {
          content.addObject().put("type", "text").put("text", b.text());
        } else {
          ObjectNode tu = content.addObject().put("type", "tool_use").put("id", b.toolUseId()).put("name", b.toolName());
          tu.set("input", BedrockApi.parseOrText(b.toolInput()));
        }
      }
      out.put("stop_reason", gen.stopReason());
      if (gen.stopSequence() == null) {
        out.putNull("stop_sequence");
      } else {
        out.put("stop_sequence", gen.stopSequence());
      }
      out.set("usage", usage);
      return invokeResponse(api, out, inputTokens, gen.outputTokens(), modelTime.plus(faults.delay()));
    }
    // Anthropic streaming events (message_start, content_block_*, message_delta, message_stop);
    // Bedrock adds amazon-bedrock-invocationMetrics to the last chunk.
    List<ObjectNode> chunks = new ArrayList<>();
    ObjectNode start = Json.object().put("type", "message_start");
    ObjectNode msg = start.putObject("message");
    msg.put("id", messageId).put("type", "message").put("role", "assistant").put("model", modelName);
    msg.putArray("content");
    msg.putNull("stop_reason");
    msg.putNull("stop_sequence");
    msg.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
    chunks.add(start);
    int index = 0;
    for (Generation.Block b : gen.blocks()) {
      ObjectNode blockStart = Json.object().put("type", "content_block_start").put("index", index);
      if (b.isText()) {
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        chunks.add(blockStart);
        for (String piece : Tokens.deltas(b.text())) {
          ObjectNode d = Json.object().put("type", "content_block_delta").put("index", index);
          d.putObject("delta").put("type", "text_delta").put("text", piece);
          chunks.add(d);
        }
      } else {
        ObjectNode cb = blockStart.putObject("content_block");
        cb.put("type", "tool_use").put("id", b.toolUseId()).put("name", b.toolName());
        cb.putObject("input");
        chunks.add(blockStart);
        for (String piece : Tokens.pieces(b.toolInput(), 16)) {
          ObjectNode d = Json.object().put("type", "content_block_delta").put("index", index);
          d.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
          chunks.add(d);
        }
      }
      chunks.add(Json.object().put("type", "content_block_stop").put("index", index));
      index++;
    }
    ObjectNode delta = Json.object().put("type", "message_delta");
    ObjectNode d = delta.putObject("delta").put("stop_reason", gen.stopReason());
    if (gen.stopSequence() == null) {
      d.putNull("stop_sequence");
    } else {
      d.put("stop_sequence", gen.stopSequence());
    }
    delta.putObject("usage").put("output_tokens", gen.outputTokens());
    chunks.add(delta);
    ObjectNode stop = Json.object().put("type", "message_stop");
    stop.set("amazon-bedrock-invocationMetrics", metrics(inputTokens, gen.outputTokens(), latency));
    chunks.add(stop);
    return chunkStream(api, chunks, faults, latency, gen.outputTokens());
  }

  private static String claudeModelName(String modelId) {
    String name = modelId.startsWith("anthropic.") ? modelId.substring("anthropic.".length()) : modelId;
    return name.replaceFirst("-v\\d+(:\\d+)?$", "");
  }

  private static String textOf(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode block : content) {
      String type = block.path("type").asText("");
      if (type.equals("text")) {
        sb.append(sb.length() == 0 ? "" : "\n").append(block.path("text").asText());
      } else if (type.equals("tool_result")) {
        sb.append(sb.length() == 0 ? "" : "\n").append(textOf(block.path("content")));
      } else if (type.equals("tool_use")) {
        sb.append(Json.write(block.path("input")));
      }
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- Amazon Titan Text

  private static WireResponse titan(
      BedrockApi api,
      ModelRegistry.Resolved resolved,
      JsonNode body,
      LatencyModel latency,
      FaultEngine.Decision faults,
      boolean stream) {
    ModelProfile profile = resolved.profile();
    requireKeys(body, "inputText");
    String inputText = body.path("inputText").asText();
    JsonNode config = body.path("textGenerationConfig");
    int maxTokens = config.path("maxTokenCount").asInt(512);
    if (maxTokens > profile.maxOutputTokens()) {
      throw malformed(
          "#/textGenerationConfig/maxTokenCount: " + maxTokens + " is not less or equal to " + profile.maxOutputTokens());
    }
    int inputTokens = Tokens.count(inputText);
    checkWindow(profile, inputTokens);
    Prompt prompt = new Prompt(inputText.strip(), List.of(), Prompt.ToolChoice.AUTO, null,
        inputTokens, maxTokens, strings(config.path("stopSequences")));
    Generation gen = api.state().responder().generate(resolved.requestedId(), prompt, "tooluse_");
    String reason = titanReason(gen.stopReason());
    String text = gen.text();
    if (!stream) {
      ObjectNode out = Json.object().put("inputTextTokenCount", inputTokens);
      out.putArray("results").addObject()
          .put("tokenCount", gen.outputTokens())
          .put("outputText", text)
          .put("completionReason", reason);
      return invokeResponse(api, out, inputTokens, gen.outputTokens(), latency.totalFor(gen.outputTokens()).plus(faults.delay()));
    }
    List<ObjectNode> chunks = new ArrayList<>();
    List<String> pieces = Tokens.deltas(text);
    if (pieces.isEmpty()) {
      pieces = List.of("");
    }
    int emitted = 0;
    for (int i = 0; i < pieces.size(); i++) {
      boolean last = i == pieces.size() - 1;
      emitted += Tokens.count(pieces.get(i));
      ObjectNode c = Json.object().put("outputText", pieces.get(i)).put("index", 0)
          .put("totalOutputTextTokenCount", last ? gen.outputTokens() : emitted);
      if (last) {
        c.put("completionReason", reason);
      } else {
        c.putNull("completionReason");
      }
      c.put("inputTextTokenCount", inputTokens);
      if (last) {
        c.set("amazon-bedrock-invocationMetrics", metrics(inputTokens, gen.outputTokens(), latency));
      }
      chunks.add(c);
    }
    return chunkStream(api, chunks, faults, latency, gen.outputTokens());
  }

  private static String titanReason(String stopReason) {
    switch (stopReason) {
      case "max_tokens":
        return "LENGTH";
      case "stop_sequence":
        return "STOP_CRITERIA_MET";
      case "content_filtered":
      case "guardrail_intervened":
        return "CONTENT_FILTERED";
      default:
        return "FINISH";
    }
  }

  // ---------------------------------------------------------------- Meta Llama

  private static WireResponse llama(
      BedrockApi api,
      ModelRegistry.Resolved resolved,
      JsonNode body,
      LatencyModel latency,
      FaultEngine.Decision faults,
      boolean stream) {
    ModelProfile profile = resolved.profile();
    requireKeys(body, "prompt");
    String raw = body.path("prompt").asText();
    int maxTokens = body.path("max_gen_len").asInt(512);
    if (maxTokens > profile.maxOutputTokens()) {
      throw malformed("#/max_gen_len: " + maxTokens + " is not less or equal to " + profile.maxOutputTokens());
    }
    int inputTokens = Tokens.count(raw);
    checkWindow(profile, inputTokens);
    Prompt prompt = new Prompt(llamaUserText(raw), List.of(), Prompt.ToolChoice.AUTO, null,
        inputTokens, maxTokens, List.of());
    Generation gen = api.state().responder().generate(resolved.requestedId(), prompt, "tooluse_");
    String reason = gen.stopReason().equals("max_tokens") ? "length" : "stop";
    if (!stream) {
      ObjectNode out = Json.object().put("generation", gen.text())
          .put("prompt_token_count", inputTokens)
          .put("generation_token_count", gen.outputTokens())
          .put("stop_reason", reason);
      return invokeResponse(api, out, inputTokens, gen.outputTokens(), latency.totalFor(gen.outputTokens()).plus(faults.delay()));
    }
    List<ObjectNode> chunks = new ArrayList<>();
    List<String> pieces = Tokens.deltas(gen.text());
    if (pieces.isEmpty()) {
      pieces = List.of("");
    }
    int emitted = 0;
    for (int i = 0; i < pieces.size(); i++) {
      boolean last = i == pieces.size() - 1;
      emitted += Tokens.count(pieces.get(i));
      ObjectNode c = Json.object().put("generation", pieces.get(i));
      if (i == 0) {
        c.put("prompt_token_count", inputTokens);
      } else {
        c.putNull("prompt_token_count");
      }
      c.put("generation_token_count", last ? gen.outputTokens() : emitted);
      if (last) {
        c.put("stop_reason", reason);
        c.set("amazon-bedrock-invocationMetrics", metrics(inputTokens, gen.outputTokens(), latency));
      } else {
        c.putNull("stop_reason");
      }
      chunks.add(c);
    }
    return chunkStream(api, chunks, faults, latency, gen.outputTokens());
  }

  private static String llamaUserText(String raw) {
    String last = null;
    Matcher m = LLAMA3_USER.matcher(raw);
    while (m.find()) {
      last = m.group(1);
    }
    if (last == null) {
      Matcher m2 = LLAMA2_USER.matcher(raw);
      while (m2.find()) {
        last = m2.group(1);
      }
    }
    return (last == null ? raw : last).strip();
  }

  // ---------------------------------------------------------------- Titan embeddings

  private static WireResponse embed(
      BedrockApi api, ModelProfile profile, JsonNode body, LatencyModel latency, FaultEngine.Decision faults) {
    requireKeys(body, "inputText");
    String text = body.path("inputText").asText();
    int dimensions = 1536;
    boolean normalize = false;
    if (profile.format() == BodyFormat.AMAZON_TITAN_EMBEDDINGS_V2) {
      dimensions = body.path("dimensions").asInt(1024);
      if (dimensions != 256 && dimensions != 512 && dimensions != 1024) {
        throw malformed("#/dimensions: " + dimensions + " is not a valid enum value");
      }
      normalize = body.path("normalize").asBoolean(true);
    } else if (body.has("dimensions") || body.has("normalize")) {
      String key = body.has("dimensions") ? "dimensions" : "normalize";
      throw malformed("extraneous key [" + key + "] is not permitted");
    }
    int tokens = Tokens.count(text);
    checkWindow(profile, tokens);
    float[] vector = Embeddings.embed(text, dimensions, normalize);
    ObjectNode out = Json.object();
    ArrayNode embedding = out.putArray("embedding");
    for (float v : vector) {
      embedding.add(v);
    }
    out.put("inputTextTokenCount", tokens);
    return invokeResponse(api, out, tokens, 0, latency.timeToFirstToken().plus(faults.delay()));
  }

  // ---------------------------------------------------------------- shared

  private static WireResponse invokeResponse(
      BedrockApi api, ObjectNode out, int inputTokens, int outputTokens, Duration delay) {
    WireResponse base = api.json(200, Json.bytes(out), delay);
    Map<String, String> headers = new LinkedHashMap<>(base.headers());
    // InvokeModel response headers (FACTS.md; botocore models Content-Type as the body type).
    headers.put("X-Amzn-Bedrock-Input-Token-Count", Integer.toString(inputTokens));
    headers.put("X-Amzn-Bedrock-Output-Token-Count", Integer.toString(outputTokens));
    headers.put("X-Amzn-Bedrock-Invocation-Latency", Long.toString(delay.toMillis()));
    return new WireResponse(200, headers, base.body(), base.initialDelayMs(), 0, 0, null);
  }

  private static WireResponse chunkStream(
      BedrockApi api, List<ObjectNode> chunks, FaultEngine.Decision faults, LatencyModel latency, int outputTokens) {
    EventStream stream = new EventStream();
    Base64.Encoder b64 = Base64.getEncoder();
    for (ObjectNode chunk : chunks) {
      stream.event("chunk", Json.object().put("bytes", b64.encodeToString(Json.bytes(chunk))));
    }
    // botocore InvokeModelWithResponseStreamResponse: contentType is X-Amzn-Bedrock-Content-Type.
    return api.stream(stream, faults, latency, outputTokens, Map.of("X-Amzn-Bedrock-Content-Type", "application/json"));
  }

  private static ObjectNode metrics(int inputTokens, int outputTokens, LatencyModel latency) {
    return Json.object()
        .put("inputTokenCount", inputTokens)
        .put("outputTokenCount", outputTokens)
        .put("invocationLatency", latency.totalFor(outputTokens).toMillis())
        .put("firstByteLatency", latency.timeToFirstToken().toMillis());
  }

  private static void checkWindow(ModelProfile profile, int inputTokens) {
    if (inputTokens > profile.contextWindow()) {
      throw ApiError.validation(BedrockApi.INPUT_TOO_LONG);
    }
  }

  private static void requireKeys(JsonNode body, String... keys) {
    StringBuilder missing = new StringBuilder();
    for (String key : keys) {
      if (!body.has(key)) {
        missing.append("#: required key [").append(key).append("] not found");
      }
    }
    if (missing.length() > 0) {
      throw malformed(missing.toString());
    }
  }

  private static ApiError malformed(String detail) {
    return ApiError.validation("Malformed input request: " + detail + ", please reformat your input and try again.");
  }

  private static String kind(JsonNode node) {
    if (node.isArray()) {
      return "JSONArray";
    }
    if (node.isTextual()) {
      return "String";
    }
    if (node.isNumber()) {
      return "Number";
    }
    if (node.isBoolean()) {
      return "Boolean";
    }
    return "Null";
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
