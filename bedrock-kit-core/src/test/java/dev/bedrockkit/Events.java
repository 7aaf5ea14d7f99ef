package dev.bedrockkit;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener.Operation;
import dev.bedrockkit.BedrockKitListener.RequestEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Real {@link RequestEvent}s as the facade publishes them, for listener tests. */
final class Events {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String HAIKU_35 = "anthropic.claude-3-5-haiku-20241022-v1:0";
  static final String REGION = "us-east-1";

  private Events() {}

  /** A successful chat: one attempt on {@code model} in us-east-1. */
  static RequestEvent chat(
      String model, TokenUsage usage, Optional<BigDecimal> cost, String template, String attribution) {
    Duration latency = Duration.ofMillis(420);
    return new RequestEvent(
        Operation.CHAT, "default", model, model, REGION, template, attribution, Outcome.SUCCESS,
        null, usage, cost, latency, null, 0, false, false,
        List.of(new Attempt(model, REGION, Outcome.SUCCESS, latency, null)), "req-1");
  }

  /** A chat that cost {@code usd} for attribution {@code attribution}. */
  static RequestEvent costing(String usd, String attribution) {
    return chat(HAIKU, new TokenUsage(10, 10, 0, 0), Optional.of(new BigDecimal(usd)), null,
        attribution);
  }

  /** A successful stream: first chunk after {@code ttft}, {@code chunks} chunks, {@code latency} in all. */
  static RequestEvent stream(
      String model, TokenUsage usage, Duration ttft, int chunks, Duration latency,
      List<Attempt> attempts) {
    return new RequestEvent(
        Operation.CHAT_STREAM, "default", model, model, REGION, null, null, Outcome.SUCCESS, null,
        usage, Optional.of(BigDecimal.ONE), latency, ttft, chunks, false, false, attempts, null);
  }

  /** A chat that failed after being throttled twice. */
  static RequestEvent throttledFailure(String model) {
    return new RequestEvent(
        Operation.CHAT, "default", model, null, null, null, null, Outcome.THROTTLED,
        "ThrottledException", TokenUsage.ZERO, Optional.empty(), Duration.ofMillis(900), null, 0,
        false, false,
        List.of(
            new Attempt(model, REGION, Outcome.THROTTLED, Duration.ofMillis(100),
                "ThrottlingException"),
            new Attempt(model, REGION, Outcome.THROTTLED, Duration.ofMillis(100),
                "ThrottlingException")),
        null);
  }

  static RequestEvent cached(String model) {
    return new RequestEvent(
        Operation.CHAT, "default", model, model, REGION, null, null, Outcome.SUCCESS, null,
        TokenUsage.ZERO, Optional.of(BigDecimal.ZERO), Duration.ofMillis(1), null, 0, true,
        false, List.of(), null);
  }

  static RequestEvent degraded(String model, String attribution) {
    return new RequestEvent(
        Operation.CHAT, "default", model, null, null, "faq", attribution, Outcome.SUCCESS, null,
        TokenUsage.ZERO, Optional.of(BigDecimal.ZERO), Duration.ofMillis(700), null, 0, false,
        true,
        List.of(new Attempt(model, REGION, Outcome.SERVER_ERROR, Duration.ofMillis(600),
            "InternalServerException")),
        null);
  }
}
