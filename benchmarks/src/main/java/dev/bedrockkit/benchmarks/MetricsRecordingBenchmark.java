package dev.bedrockkit.benchmarks;

import dev.bedrockkit.Attempt;
import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener.AttemptEvent;
import dev.bedrockkit.BedrockKitListener.Operation;
import dev.bedrockkit.BedrockKitListener.RequestEvent;
import dev.bedrockkit.BedrockKitMetrics;
import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.TokenUsage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording one request costs on {@link BedrockKitMetrics}: the events the facade
 * publishes for a successful one-attempt chat (one attempt event, one request event), and for a
 * stream. Target: under 2 µs per request. Meters are registered during setup, as they are after
 * the first request of each tag combination in production.
 *
 * <p>Run: {@code mvn -B -pl benchmarks -am -Pjmh -DskipTests verify
 * -Djmh.args="MetricsRecordingBenchmark -f 1 -wi 3 -i 5"}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MetricsRecordingBenchmark {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String REGION = "us-east-1";

  /** Whether timers and summaries publish percentile histograms (more work per record). */
  @Param({"false", "true"})
  public boolean histogram;

  SimpleMeterRegistry registry;
  BedrockKitMetrics metrics;
  PricingCatalog pricing;
  AttemptEvent attempt;
  RequestEvent chat;
  RequestEvent stream;
  TokenUsage usage;

  @Setup
  public void setUp() {
    registry = new SimpleMeterRegistry();
    metrics =
        BedrockKitMetrics.builder(registry)
            .allowedAttributions("search", "support")
            .percentileHistogram(histogram)
            .build();
    pricing = PricingCatalog.ofDefaults();
    usage = new TokenUsage(1_000, 500, 0, 0);
    Optional<BigDecimal> cost = pricing.cost(HAIKU, REGION, usage);
    Duration latency = Duration.ofMillis(420);
    Attempt ok = new Attempt(HAIKU, REGION, Outcome.SUCCESS, latency, null);
    attempt = new AttemptEvent(Operation.CHAT, ok, "search");
    chat =
        new RequestEvent(
            Operation.CHAT, "default", HAIKU, HAIKU, REGION, "faq", "search", Outcome.SUCCESS,
            null, usage, cost, latency, null, 0, false, false, List.of(ok), "req-1");
    stream =
        new RequestEvent(
            Operation.CHAT_STREAM, "default", HAIKU, HAIKU, REGION, "faq", "search",
            Outcome.SUCCESS, null, usage, cost, Duration.ofMillis(1_200), Duration.ofMillis(200),
            120, false, false, List.of(ok), "req-2");
    recordChatRequest();
    recordStreamRequest();
  }

  /** One successful chat as the facade reports it: its attempt, then the request. */
  @Benchmark
  public void recordChatRequest() {
    metrics.onAttempt(attempt);
    metrics.onRequest(chat);
  }

  /** One successful stream: its attempt, then the request (adds three stream meters). */
  @Benchmark
  public void recordStreamRequest() {
    metrics.onAttempt(attempt);
    metrics.onRequest(stream);
  }

  /** Two threads recording chats on the same meters at once (this machine has two cores). */
  @Benchmark
  @Threads(2)
  public void recordChatRequestTwoThreads() {
    metrics.onAttempt(attempt);
    metrics.onRequest(chat);
  }

  /** Pricing one call (BigDecimal arithmetic). */
  @Benchmark
  public Optional<BigDecimal> priceChat() {
    return pricing.cost(HAIKU, REGION, usage);
  }
}
