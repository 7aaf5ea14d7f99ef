package dev.bedrockkit.cache;

import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import java.util.Set;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/**
 * Which requests a response cache serves and which answers it keeps. Shared by {@link
 * ExactCache} and {@link SemanticCache}.
 *
 * <p>A request is served from the cache only when it has a {@linkplain ChatRequest#cacheScope()
 * cache scope} and its temperature is unset or at most {@link #maxTemperature()}: a caller who asks
 * for a high temperature wants varied answers, not a replay. An unset temperature means the
 * model's default and is cached; set an explicit temperature above the threshold to opt a request
 * out.
 *
 * <p>An answer is kept only when the model finished normally ({@code end_turn}, {@code
 * stop_sequence}, {@code tool_use}), or hit the token limit and {@link #cacheTruncated()} is set.
 * Never kept: degraded answers, answers that were themselves served from a cache, guardrail
 * interventions ({@code guardrail_intervened}), filtered content ({@code content_filtered}),
 * malformed output, a full context window, and any stop reason this SDK version does not know.
 * Failed loads are never kept either.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxTemperature requests with a higher temperature bypass the cache; {@code 1} caches
 *     every temperature
 * @param cacheTruncated whether answers cut off at the token limit ({@code max_tokens}) are kept
 */
public record CachePolicy(float maxTemperature, boolean cacheTruncated) {
  /** Default {@link #maxTemperature()}. */
  public static final float DEFAULT_MAX_TEMPERATURE = 0.5f;

  private static final Set<StopReason> FINISHED =
      Set.of(StopReason.END_TURN, StopReason.STOP_SEQUENCE, StopReason.TOOL_USE);
  private static final CachePolicy DEFAULTS = new CachePolicy(DEFAULT_MAX_TEMPERATURE, false);

  public CachePolicy {
    if (!(maxTemperature >= 0f && maxTemperature <= 1f)) {
      throw new IllegalArgumentException(
          "maxTemperature must be between 0.0 and 1.0 but was " + maxTemperature);
    }
  }

  /** Temperature up to {@value #DEFAULT_MAX_TEMPERATURE}; truncated answers are not kept. */
  public static CachePolicy ofDefaults() {
    return DEFAULTS;
  }

  /** A copy with another temperature threshold ({@code 1} opts every temperature in). */
  public CachePolicy withMaxTemperature(float maxTemperature) {
    return new CachePolicy(maxTemperature, cacheTruncated);
  }

  /** A copy that keeps (or not) answers cut off at the token limit. */
  public CachePolicy withTruncatedAnswers(boolean cacheTruncated) {
    return new CachePolicy(maxTemperature, cacheTruncated);
  }

  /** Whether {@code request} may be answered from, and stored in, the cache. */
  public boolean cacheable(ChatRequest request) {
    if (request.cacheScope() == null) {
      return false;
    }
    Float t = request.temperature();
    return t == null || t <= maxTemperature;
  }

  /** Whether {@code response} may be kept. */
  public boolean cacheable(ChatResponse response) {
    if (response.degraded() || response.fromCache() || response.modelId() == null) {
      return false;
    }
    StopReason stop = response.stopReason();
    return FINISHED.contains(stop) || (cacheTruncated && stop == StopReason.MAX_TOKENS);
  }
}
