package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.ScriptedReply;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic "model": echoes the last user text as {@code [<modelId>] echo: <text>}, calls
 * a forced tool with an input generated from its schema, or plays a script; then applies stop
 * sequences and the token limit. Thread-safe (state lives in the {@link ScriptBook}).
 */
public final class Responder {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final ScriptBook scripts;

  /**
   * Creates a responder.
   *
   * @param scripts the scripts to consult first
   */
  public Responder(ScriptBook scripts) {
    this.scripts = scripts;
  }

  /**
   * Returns the echo text for a prompt.
   *
   * @param modelId model ID as requested
   * @param lastUserText the last user text
   * @return {@code [<modelId>] echo: <lastUserText>}
   */
  public static String echo(String modelId, String lastUserText) {
    return "[" + modelId + "] echo: " + lastUserText;
  }

  /**
   * Generates an answer.
   *
   * @param modelId model ID as requested
   * @param prompt the prompt
   * @param toolIdPrefix {@code tooluse_} for Converse, {@code toolu_bdrk_} for Claude bodies
   * @return the generation
   */
  public Generation generate(String modelId, Prompt prompt, String toolIdPrefix) {
    ScriptedReply.Reply reply = scripts.next(modelId, prompt.lastUserText());
    String text = null;
    String toolName = null;
    String toolInput = null;
    String scriptedStop = null;
    if (reply != null) {
      scriptedStop = reply.stopReason();
      if (reply.text() != null) {
        text = reply.text();
      } else {
        toolName = reply.toolName() != null ? reply.toolName() : defaultTool(prompt);
        toolInput = reply.toolInput();
      }
    } else if (prompt.toolChoice() != Prompt.ToolChoice.AUTO && !prompt.tools().isEmpty()) {
      Prompt.Tool tool = prompt.tools().get(0);
      for (Prompt.Tool t : prompt.tools()) {
        if (t.name().equals(prompt.forcedTool())) {
          tool = t;
        }
      }
      toolName = tool.name();
      toolInput = Json.write(SchemaInstances.generate(tool.schema(), prompt.lastUserText()));
    } else {
      text = echo(modelId, prompt.lastUserText());
    }

    String stopReason = toolInput != null ? "tool_use" : "end_turn";
    String stopSequence = null;
    List<Generation.Block> blocks = new ArrayList<>();
    if (text != null) {
      int cut = -1;
      for (String s : prompt.stopSequences()) {
        int at = s.isEmpty() ? -1 : text.indexOf(s);
        if (at >= 0 && (cut < 0 || at < cut)) {
          cut = at;
          stopSequence = s;
        }
      }
      if (cut >= 0) {
        text = text.substring(0, cut);
        stopReason = "stop_sequence";
      }
      if (Tokens.count(text) > prompt.maxTokens()) {
        text = Tokens.truncate(text, prompt.maxTokens());
        stopReason = "max_tokens";
        stopSequence = null;
      }
      blocks.add(new Generation.Block(text, null, null, null));
    } else {
      if (Tokens.count(toolInput) > prompt.maxTokens()) {
        toolInput = Tokens.truncate(toolInput, prompt.maxTokens());
        stopReason = "max_tokens";
      }
      String id = toolIdPrefix + id(modelId + "\u0000" + prompt.lastUserText() + "\u0000" + toolName);
      blocks.add(new Generation.Block(null, id, toolName, toolInput));
    }
    if (scriptedStop != null) {
      stopReason = scriptedStop;
    }
    int outputTokens = Math.max(1, Tokens.count(text) + Tokens.count(toolInput));
    return new Generation(List.copyOf(blocks), stopReason, stopSequence, outputTokens);
  }

  private static String defaultTool(Prompt prompt) {
    if (prompt.forcedTool() != null) {
      return prompt.forcedTool();
    }
    return prompt.tools().isEmpty() ? "tool" : prompt.tools().get(0).name();
  }

  /**
   * Returns a deterministic 22-character base62 ID derived from a seed.
   *
   * @param seed the seed text
   * @return the ID
   */
  public static String id(String seed) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(22);
      for (int i = 0; i < 22; i++) {
        sb.append(BASE62.charAt((digest[i] & 0xff) % 62));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
