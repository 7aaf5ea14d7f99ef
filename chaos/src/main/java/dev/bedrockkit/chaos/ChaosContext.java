package dev.bedrockkit.chaos;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.InvokeRequest;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.StreamListener;
import dev.bedrockkit.chaos.LoadRunner.Phase;
import dev.bedrockkit.chaos.LoadRunner.Request;
import dev.bedrockkit.chaos.RequestOutcome.Kind;
import dev.bedrockkit.chaos.ScenarioResult.Check;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.RecordedCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Everything the scenarios share: one emulator (reset between scenarios), one Redis, the log
 * scanner, the kits they build (with a scaled-down call policy) and the requests they send. Every
 * prompt carries a canary the log scanner refuses at INFO and above, and the request's index, so
 * that the emulator's journal tells which request made each call.
 *
 * <p>Not thread-safe: scenarios run one after another.
 */
public final class ChaosContext implements AutoCloseable {
  static final String DEFAULT_REGION = "us-east-1";
  private static final Pattern INDEX = Pattern.compile("\\[r(\\d+)]");

  final ChaosSettings settings;
  final BedrockEmulator emulator;
  final RedisServer redis;
  final LogScanner logs;
  /** Part of every prompt; must never be logged at INFO or above. */
  final String canary = "chaos-canary-" + UUID.randomUUID().toString().substring(0, 8);

  private final List<AutoCloseable> perScenario = new ArrayList<>();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final Map<Integer, Instant> sentAt = new ConcurrentHashMap<>();

  ChaosContext(ChaosSettings settings) throws Exception {
    this.settings = settings;
    this.emulator =
        BedrockEmulator.builder()
            .latency(LatencyModel.of(Duration.ofMillis(10), 400))
            .containerThreads(Math.max(64, settings.callers() * 3))
            .journalCapacity(200_000)
            .start();
    this.redis = RedisServer.start();
    this.logs = LogScanner.attach().forbidAtInfo(canary);
    this.observations.observationConfig().observationHandler(new StartStamp.Decisions());
  }

  /**
   * Runs an unmeasured healthy load (every operation, {@code duration}) so that the first scenario
   * does not pay for class loading and JIT compilation: on a cold JVM the first requests take
   * seconds, which is not what any fault costs.
   */
  void warmUp(Duration duration) throws Exception {
    BedrockKit kit =
        kit(ModelConfigSource.of(dev.bedrockkit.ModelConfig.of(Scenarios.FIRST, Scenarios.SECOND)), null);
    new LoadRunner(settings.with(settings.callers(), duration), "warm-up")
        .run(Scenarios.ALL_OPS, requests(kit, i -> chat(i, 0).build(), Scenarios.SECOND), List.of());
    endScenario();
  }

  /**
   * The policy of most kits: the settings' timeouts, backoff 20-200 ms, and the default circuit
   * breaker (5 consecutive failures in 60 s, or 90 % of 10 s of calls throttled) probing after
   * 1 s instead of 30 s, so a scenario sees circuits close again within its run.
   */
  CallPolicy policy() {
    return CallPolicy.builder()
        .attemptTimeout(settings.attemptTimeout())
        .deadline(settings.deadline())
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .circuitBreaker(CircuitBreakerSettings.ofDefaults().withOpenDelay(Duration.ofSeconds(1)))
        .build();
  }

  /** {@link #policy()} with a rate-based breaker: half of at least 20 calls in 10 s failed. */
  CallPolicy rateBasedBreakerPolicy() {
    return policy().toBuilder()
        .circuitBreaker(
            CircuitBreakerSettings.rateBased(50, 20, Duration.ofSeconds(10))
                .withOpenDelay(Duration.ofSeconds(1)))
        .build();
  }

  /** A kit with per-region clients on the emulator, closed when the scenario ends. */
  BedrockKit kit(ModelConfigSource config, ResponseCache cache) {
    return kit(config, cache, policy());
  }

