package dev.bedrockkit;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A budget crossed a threshold (80 or 100 percent of its limit) in its current window; given to
 * {@link BudgetListener}s once per threshold per window.
 *
 * <p>Immutable and thread-safe.
 *
 * @param attribution the attribution value whose budget it is ({@code none} for requests
 *     without one, {@code other} for the pool of attributions beyond
 *     {@link Budgets.Builder#maxAttributions})
 * @param threshold the percentage of the limit crossed: 80 or 100
 * @param spentUsd USD spent in the window so far
 * @param limitUsd the budget's limit in USD
 * @param windowStart when the current window began
 */
public record BudgetAlert(
    String attribution, int threshold, BigDecimal spentUsd, BigDecimal limitUsd, Instant windowStart) {}
