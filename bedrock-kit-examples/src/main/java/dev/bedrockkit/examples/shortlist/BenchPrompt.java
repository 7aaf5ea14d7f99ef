package dev.bedrockkit.examples.shortlist;

/**
 * One typical request of the workload: the user's text, an optional system prompt and an optional
 * {@code maxTokens}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the user message, never blank
 * @param system the system prompt, or {@code null}
 * @param maxTokens the most tokens to generate, or {@code null} for the default
 * @param source where it was read, {@code file:line}, for messages
 */
public record BenchPrompt(String text, String system, Integer maxTokens, String source) {}
