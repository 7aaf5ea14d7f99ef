package dev.bedrockkit;

/**
 * A rendered {@link PromptTemplate}: the system prompt and the first user message, with every
 * placeholder replaced.
 *
 * <p>Immutable; safe to share between threads.
 *
 * @param system the system prompt, or {@code null} when the template has none
 * @param user the user message, never {@code null}
 */
public record RenderedPrompt(String system, String user) {
  public RenderedPrompt {
    if (user == null) {
      throw new NullPointerException("user cannot be null");
    }
  }
}
