package dev.bedrockkit;

/**
 * The conversation does not fit the model's context window, even after the oldest turns were
 * dropped (the system prompt and the latest user turn are always kept).
 *
 * <p>Immutable; safe to share between threads.
 */
public final class ContextWindowExceededException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final int estimatedInputTokens;
  private final int contextWindowTokens;

  public ContextWindowExceededException(
      String modelId, int estimatedInputTokens, int contextWindowTokens, String message,
      Throwable cause) {
    super(message, cause);
    this.modelId = modelId;
    this.estimatedInputTokens = estimatedInputTokens;
    this.contextWindowTokens = contextWindowTokens;
  }

  /** The model whose window was exceeded. */
  public String modelId() {
    return modelId;
  }

  /** Our estimate of the input size in tokens, or -1 when unknown. */
  public int estimatedInputTokens() {
    return estimatedInputTokens;
  }

  /** The model's context window in tokens, or -1 when the model is not in the catalog. */
  public int contextWindowTokens() {
    return contextWindowTokens;
  }
}
