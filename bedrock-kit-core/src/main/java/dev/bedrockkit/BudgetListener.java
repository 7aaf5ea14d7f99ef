package dev.bedrockkit;

/**
 * Hears budget thresholds crossed ({@link Budgets}), e.g. to page someone or post to a chat.
 * Each threshold (80 %, 100 %) fires once per attribution per window.
 *
 * <p>Called synchronously on the thread that finished the request that crossed the threshold
 * (often an SDK I/O thread): keep it fast and hand slow work to an executor. Implementations must
 * be thread-safe; an exception thrown here is logged and ignored.
 */
@FunctionalInterface
public interface BudgetListener {

  /** A budget crossed {@code alert.threshold()} percent of its limit. */
  void onThreshold(BudgetAlert alert);
}
