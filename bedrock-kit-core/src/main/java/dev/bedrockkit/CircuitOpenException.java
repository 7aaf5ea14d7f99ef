package dev.bedrockkit;

/**
 * The circuit breaker of a model in a region is open: recent calls failed, so calls are skipped
 * without touching the network until the breaker lets a probe through.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class CircuitOpenException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String modelId;
  private final String region;

  public CircuitOpenException(String modelId, String region, String message) {
    super(message, null);
    this.modelId = modelId;
    this.region = region;
  }

  /** The model whose circuit is open. */
  public String modelId() {
    return modelId;
  }

  /** The region of that circuit, or {@code null} when the client's region is unknown. */
  public String region() {
    return region;
  }
}