  /** Like {@link #kit(ModelConfigSource, ResponseCache)} with another call policy. */
  BedrockKit kit(ModelConfigSource config, ResponseCache cache, CallPolicy policy) {
    Map<String, BedrockRuntimeClient> sync = new ConcurrentHashMap<>();
    Map<String, BedrockRuntimeAsyncClient> async = new ConcurrentHashMap<>();
    BedrockKit.Builder b =
        BedrockKit.builder()
            .client(sync.computeIfAbsent(DEFAULT_REGION, this::syncClient))
            .asyncClient(async.computeIfAbsent(DEFAULT_REGION, this::asyncClient))
            .clientFactory(r -> sync.computeIfAbsent(r, this::syncClient))
            .asyncClientFactory(r -> async.computeIfAbsent(r, this::asyncClient))
            .modelConfig(config)
            .callPolicy(policy)
            .observationRegistry(observations)
            .meterRegistry(new SimpleMeterRegistry());
    if (cache != null) {
      b.responseCache(cache);
    }
    BedrockKit kit = b.build();
    perScenario.add(kit);
    perScenario.add(() -> sync.values().forEach(BedrockRuntimeClient::close));
    perScenario.add(() -> async.values().forEach(BedrockRuntimeAsyncClient::close));
    return kit;
  }

  private BedrockRuntimeClient syncClient(String region) {
    // Sized like a production pool: one connection per caller and then some, so callers never
    // wait for a connection (that is a pool-sizing finding of its own, not a fault injected here).
    return EmulatorClients.bedrock(emulator, region)
        .overrideConfiguration(
            c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(new StartStamp()))
        .httpClientBuilder(
            Apache5HttpClient.builder()
                .maxConnections(settings.callers() * 2 + 16)
                .connectionAcquisitionTimeout(Duration.ofSeconds(2)))
        .build();
  }

