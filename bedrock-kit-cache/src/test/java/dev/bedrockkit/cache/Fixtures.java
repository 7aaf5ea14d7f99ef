package dev.bedrockkit.cache;

import dev.bedrockkit.Attempt;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** Requests, answers, loaders and a settable clock for cache tests. */
final class Fixtures {
  static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  static final CacheScope ACME = CacheScope.tenant("acme");
  static final CacheScope GLOBEX = CacheScope.tenant("globex");

  private Fixtures() {}

  static ChatRequest request(String user, CacheScope scope) {
    return ChatRequest.builder().model(MODEL).user(user).cacheScope(scope).build();
  }

  static ChatRequest request(String user) {
    return request(user, ACME);
  }

  static ChatResponse answer(String text) {
    return answer(text, StopReason.END_TURN, new BigDecimal("0.0125"));
  }

  static ChatResponse answer(String text, StopReason stop, BigDecimal cost) {
    Message message =
        Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText(text))
            .build();
    return new ChatResponse(
        text,
        List.of(),
        message,
        stop,
        new TokenUsage(120, 40, 0, 0),
        Duration.ofMillis(850),
        MODEL,
        "us-east-1",
        List.of(new Attempt(MODEL, "us-east-1", Attempt.Outcome.SUCCESS, Duration.ofMillis(800),
            null)),
        false,
        false,
        Optional.ofNullable(cost),
        0,
        "req-1");
  }

  static ChatResponse degraded(String text) {
    return new ChatResponse(text, List.of(), null, null, TokenUsage.ZERO, Duration.ofMillis(3),
        null, null, List.of(), false, true, Optional.of(BigDecimal.ZERO), 0, null);
  }

  /** A loader that counts its calls and answers with the request's user text. */
  static final class CountingLoader implements Function<ChatRequest, CompletableFuture<ChatResponse>> {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<ChatResponse> apply(ChatRequest r) {
      int n = calls.incrementAndGet();
      return CompletableFuture.completedFuture(answer("answer " + n + " to " + r.lastUserText()));
    }

    int calls() {
      return calls.get();
    }
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock() {
      this(Instant.parse("2026-11-25T12:00:00Z"));
    }

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public long millis() {
      return now.toEpochMilli();
    }
  }

  /** Polls {@code condition} until it holds or {@code max} passes; returns whether it held. */
  static boolean eventually(Duration max, BooleanSupplier condition) {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
    return condition.getAsBoolean();
  }
}
