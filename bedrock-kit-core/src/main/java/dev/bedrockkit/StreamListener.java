package dev.bedrockkit;

/**
 * Callbacks for a streamed answer ({@link BedrockKit#stream(ChatRequest, StreamListener)}).
 * Called from SDK I/O threads, one event at a time and in order. An exception thrown here ends
 * the stream: the returned future fails with it (bedrock-kit catches it, unlike the SDK, which
 * would swallow it and lose the rest of the stream).
 *
 * <p>Implementations need not be thread-safe: calls never overlap.
 */
@FunctionalInterface
public interface StreamListener {

  /** A piece of answer text. Keep it quick: it runs on an I/O thread. */
  void onText(String delta);

  /** A tool call began. */
  default void onToolUseStart(String toolUseId, String name) {}

  /** A piece of a tool call's JSON input. */
  default void onToolUseDelta(String inputJsonFragment) {}
}
