package dev.bedrockkit;

/**
 * One event of a streamed chat answer, as delivered by {@link BedrockKit#stream(ChatRequest)}.
 * A stream is zero or more deltas followed by exactly one {@link Completed}, or an error.
 *
 * <p>Implementations are immutable records.
 */
public sealed interface ChatStreamEvent {

  /** A piece of answer text, in order. */
  record TextDelta(String text) implements ChatStreamEvent {}

  /** A tool call began: its id and the tool's name. */
  record ToolUseStart(int contentBlockIndex, String toolUseId, String name)
      implements ChatStreamEvent {}

  /** A piece of a tool call's JSON input, in order. */
  record ToolUseDelta(int contentBlockIndex, String inputJsonFragment) implements ChatStreamEvent {}

  /** The stream ended normally; carries the full answer with usage, cost and attempts. */
  record Completed(ChatResponse response) implements ChatStreamEvent {}
}
