package dev.bedrockkit;

import java.math.BigDecimal;

/**
 * A hard budget is spent: the call was refused before any model was called.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class BudgetExceededException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String attribution;
  private final BigDecimal spentUsd;
  private final BigDecimal limitUsd;

  public BudgetExceededException(
      String attribution, BigDecimal spentUsd, BigDecimal limitUsd, String message) {
    super(message, null);
    this.attribution = attribution;
    this.spentUsd = spentUsd;
    this.limitUsd = limitUsd;
  }

  /** The attribution value (team, feature) whose budget is spent. */
  public String attribution() {
    return attribution;
  }

  /** USD spent in the current budget window. */
  public BigDecimal spentUsd() {
    return spentUsd;
  }

  /** The budget's limit in USD. */
  public BigDecimal limitUsd() {
    return limitUsd;
  }
}
