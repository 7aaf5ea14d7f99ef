package dev.bedrockkit.sample.chat;

import dev.bedrockkit.Attempt;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import java.util.List;

/**
 * What a model call cost and how it went, as every answer of this service reports it: the model
 * and region that answered, tokens, cost, whether it came from the cache, whether it is a degraded
 * answer, every attempt (so a fallback is never silent), and both request ids.
 *
 * @param model the model that answered; null for a degraded answer
 * @param region the region that answered; null when unknown or degraded
 * @param usage tokens used
 * @param costUsd the cost in USD as an exact decimal string; null when the model has no price
 * @param fromCache whether the answer came from the response cache
 * @param degraded whether this is the configured fallback message, not a model's answer
 * @param fellBack whether a model other than the chain's first one answered
 * @param attempts every attempt, in order
 * @param stopReason why generation stopped ({@code end_turn}, {@code max_tokens} ...); null when
 *     degraded
 * @param latencyMs wall time of the whole call, retries and fallbacks included
 * @param droppedTurns oldest history turns dropped to fit the model's context window
 * @param requestId this service's request id (also the {@code X-Request-Id} header)
 * @param bedrockRequestId Bedrock's request id of the answering call, for AWS support
 */
public record CallInfo(
    String model,
    String region,
    Usage usage,
    String costUsd,
    boolean fromCache,
    boolean degraded,
    boolean fellBack,
    List<AttemptInfo> attempts,
    String stopReason,
    long latencyMs,
    int droppedTurns,
    String requestId,
    String bedrockRequestId) {

  /**
   * Tokens of one call.
   *
   * @param inputTokens prompt tokens billed at the input price
   * @param outputTokens generated tokens
   * @param cacheReadInputTokens prompt tokens read from Bedrock's prompt cache
   * @param cacheWriteInputTokens prompt tokens written to Bedrock's prompt cache
   * @param totalTokens their sum
   */
  public record Usage(
      int inputTokens,
      int outputTokens,
      int cacheReadInputTokens,
      int cacheWriteInputTokens,
      int totalTokens) {
    static Usage of(TokenUsage u) {
      return new Usage(
          u.inputTokens(),
          u.outputTokens(),
          u.cacheReadInputTokens(),
          u.cacheWriteInputTokens(),
          u.totalTokens());
    }
  }

  /**
   * One try of one model in one region.
   *
   * @param model the model tried
   * @param region the region tried, or null
   * @param outcome {@code SUCCESS}, {@code THROTTLED}, ...
   * @param durationMs how long it took
   * @param errorType the AWS error code, or null on success
   */
  public record AttemptInfo(
      String model, String region, String outcome, long durationMs, String errorType) {
    static AttemptInfo of(Attempt a) {
      return new AttemptInfo(
          a.modelId(), a.region(), a.outcome().name(), a.duration().toMillis(), a.errorType());
    }
  }

  /** The call information of a bedrock-kit response. */
  public static CallInfo of(ChatResponse r, String requestId) {
    return new CallInfo(
        r.modelId(),
        r.region(),
        Usage.of(r.usage()),
        r.costUsd().map(c -> c.toPlainString()).orElse(null),
        r.fromCache(),
        r.degraded(),
        r.fellBack(),
        r.attempts().stream().map(AttemptInfo::of).toList(),
        r.stopReason() == null ? null : r.stopReason().toString(),
        r.latency().toMillis(),
        r.droppedTurns(),
        requestId,
        r.requestId());
  }
}
