package dev.bedrockkit;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * Computes what a call cost from the tokens it used. {@code PricingCatalog} is the standard
 * implementation; an empty result means the price is unknown (never zero by default).
 *
 * <p>Implementations must be thread-safe and fast (called once per request).
 */
@FunctionalInterface
public interface CostCalculator {

  /** Prices nothing: every cost is unknown. */
  CostCalculator NONE = (modelId, region, usage) -> Optional.empty();

  /** The USD cost of {@code usage} on {@code modelId} in {@code region} (region may be null). */
  Optional<BigDecimal> cost(String modelId, String region, TokenUsage usage);
}
