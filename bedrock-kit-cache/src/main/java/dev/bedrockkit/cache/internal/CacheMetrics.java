package dev.bedrockkit.cache.internal;

import static dev.bedrockkit.MetricNames.CACHE_REQUESTS;
import static dev.bedrockkit.MetricNames.CACHE_RESULT_ERROR;
import static dev.bedrockkit.MetricNames.CACHE_RESULT_HIT;
import static dev.bedrockkit.MetricNames.CACHE_RESULT_INVALID;
import static dev.bedrockkit.MetricNames.CACHE_RESULT_MISS;
import static dev.bedrockkit.MetricNames.CACHE_RESULT_REJECTED;
import static dev.bedrockkit.MetricNames.CACHE_SAVED_COST;
import static dev.bedrockkit.MetricNames.CACHE_TIER_IN_FLIGHT;
import static dev.bedrockkit.MetricNames.CACHE_TIER_LOCAL;
import static dev.bedrockkit.MetricNames.CACHE_TIER_REDIS;
import static dev.bedrockkit.MetricNames.CACHE_TIER_SEMANTIC;
import static dev.bedrockkit.MetricNames.TAG_RESULT;
import static dev.bedrockkit.MetricNames.TAG_TIER;

import dev.bedrockkit.ChatResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Internal: the response-cache counters, resolved once so that a hit costs an increment and no
 * registry lookup. Every name and tag value comes from {@link dev.bedrockkit.MetricNames}.
 *
 * <p>Thread-safe.
 */
public final class CacheMetrics {
  /** Where an answer was found. */
  public enum Tier {
    LOCAL(CACHE_TIER_LOCAL),
    REDIS(CACHE_TIER_REDIS),
    SEMANTIC(CACHE_TIER_SEMANTIC),
    IN_FLIGHT(CACHE_TIER_IN_FLIGHT);

    final String tag;

    Tier(String tag) {
      this.tag = tag;
    }
  }

  /** What a lookup found. */
  public enum Result {
    HIT(CACHE_RESULT_HIT),
    MISS(CACHE_RESULT_MISS),
    ERROR(CACHE_RESULT_ERROR),
    INVALID(CACHE_RESULT_INVALID),
    REJECTED(CACHE_RESULT_REJECTED);

    final String tag;

    Result(String tag) {
      this.tag = tag;
    }
  }

  private final MeterRegistry registry;
  private final Map<Tier, Map<Result, Counter>> requests = new EnumMap<>(Tier.class);
  private final Map<Tier, Counter> saved = new EnumMap<>(Tier.class);

  public CacheMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (Tier tier : Tier.values()) {
      Map<Result, Counter> byResult = new EnumMap<>(Result.class);
      for (Result result : Result.values()) {
        byResult.put(
            result,
            Counter.builder(CACHE_REQUESTS)
                .description("Response-cache lookups by tier and result")
                .tag(TAG_TIER, tier.tag)
                .tag(TAG_RESULT, result.tag)
                .register(registry));
      }
      requests.put(tier, byResult);
      saved.put(
          tier,
          Counter.builder(CACHE_SAVED_COST)
              .description("What response-cache hits saved: the cost of the original answers")
              .baseUnit(dev.bedrockkit.MetricNames.UNIT_USD)
              .tag(TAG_TIER, tier.tag)
              .register(registry));
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void count(Tier tier, Result result) {
    requests.get(tier).get(result).increment();
  }

  /** Counts a hit and what it saved: the original answer's cost. */
  public void hit(Tier tier, ChatResponse original) {
    requests.get(tier).get(Result.HIT).increment();
    original.costUsd().ifPresent(c -> saved.get(tier).increment(c.doubleValue()));
  }
}
