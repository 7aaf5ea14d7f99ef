package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;

/**
 * Tokens one call consumed, as Bedrock reported them.
 *
 * @param inputTokens prompt tokens billed at the input price (excluding cache reads and writes)
 * @param outputTokens generated tokens
 * @param cacheReadInputTokens prompt tokens served from Bedrock's prompt cache
 * @param cacheWriteInputTokens prompt tokens written to Bedrock's prompt cache
 */
public record TokenUsage(
    int inputTokens, int outputTokens, int cacheReadInputTokens, int cacheWriteInputTokens) {

  /** No tokens: a cached or degraded answer. */
  public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

  public TokenUsage {
    Checks.notNegative(inputTokens, "inputTokens");
    Checks.notNegative(outputTokens, "outputTokens");
    Checks.notNegative(cacheReadInputTokens, "cacheReadInputTokens");
    Checks.notNegative(cacheWriteInputTokens, "cacheWriteInputTokens");
  }

  /** Sum of every kind of token. */
  public int totalTokens() {
    return inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
  }

  /** The element-wise sum of this and {@code other}, e.g. a structured-output repair round. */
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadInputTokens + other.cacheReadInputTokens,
        cacheWriteInputTokens + other.cacheWriteInputTokens);
  }
}