  private BedrockRuntimeAsyncClient asyncClient(String region) {
    return EmulatorClients.bedrockAsync(emulator, region)
        .overrideConfiguration(
            c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).addExecutionInterceptor(new StartStamp()))
        .build();
  }

  SsmClient ssmClient() {
    SsmClient ssm = EmulatorClients.ssm(emulator, DEFAULT_REGION).build();
    perScenario.add(ssm);
    return ssm;
  }

  /** Closes a resource when the scenario ends (first registered, first closed). */
  <T extends AutoCloseable> T closeAfterScenario(T resource) {
    perScenario.add(resource);
    return resource;
  }

  // ------------------------------------------------------------------------------ requests

  /**
   * The prompt of request {@code index}: the canary and, when {@code distinct} is 0, the index
   * (every prompt differs); otherwise one of {@code distinct} questions (for cache hits).
   */
  String prompt(int index, int distinct) {
    if (distinct > 0) {
      return canary + " shared question " + (index % distinct) + ": how do I rotate my keys?";
    }
    return "[r" + index + "] " + canary + " question: how do I rotate my keys?";
  }

  ChatRequest.Builder chat(int index, int distinct) {
    sentAt.put(index, Instant.now());
    return ChatRequest.builder().user(prompt(index, distinct)).maxTokens(64);
  }

  /** The requests every scenario may mix: chat, chatAsync, stream, invoke, embed. */
  Map<String, Request> requests(
      BedrockKit kit, java.util.function.IntFunction<ChatRequest> request, String invokeModel) {
    Map<String, Request> m = new LinkedHashMap<>();
    m.put("chat", (i, r, s) -> CompletableFuture.completedFuture(kit.chat(request.apply(i)).degraded()));
    m.put("chatAsync", (i, r, s) -> kit.chatAsync(request.apply(i)).thenApply(ChatResponse::degraded));
    m.put(
        "stream",
        (i, r, s) ->
            kit.stream(request.apply(i), (StreamListener) delta -> s.tick())
                .thenApply(ChatResponse::degraded));
    if (invokeModel != null) {
      m.put(
          "invoke",
          (i, r, s) -> {
            sentAt.put(i, Instant.now());
            kit.invoke(InvokeRequest.of(invokeModel, claudeBody(prompt(i, 0))));
            return CompletableFuture.completedFuture(false);
          });
      m.put(
          "embed",
          (i, r, s) -> {
            sentAt.put(i, Instant.now());
            kit.embed(prompt(i, 0), 256, true);
            return CompletableFuture.completedFuture(false);
          });
    }
    return m;
  }

  static String claudeBody(String text) {
    return "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":64,"
        + "\"messages\":[{\"role\":\"user\",\"content\":" + jsonString(text) + "}]}";
  }

  static String jsonString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  // ------------------------------------------------------------------------------ running

  /** Runs a load with the given request mix and phases. */
  LoadRunner.Run load(String name, List<String> ops, Map<String, Request> requests, List<Phase> phases)
      throws InterruptedException {
    return new LoadRunner(settings, name).run(ops, requests, phases);
  }

  /**
   * Bedrock calls the emulator received after {@code from} and before {@code to} ({@code null}:
   * no end) that match {@code which}.
   */
  List<RecordedCall> callsBetween(Instant from, Instant to, Predicate<RecordedCall> which) {
    return calls(RecordedCall::timestamp, from, to, which);
  }

  /** Like {@link #callsDecidedBetween} by the instant the SDK started each call. */
  List<RecordedCall> callsStartedBetween(Instant from, Instant to, Predicate<RecordedCall> which) {
    return calls(StartStamp::started, from, to, which);
  }

  /**
   * Bedrock calls bedrock-kit decided after {@code from} and before {@code to} ({@code null}: no
   * end) that match {@code which}: the calls a switch thrown at {@code from} should have stopped.
   */
  List<RecordedCall> callsDecidedBetween(Instant from, Instant to, Predicate<RecordedCall> which) {
    return calls(StartStamp::decided, from, to, which);
  }

  private List<RecordedCall> calls(
      Function<RecordedCall, Instant> when, Instant from, Instant to, Predicate<RecordedCall> which) {
    List<RecordedCall> out = new ArrayList<>();
    for (RecordedCall c : emulator.journal().all()) {
      Instant at = when.apply(c);
      if (c.modelId() != null
          && at != null
          && at.isAfter(from)
          && (to == null || at.isBefore(to))
          && which.test(c)) {
        out.add(c);
      }
    }
    return out;
  }

  /** When the request behind a recorded call was sent, or {@code null} if unknown. */
  Instant sentAt(RecordedCall call) {
    Matcher m = INDEX.matcher(call.rawBody() == null ? "" : call.rawBody());
    return m.find() ? sentAt.get(Integer.parseInt(m.group(1))) : null;
  }

  /** Builds the table row for a run. */
  ScenarioResult result(
      String name, String description, LoadRunner.Run run, Integer disabledCalls, List<Check> checks) {
    return summarize(settings, name, description, run, disabledCalls, checks, logs.violations());
  }

  /** Builds the table row for a run under {@code settings}, with the log leaks seen meanwhile. */
  static ScenarioResult summarize(
      ChaosSettings settings,
      String name,
      String description,
      LoadRunner.Run run,
      Integer disabledCalls,
      List<Check> checks,
      List<String> logViolations) {
    List<RequestOutcome> all = run.outcomes();
    Map<String, Long> typed = new TreeMap<>();
    Map<String, Long> other = new TreeMap<>();
    long ok = 0;
    long degraded = 0;
    long hung = 0;
    long pastDeadline = 0;
    for (RequestOutcome o : all) {
      switch (o.kind()) {
        case OK -> ok++;
        case DEGRADED -> degraded++;
        case TYPED -> typed.merge(o.error(), 1L, Long::sum);
        case OTHER -> other.merge(o.error(), 1L, Long::sum);
        case HUNG -> { }
      }
      if (o.hung()) {
        hung++;
      }
      pastDeadline = Math.max(pastDeadline, o.latencyNanos() - settings.deadline().toNanos());
    }
    List<Check> allChecks = new ArrayList<>(checks);
    for (String sample : run.samples()) {
      if (sample.startsWith("phase ")) {
        allChecks.add(new Check("scenario phases ran", false, sample));
      }
    }
    ScenarioResult r =
        new ScenarioResult(
            name,
            description,
            all.size(),
            ok,
            degraded,
            typed,
            other,
            hung,
            disabledCalls,
            LoadRunner.percentileMillis(all, 50),
            LoadRunner.percentileMillis(all, 99),
            LoadRunner.percentileMillis(all, 100),
            Math.max(0, pastDeadline) / 1e6,
            logViolations,
            allChecks);
    if (!r.passed()) {
      run.samples().forEach(s -> System.err.println("[chaos " + name + "] " + s));
    }
    return r;
  }

  /** Ends a scenario: closes its kits and clients, resets the emulator, brings Redis back. */
  void endScenario() throws IOException {
    for (AutoCloseable c : perScenario) {
      try {
        c.close();
      } catch (Exception e) {
        System.err.println("[chaos] closing " + c + " failed: " + e);
      }
    }
    perScenario.clear();
    emulator.reset();
    emulator.journal().clear();
    sentAt.clear();
    if (!redis.running()) {
      try {
        redis.restart();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while restarting redis-server", e);
      }
    }
    redis.command("FLUSHALL");
    logs.clear();
  }

  long countKind(LoadRunner.Run run, Kind kind) {
    return run.outcomes().stream().filter(o -> o.kind() == kind).count();
  }

  @Override
  public void close() throws IOException {
    try {
      endScenario();
    } finally {
      logs.close();
      redis.close();
      emulator.close();
    }
  }
}
