package dev.bedrockkit;

/**
 * A check run before any model call of a request, e.g. a hard budget or an attribution
 * allow-list. It refuses a request by throwing a {@link BedrockKitException}
 * ({@link BudgetExceededException}, {@link InvalidRequestException}).
 *
 * <p>Implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface RequestGuard {

  /** Allows everything. */
  RequestGuard NONE = (operation, attribution) -> {};

  /**
   * Checks a request before it is sent.
   *
   * @param operation the operation about to run
   * @param attribution the request's attribution label, or {@code null}
   */
  void check(BedrockKitListener.Operation operation, String attribution);
}
