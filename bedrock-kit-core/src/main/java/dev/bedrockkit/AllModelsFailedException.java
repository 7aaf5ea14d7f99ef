package dev.bedrockkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Every model (and region) of the chain was tried and none answered. {@link #attempts()} lists
 * each try in order with its outcome; the cause is the last failure.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class AllModelsFailedException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String chain;
  private final List<Attempt> attempts;

  public AllModelsFailedException(String chain, List<Attempt> attempts, Throwable lastFailure) {
    super(describe(chain, attempts), lastFailure);
    this.chain = chain;
    this.attempts = List.copyOf(attempts);
  }

  /** The chain that was tried (a chain name, or the model ID of a single-model request). */
  public String chain() {
    return chain;
  }

  /** Every attempt, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  private static String describe(String chain, List<Attempt> attempts) {
    String tried =
        attempts.stream()
            .map(a -> a.modelId() + (a.region() == null ? "" : "@" + a.region()) + " " + a.outcome())
            .collect(Collectors.joining(", "));
    return "All models of chain '" + chain + "' failed after " + attempts.size() + " attempt(s): ["
        + tried + "]. Check the models' quotas and health, or add a model to the chain.";
  }
}
