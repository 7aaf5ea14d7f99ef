package dev.bedrockkit.chaos;

import static dev.bedrockkit.chaos.ChaosContext.DEFAULT_REGION;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.chaos.LoadRunner.Phase;
import dev.bedrockkit.chaos.RequestOutcome.Kind;
import dev.bedrockkit.chaos.ScenarioResult.Check;
import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.Faults;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.RecordedCall;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The chaos scenarios, in the order they run. Each builds its own kit on the shared emulator and
 * Redis, sends a closed-loop load, breaks something at fixed fractions of the run, and reports the
 * table row plus scenario-specific checks.
 *
 * <p>Not thread-safe: one scenario at a time.
 */
public final class Scenarios {
  static final String FIRST = ModelCatalog.CLAUDE_3_5_SONNET;
  static final String SECOND = ModelCatalog.CLAUDE_3_HAIKU;
  static final String PARAMETER = "/bedrock-kit/chaos/models";
  static final List<String> CHAT_OPS = List.of("chat", "chatAsync", "stream");
  static final List<String> ALL_OPS = List.of("chat", "chatAsync", "stream", "invoke", "embed");
  static final List<String> STREAM_OPS = List.of("stream");

  /** A scenario: its name in the table, what it does, and how it runs. */
  public record Scenario(String name, String description, Step run) {}

  /** Runs one scenario against the context. */
  @FunctionalInterface
  public interface Step {
    ScenarioResult run(ChaosContext ctx, Scenario self) throws Exception;
  }

  private Scenarios() {}

  /** Every scenario, in order. */
  public static List<Scenario> all() {
    return List.of(
        new Scenario(
            "429 storm",
            "30 % of all calls throttled (seeded); then the first model throttled always; 2-model"
                + " chain; chat, chatAsync, stream",
            Scenarios::storm),
        new Scenario(
            "429 storm (rate-based breaker)",
            "the same storm with a rate-based circuit breaker (half of at least 20 calls in 10 s"
                + " failed)",
            Scenarios::stormRateBasedBreaker),
        new Scenario(
            "5xx bursts",
            "bursts of 500 on the first model, then 503/424 on every model; degraded message on",
            Scenarios::serverErrors),
        new Scenario(
            "attempt timeouts",
            "first model hangs 3 s (attempt timeout 1 s), then the second answers 1.5 s late too",
            Scenarios::timeouts),
        new Scenario(
            "slow streams",
            "every stream paced 20 ms per event; then the first model silent 1.5 s between"
                + " events (idle timeout 1 s)",
            Scenarios::slowStreams),
        new Scenario(
            "broken streams",
            "first model's streams break before the first token, then after it"
                + " (modelStreamErrorException, internalServerException)",
            Scenarios::brokenStreams),
        new Scenario(
            "region down",
            "first model in us-east-1 then us-west-2; us-east-1 down, then both, then back;"
                + " degraded message on",
            Scenarios::regionDown),
        new Scenario(
            "SSM unavailable",
            "Parameter Store answers 500 to every refresh (refreshNow every 100 ms) while a new"
                + " chain is written; then it recovers",
            Scenarios::ssmUnavailable),
        new Scenario(
            "Redis killed",
            "two tasks share answers through Redis (no in-process tier); redis-server SIGKILLed"
                + " mid-load, restarted later",
            Scenarios::redisKilled),
        new Scenario(
            "kill switch",
            "\"enabled\": false written and refreshed mid-load (30 % throttling on the first model"
                + " keeps retries in flight), then true again; all five operations",
            Scenarios::killSwitch),
        new Scenario(
            "model disabled",
            "the first model switched off (\"enabled\": false on it) mid-load, with retries in"
                + " flight",
            Scenarios::modelDisabled),
        new Scenario(
            "config garbage",
            "8 invalid documents (not JSON, truncated, 70 KB, nested 40 deep, wrong types, an"
                + " alias, a lone surrogate) replace the good one mid-load, then a valid one",
            Scenarios::configGarbage));
  }

  // ------------------------------------------------------------------------------ scenarios

  static ScenarioResult storm(ChaosContext ctx, Scenario self) throws Exception {
    return storm(ctx, self, ctx.policy());
  }

  static ScenarioResult stormRateBasedBreaker(ChaosContext ctx, Scenario self) throws Exception {
    return storm(ctx, self, ctx.rateBasedBreakerPolicy());
  }

