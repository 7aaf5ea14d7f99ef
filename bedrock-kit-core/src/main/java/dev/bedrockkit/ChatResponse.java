package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;

/**
 * What a chat call produced, and how: the answer, the tokens and dollars it cost, the model that
 * actually answered, and every attempt it took to get there.
 *
 * <p>Immutable and thread-safe.
 *
 * @param text the answer's text blocks joined ({@code ""} when the model only called tools)
 * @param toolUses tool calls the model made, in order (empty when none)
 * @param message the assistant message as returned, to append to the history of the next turn;
 *     {@code null} for a degraded answer
 * @param stopReason why generation stopped ({@code END_TURN}, {@code MAX_TOKENS},
 *     {@code TOOL_USE}, ...); {@code null} for a degraded answer
 * @param usage tokens consumed (zero for cached and degraded answers)
 * @param latency wall time of the whole request, retries and fallbacks included
 * @param modelId the model that answered ({@code null} for a degraded answer)
 * @param region the region that answered, or {@code null} when unknown or degraded
 * @param attempts every attempt in order; the last one succeeded unless {@code degraded}
 * @param fromCache whether the answer came from the response cache
 * @param degraded whether this is a fallback answer (the configured message or a stale cached
 *     answer) because no model could answer; never mistake it for a model answer
 * @param costUsd what the call cost in USD; empty when the model has no known price
 * @param droppedTurns how many of the oldest messages were dropped to fit the context window
 * @param requestId Bedrock's request ID of the successful call, for AWS support, or {@code null}
 */
public record ChatResponse(
    String text,
    List<ToolUseBlock> toolUses,
    Message message,
    StopReason stopReason,
    TokenUsage usage,
    Duration latency,
    String modelId,
    String region,
    List<Attempt> attempts,
    boolean fromCache,
    boolean degraded,
    Optional<BigDecimal> costUsd,
    int droppedTurns,
    String requestId) {

  public ChatResponse {
    Checks.notNull(text, "text");
    toolUses = List.copyOf(Checks.notNull(toolUses, "toolUses"));
    Checks.notNull(usage, "usage");
    Checks.notNull(latency, "latency");
    attempts = List.copyOf(Checks.notNull(attempts, "attempts"));
    Checks.notNull(costUsd, "costUsd");
  }

  /** Whether the answer was cut off at the token limit. */
  public boolean truncated() {
    return stopReason == StopReason.MAX_TOKENS;
  }

  /** Whether a model other than the chain's first one answered. */
  public boolean fellBack() {
    return attempts.size() > 1
        && modelId != null
        && !attempts.get(0).modelId().equals(modelId);
  }

  /** A copy marked as served from the response cache: no tokens, no cost, no attempts. */
  public ChatResponse asCached(Duration lookupLatency) {
    return new ChatResponse(
        text, toolUses, message, stopReason, TokenUsage.ZERO, lookupLatency, modelId, region,
        List.of(), true, false, Optional.of(BigDecimal.ZERO), droppedTurns, requestId);
  }

  /** A copy with the cost set. */
  public ChatResponse withCost(Optional<BigDecimal> cost) {
    return new ChatResponse(
        text, toolUses, message, stopReason, usage, latency, modelId, region, attempts, fromCache,
        degraded, cost, droppedTurns, requestId);
  }
}
