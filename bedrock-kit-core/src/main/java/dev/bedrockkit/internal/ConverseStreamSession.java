package dev.bedrockkit.internal;

import dev.bedrockkit.StreamListener;
import dev.bedrockkit.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.bedrockkit.internal.json.Documents;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * Internal: a ConverseStream attempt that forwards deltas to a {@link StreamListener} and
 * accumulates the full answer (text, tool calls, stop reason, usage).
 *
 * <p>SDK callbacks arrive one at a time; accumulated state is read only after the stream ended.
 */
public final class ConverseStreamSession extends StreamSession {
  private final StreamListener listener;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, ToolAccumulator> tools = new TreeMap<>();
  private volatile StopReason stopReason;
  private volatile TokenUsage usage = TokenUsage.ZERO;
  private volatile String requestId;

  public ConverseStreamSession(
      ScheduledExecutorService scheduler, Duration idleTimeout, StreamListener listener) {
    super(scheduler, idleTimeout);
    this.listener = listener;
  }

  /** The SDK handler feeding this session. */
  public ConverseStreamResponseHandler handler() {
    return ConverseStreamResponseHandler.builder()
        .onResponse(
            r -> {
              if (r.responseMetadata() != null) {
                requestId = r.responseMetadata().requestId();
              }
            })
        .subscriber(
            ConverseStreamResponseHandler.Visitor.builder()
                .onMessageStart(e -> onEvent(false, () -> {}))
                .onContentBlockStart(
                    e ->
                        onEvent(
                            e.start() != null && e.start().toolUse() != null,
                            () -> {
                              if (e.start() != null && e.start().toolUse() != null) {
                                var start = e.start().toolUse();
                                tools.put(
                                    e.contentBlockIndex(),
                                    new ToolAccumulator(start.toolUseId(), start.name()));
                                listener.onToolUseStart(start.toolUseId(), start.name());
                              }
                            }))
                .onContentBlockDelta(
                    e -> {
                      var delta = e.delta();
                      if (delta != null && delta.text() != null) {
                        onEvent(
                            true,
                            () -> {
                              text.append(delta.text());
                              listener.onText(delta.text());
                            });
                      } else if (delta != null && delta.toolUse() != null) {
                        onEvent(
                            true,
                            () -> {
                              String fragment = delta.toolUse().input();
                              ToolAccumulator acc = tools.get(e.contentBlockIndex());
                              if (acc != null && fragment != null) {
                                acc.input.append(fragment);
                              }
                              listener.onToolUseDelta(fragment == null ? "" : fragment);
                            });
                      } else {
                        onEvent(false, () -> {});
                      }
                    })
                .onContentBlockStop(e -> onEvent(false, () -> {}))
                .onMessageStop(e -> onEvent(false, () -> stopReason = e.stopReason()))
                .onMetadata(
                    e ->
                        onEvent(
                            false,
                            () -> {
                              if (e.usage() != null) {
                                usage = Responses.usage(e.usage());
                              }
                            }))
                .onDefault(e -> onEvent(false, () -> {}))
                .build())
        .build();
  }

  public String text() {
    return text.toString();
  }

  public StopReason stopReason() {
    return stopReason;
  }

  public TokenUsage usage() {
    return usage;
  }

  /** Bedrock's request ID of this stream, or {@code null}. */
  public String requestId() {
    return requestId;
  }

  /** Tool calls made, with their JSON input parsed. */
  public List<ToolUseBlock> toolUses() {
    List<ToolUseBlock> out = new ArrayList<>();
    for (ToolAccumulator t : tools.values()) {
      String json = t.input.length() == 0 ? "{}" : t.input.toString();
      out.add(
          ToolUseBlock.builder().toolUseId(t.id).name(t.name).input(toolInput(json)).build());
    }
    return out;
  }

  /** The assistant message as it would have come from Converse. */
  public Message message() {
    List<ContentBlock> content = new ArrayList<>();
    if (text.length() > 0) {
      content.add(ContentBlock.fromText(text.toString()));
    }
    for (ToolUseBlock t : toolUses()) {
      content.add(ContentBlock.fromToolUse(t));
    }
    return Message.builder().role(ConversationRole.ASSISTANT).content(content).build();
  }

  /** The tool input as a document; input that is not JSON is kept verbatim as a string. */
  private static Document toolInput(String json) {
    try {
      return Documents.fromJson(json);
    } catch (IllegalArgumentException e) {
      return Document.fromString(json);
    }
  }

  private static final class ToolAccumulator {
    final String id;
    final String name;
    final StringBuilder input = new StringBuilder();

    ToolAccumulator(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

}