  private static ScenarioResult storm(ChaosContext ctx, Scenario self, CallPolicy policy)
      throws Exception {
    BedrockKit kit = ctx.kit(ModelConfigSource.of(ModelConfig.of(FIRST, SECOND)), null, policy);
    Faults faults = ctx.emulator.faults();
    AtomicReference<CircuitState> firstCircuit = new AtomicReference<>();
    AtomicReference<Map<String, CircuitState>> duringStorm = new AtomicReference<>();
    Instant[] marks = new Instant[2];
    List<Phase> phases =
        List.of(
            new Phase(0.1, "storm", () -> faults.throttleRate(0.3, ctx.settings.seed())),
            new Phase(0.45, "storm sample", () -> duringStorm.set(kit.circuitStates())),
            new Phase(
                0.5,
                "first down",
                () -> {
                  faults.forModel(FIRST).throttleRate(1.0, 7);
                  marks[0] = Instant.now();
                }),
            new Phase(
                0.85,
                "circuit sample",
                () -> firstCircuit.set(kit.circuitStates().get(FIRST + "@" + DEFAULT_REGION))),
            new Phase(
                0.9,
                "calm",
                () -> {
                  marks[1] = Instant.now();
                  faults.reset();
                }));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    long secondAnswers =
        ctx.callsBetween(marks[0], marks[1], c -> c.succeeded() && SECOND.equals(c.modelId())).size();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "no circuit opened in the 30 % storm",
                duringStorm.get() != null
                    && duringStorm.get().values().stream().allMatch(st -> st == CircuitState.CLOSED),
                "circuits near the end of the storm: " + duringStorm.get()),
            new Check(
                "the second model answered while the first was always throttled",
                secondAnswers > 0,
                secondAnswers + " answers; the first model's circuit was " + firstCircuit.get()
                    + " near the end")));
  }

  static ScenarioResult serverErrors(ChaosContext ctx, Scenario self) throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .chain("default", ModelTarget.of(FIRST), ModelTarget.of(SECOND))
            .degradedMessage("The assistant is busy; please try again in a minute.")
            .build();
    BedrockKit kit = ctx.kit(ModelConfigSource.of(config), null);
    Faults faults = ctx.emulator.faults();
    int burst = ctx.settings.callers() * 10;
    Instant[] recovered = new Instant[1];
    List<Phase> phases =
        List.of(
            new Phase(0.15, "500 burst", () -> faults.forModel(FIRST).serverErrorNext(burst)),
            new Phase(
                0.45,
                "503/424 everywhere",
                () -> {
                  faults.serviceUnavailableNext(burst);
                  faults.modelErrorNext(burst / 2);
                }),
            new Phase(
                0.6,
                "recover",
                () -> {
                  faults.reset();
                  recovered[0] = Instant.now();
                }));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    long answeredAfter =
        ctx.callsBetween(recovered[0], null, RecordedCall::succeeded).size();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "models answer again after the bursts", answeredAfter > 0,
                answeredAfter + " successful calls after recovery")));
  }

  static ScenarioResult timeouts(ChaosContext ctx, Scenario self) throws Exception {
    BedrockKit kit = ctx.kit(ModelConfigSource.of(ModelConfig.of(FIRST, SECOND)), null);
    Faults faults = ctx.emulator.faults();
    int n = ctx.settings.callers() * 6;
    List<Phase> phases =
        List.of(
            new Phase(0.15, "first hangs", () -> faults.forModel(FIRST).timeoutNext(n, Duration.ofSeconds(3))),
            new Phase(
                0.45, "second late", () -> faults.forModel(SECOND).delayNext(n, Duration.ofMillis(1500))),
            new Phase(0.8, "recover", faults::reset));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    return ctx.result(self.name(), self.description(), run, null, List.of());
  }

  static ScenarioResult slowStreams(ChaosContext ctx, Scenario self) throws Exception {
    BedrockKit kit = ctx.kit(ModelConfigSource.of(ModelConfig.of(FIRST, SECOND)), null);
    Faults faults = ctx.emulator.faults();
    List<Fault> stall = new CopyOnWriteArrayList<>();
    List<Phase> phases =
        List.of(
            new Phase(0.0, "paced", () -> faults.slowStreams(Duration.ofMillis(20))),
            new Phase(
                0.3,
                "first stalls",
                () -> stall.add(faults.forModel(FIRST).slowStreams(Duration.ofMillis(1500)))),
            new Phase(0.7, "first recovers", () -> stall.forEach(Fault::cancel)));
    var run =
        ctx.load(self.name(), STREAM_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    long idleLimit = ctx.settings.attemptTimeout().plus(ctx.settings.grace()).toNanos();
    long silentTooLong =
        run.outcomes().stream().filter(o -> o.maxSilenceNanos() > idleLimit).count();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "no stream that had started to answer stayed silent longer than the attempt"
                    + " timeout without being ended",
                silentTooLong == 0,
                silentTooLong + " streams silent > " + idleLimit / 1_000_000 + " ms")));
  }

  static ScenarioResult brokenStreams(ChaosContext ctx, Scenario self) throws Exception {
    BedrockKit kit = ctx.kit(ModelConfigSource.of(ModelConfig.of(FIRST, SECOND)), null);
    Faults faults = ctx.emulator.faults();
    List<Fault> active = new CopyOnWriteArrayList<>();
    List<Phase> phases =
        List.of(
            new Phase(
                0.1,
                "break before first token",
                () -> active.add(faults.forModel(FIRST).breakStreamAfter(0, "throttlingException"))),
            new Phase(
                0.4,
                "break after first token",
                () -> {
                  active.forEach(Fault::cancel);
                  active.add(faults.forModel(FIRST).breakStreamAfter(4, "modelStreamErrorException"));
                }),
            new Phase(
                0.65,
                "5xx mid-stream",
                () -> {
                  active.forEach(Fault::cancel);
                  active.add(faults.forModel(FIRST).breakStreamAfter(3, "internalServerException"));
                }),
            new Phase(0.9, "recover", () -> active.forEach(Fault::cancel)));
    var run =
        ctx.load(self.name(), STREAM_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    return ctx.result(self.name(), self.description(), run, null, List.of());
  }

  static ScenarioResult regionDown(ChaosContext ctx, Scenario self) throws Exception {
    ModelConfig config =
        ModelConfig.builder()
            .chain(
                "default",
                ModelTarget.builder(FIRST).regions("us-east-1", "us-west-2").build(),
                ModelTarget.builder(SECOND).regions("us-east-1").build())
            .degradedMessage("The assistant is busy; please try again in a minute.")
            .build();
    BedrockKit kit = ctx.kit(ModelConfigSource.of(config), null);
    Faults faults = ctx.emulator.faults();
    List<Fault> down = new CopyOnWriteArrayList<>();
    Instant[] marks = new Instant[3];
    List<Phase> phases =
        List.of(
            new Phase(
                0.25,
                "us-east-1 down",
                () -> {
                  down.add(faults.regionDown("us-east-1"));
                  marks[0] = Instant.now();
                }),
            new Phase(
                0.5,
                "us-west-2 down too",
                () -> {
                  down.add(faults.regionDown("us-west-2"));
                  marks[1] = Instant.now();
                }),
            new Phase(
                0.75,
                "regions back",
                () -> {
                  down.forEach(Fault::cancel);
                  marks[2] = Instant.now();
                }));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    long westAnswers =
        ctx.callsBetween(marks[0], marks[1], c -> c.succeeded() && "us-west-2".equals(c.region())).size();
    long eastAnswersWhileDown =
        ctx.callsBetween(marks[0], marks[2], c -> c.succeeded() && "us-east-1".equals(c.region())).size();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "us-west-2 answered while us-east-1 was down", westAnswers > 0,
                westAnswers + " answers from us-west-2"),
            new Check(
                "us-east-1 answered nothing while down", eastAnswersWhileDown == 0,
                eastAnswersWhileDown + " answers"),
            new Check(
                "callers got degraded answers, not errors, while every region was down",
                ctx.countKind(run, Kind.DEGRADED) > 0,
                ctx.countKind(run, Kind.DEGRADED) + " degraded")));
  }

  static ScenarioResult ssmUnavailable(ChaosContext ctx, Scenario self) throws Exception {
    ctx.emulator.putParameter(PARAMETER, document(true, null, FIRST, SECOND));
    ParameterStoreConfigSource source = parameterStore(ctx);
    BedrockKit kit = ctx.kit(source, null);
    Faults faults = ctx.emulator.faults();
    List<Fault> outage = new CopyOnWriteArrayList<>();
    AtomicReference<ParameterStoreConfigSource.Status> during = new AtomicReference<>();
    Instant[] recovered = new Instant[1];
    AtomicBoolean running = new AtomicBoolean(true);
    Thread refresher = refresher(source, running);
    List<Phase> phases =
        List.of(
            new Phase(0.2, "SSM down", () -> outage.add(faults.ssmUnavailable())),
            new Phase(
                0.4,
                "new chain written",
                () -> ctx.emulator.putParameter(PARAMETER, document(true, null, SECOND, FIRST))),
            new Phase(0.6, "status sample", () -> during.set(source.status())),
            new Phase(
                0.7,
                "SSM back",
                () -> {
                  outage.forEach(Fault::cancel);
                  source.refreshNow();
                  recovered[0] = Instant.now();
                }));
    LoadRunner.Run run;
    try {
      run =
          ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    } finally {
      running.set(false);
      refresher.join(5000);
    }
    long unreadableWarnings =
        ctx.logs.warnings().stream().filter(w -> w.contains("Could not read Parameter Store")).count();
    long newFirstAfter =
        ctx.callsBetween(recovered[0], null, c -> SECOND.equals(c.modelId())).size();
    ParameterStoreConfigSource.Status d = during.get();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "during the outage the last good version stayed in force and the source said"
                    + " unavailable",
                d != null && d.unavailable() && "1".equals(d.version()),
                String.valueOf(d)),
            new Check(
                "after recovery the chain written during the outage applies",
                "2".equals(kit.modelConfig().version()) && newFirstAfter > 0,
                "version " + kit.modelConfig().version() + ", " + newFirstAfter
                    + " calls to the new first model"),
            new Check(
                "one WARN for the whole outage", unreadableWarnings == 1,
                unreadableWarnings + " WARN lines")));
  }

  static ScenarioResult redisKilled(ChaosContext ctx, Scenario self) throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    Function<String, BedrockKit> task =
        name -> {
          RedisTier tier =
              ctx.closeAfterScenario(
                  RedisTier.builder().uri(ctx.redis.uri()).meterRegistry(meters).build());
          ExactCache cache =
              ExactCache.builder().redis(tier).localMaxEntries(0).meterRegistry(meters).build();
          return ctx.kit(ModelConfigSource.of(ModelConfig.of(FIRST, SECOND)), cache);
        };
    BedrockKit a = task.apply("a");
    BedrockKit b = task.apply("b");
    var requestsA = ctx.requests(a, i -> cached(ctx, i), null);
    var requestsB = ctx.requests(b, i -> cached(ctx, i), null);
    Map<String, LoadRunner.Request> both = new LinkedHashMap<>();
    for (String op : CHAT_OPS) {
      both.put(op + "@a", requestsA.get(op));
      both.put(op + "@b", requestsB.get(op));
    }
    double[] hitsAtRestart = new double[1];
    List<Phase> phases =
        List.of(
            new Phase(0.3, "kill redis", ctx.redis::kill),
            new Phase(
                0.55,
                "restart redis",
                () -> {
                  ctx.redis.restart();
                  hitsAtRestart[0] = redisHits(meters);
                }));
    ChaosSettings longer = ctx.settings.with(ctx.settings.callers(), ctx.settings.duration().multipliedBy(2));
    var run = new LoadRunner(longer, self.name()).run(new ArrayList<>(both.keySet()), both, phases);
    double hitsAfter = redisHits(meters) - hitsAtRestart[0];
    List<String> redisWarnings =
        ctx.logs.warnings().stream().filter(w -> w.contains("RedisStore")).toList();
    long outageWarnings = redisWarnings.size();
    return ctx.result(
        self.name(),
        self.description() + " (this scenario runs twice as long, to see the reconnection)",
        run,
        null,
        List.of(
            new Check(
                "answers are shared through Redis again after the restart", hitsAfter > 0,
                (long) hitsAfter + " Redis hits after the restart"),
            new Check(
                "the outage was logged at WARN (once per outage: a 75 ms timeout on a starved"
                    + " machine is an outage of its own)",
                outageWarnings >= 1,
                outageWarnings + " WARN lines from RedisStore for 2 tasks")));
  }

  private static ChatRequest cached(ChaosContext ctx, int i) {
    return ctx.chat(i, 16).cacheScope(CacheScope.tenant("acme")).build();
  }

  private static double redisHits(SimpleMeterRegistry meters) {
    return meters.find("bedrockkit.cache.requests").tag("tier", "redis").tag("result", "hit")
        .counters().stream().mapToDouble(Counter::count).sum();
  }

  static ScenarioResult killSwitch(ChaosContext ctx, Scenario self) throws Exception {
    ctx.emulator.putParameter(PARAMETER, document(true, null, FIRST, SECOND));
    ParameterStoreConfigSource source = parameterStore(ctx);
    BedrockKit kit = ctx.kit(source, null);
    ctx.emulator.faults().forModel(FIRST).throttleRate(0.3, ctx.settings.seed());
    Instant[] off = new Instant[2];
    List<Phase> phases =
        List.of(
            new Phase(
                0.4,
                "switch off",
                () -> {
                  ctx.emulator.putParameter(PARAMETER, document(false, null, FIRST, SECOND));
                  source.refreshNow();
                  off[0] = Instant.now();
                }),
            new Phase(
                0.8,
                "switch on",
                () -> {
                  off[1] = Instant.now();
                  ctx.emulator.putParameter(PARAMETER, document(true, null, FIRST, SECOND));
                  source.refreshNow();
                }));
    var run =
        ctx.load(
            self.name(), ALL_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), SECOND), phases);
    List<RecordedCall> reached = ctx.callsDecidedBetween(off[0], off[1], c -> true);
    long killSwitchFailures =
        run.outcomes().stream().filter(o -> "KillSwitchEngagedException".equals(o.error())).count();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        reached.size(),
        List.of(
            new Check(
                "callers got KillSwitchEngagedException while the switch was off",
                killSwitchFailures > 0, killSwitchFailures + " requests"),
            noCallDecided(
                "no call was decided while the switch was off", ctx, reached, off[0], off[1],
                c -> true)));
  }

  static ScenarioResult modelDisabled(ChaosContext ctx, Scenario self) throws Exception {
    ctx.emulator.putParameter(PARAMETER, document(true, null, FIRST, SECOND));
    ParameterStoreConfigSource source = parameterStore(ctx);
    BedrockKit kit = ctx.kit(source, null);
    ctx.emulator.faults().forModel(FIRST).throttleRate(0.3, ctx.settings.seed());
    Instant[] off = new Instant[1];
    List<Phase> phases =
        List.of(
            new Phase(
                0.4,
                "first model off",
                () -> {
                  ctx.emulator.putParameter(
                      PARAMETER,
                      "{\"chains\":{\"default\":[{\"modelId\":\"" + FIRST + "\",\"enabled\":false},"
                          + "{\"modelId\":\"" + SECOND + "\"}]}}");
                  source.refreshNow();
                  off[0] = Instant.now();
                }));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    Predicate<RecordedCall> toFirst = c -> FIRST.equals(c.modelId());
    List<RecordedCall> reached = ctx.callsDecidedBetween(off[0], null, toFirst);
    long secondAfter = ctx.callsBetween(off[0], null, c -> SECOND.equals(c.modelId())).size();
    return ctx.result(
        self.name(),
        self.description(),
        run,
        reached.size(),
        List.of(
            new Check("the second model took over", secondAfter > 0, secondAfter + " calls"),
            noCallDecided(
                "no call to the disabled model was decided after the switch", ctx, reached,
                off[0], null, toFirst)));
  }

  static ScenarioResult configGarbage(ChaosContext ctx, Scenario self) throws Exception {
    ctx.emulator.putParameter(PARAMETER, document(true, null, FIRST, SECOND));
    ParameterStoreConfigSource source = parameterStore(ctx);
    BedrockKit kit = ctx.kit(source, null);
    String secret = "garbage-canary-" + Long.toHexString(ctx.settings.seed() * 7919);
    ctx.logs.forbidAnywhere(secret);
    List<String> garbage = garbageDocuments(secret);
    List<Phase> phases = new ArrayList<>();
    for (int g = 0; g < garbage.size(); g++) {
      String doc = garbage.get(g);
      phases.add(
          new Phase(
              0.15 + 0.6 * g / garbage.size(),
              "garbage " + (g + 2),
              () -> {
                ctx.emulator.putParameter(PARAMETER, doc);
                source.refreshNow();
              }));
    }
    String[] during = new String[2];
    phases.add(
        new Phase(
            0.8,
            "valid again",
            () -> {
              during[0] = kit.modelConfig().version();
              during[1] = source.status().rejectedVersion();
              ctx.emulator.putParameter(PARAMETER, document(true, null, SECOND));
              source.refreshNow();
            }));
    var run =
        ctx.load(self.name(), CHAT_OPS, ctx.requests(kit, i -> ctx.chat(i, 0).build(), null), phases);
    long rejectedWarnings =
        ctx.logs.warnings().stream().filter(w -> w.contains("Rejected version")).count();
    String lastGarbage = Integer.toString(garbage.size() + 1);
    String finalVersion = Integer.toString(garbage.size() + 2);
    return ctx.result(
        self.name(),
        self.description(),
        run,
        null,
        List.of(
            new Check(
                "the last good version stayed in force through every bad one",
                "1".equals(during[0]) && lastGarbage.equals(during[1]),
                "in force " + during[0] + ", last rejected " + during[1]),
            new Check(
                "one WARN per rejected version", rejectedWarnings == garbage.size(),
                rejectedWarnings + " WARN lines for " + garbage.size() + " versions"),
            new Check(
                "the next valid version applied", finalVersion.equals(kit.modelConfig().version()),
                "version " + kit.modelConfig().version())));
  }

  // ------------------------------------------------------------------------------ helpers

  /** Invalid model configuration documents, each carrying {@code secret} somewhere. */
  static List<String> garbageDocuments(String secret) {
    StringBuilder deep = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      deep.append("{\"chains\":");
    }
    deep.append('"').append(secret).append('"');
    deep.append("}".repeat(40));
    String huge =
        "{\"degradedMessage\":\"" + secret + "x".repeat(70 * 1024) + "\",\"chains\":{\"default\":"
            + "[{\"modelId\":\"" + SECOND + "\"}]}}";
    return List.of(
        "not json at all: " + secret,
        "{\"enabled\": true, \"chains\": {\"default\": [{\"modelId\": \"" + SECOND + "\"}], \""
            + secret,
        huge,
        deep.toString(),
        "{\"enabled\": \"" + secret + "\", \"chains\": {\"default\": \"" + secret + "\"}}",
        "{\"chains\": {\"default\": [{\"modelId\": \"anthropic.claude-3-haiku\"}]},"
            + " \"degradedMessage\": 42, \"notes\": \"" + secret + "\"}",
        "{\"chains\": {\"default\": [{\"modelId\": \"" + SECOND + "\", \"maxTokens\": -1,"
            + " \"temperature\": \"" + secret + "\"}]}}",
        "{\"degradedMessage\": \"\uD800" + secret + "\u0000\", \"chains\": {}}");
  }

  static String document(boolean enabled, String degraded, String... models) {
    StringBuilder sb = new StringBuilder("{\"enabled\":").append(enabled).append(",\"chains\":{\"default\":[");
    for (int i = 0; i < models.length; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"modelId\":\"").append(models[i]).append("\"}");
    }
    sb.append("]}");
    if (degraded != null) {
      sb.append(",\"degradedMessage\":").append(ChaosContext.jsonString(degraded));
    }
    return sb.append('}').toString();
  }

  static ParameterStoreConfigSource parameterStore(ChaosContext ctx) {
    ParameterStoreConfigSource source =
        ParameterStoreConfigSource.builder()
            .ssmClient(ctx.ssmClient())
            .parameterName(PARAMETER)
            .refreshInterval(Duration.ofHours(1))
            .build()
            .start();
    return ctx.closeAfterScenario(source);
  }

  private static Thread refresher(ParameterStoreConfigSource source, AtomicBoolean running) {
    Thread t =
        new Thread(
            () -> {
              while (running.get()) {
                try {
                  source.refreshNow();
                  Thread.sleep(100);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  System.err.println("[chaos] refreshNow threw " + e);
                }
              }
            },
            "chaos-refresher");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /**
   * The check that no call matching {@code calls} was decided between {@code from} and {@code to}
   * ({@code reached}), with the calls in flight when the switch was thrown for context.
   */
  private static Check noCallDecided(
      String what,
      ChaosContext ctx,
      List<RecordedCall> reached,
      Instant from,
      Instant to,
      Predicate<RecordedCall> calls) {
    int started = ctx.callsStartedBetween(from, to, calls).size();
    int arrived = ctx.callsBetween(from, to, calls).size();
    return new Check(
        what,
        reached.isEmpty(),
        describeReached(ctx, reached, from) + "; in flight when it was thrown (decided before,"
            + " started by the SDK after: " + (started - reached.size()) + "; arrived after: "
            + (arrived - reached.size()) + ")");
  }

  private static String describeReached(ChaosContext ctx, List<RecordedCall> reached, Instant off) {
    if (reached.isEmpty()) {
      return "none";
    }
    long before = 0;
    long after = 0;
    long unknown = 0;
    for (RecordedCall c : reached) {
      Instant sent = ctx.sentAt(c);
      if (sent == null) {
        unknown++;
      } else if (sent.isBefore(off)) {
        before++;
      } else {
        after++;
      }
    }
    return reached.size() + " calls: " + before + " from requests sent before the switch (retries"
        + " and fallbacks in flight), " + after + " from requests sent after it, " + unknown
        + " unknown";
  }
}
