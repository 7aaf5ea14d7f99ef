package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Fault;
import dev.bedrockkit.test.ParameterType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * {@link ParameterStoreConfigSource} against the real {@link SsmClient} talking to the emulator's
 * Parameter Store over HTTP. Refreshes run when the test calls the scheduled task ({@link
 * ManualScheduler}) or {@code refreshNow()}; time moves only with {@link MutableClock}.
 */
class ParameterStoreConfigSourceTest {
  @RegisterExtension
  static final BedrockEmulatorExtension AWS = BedrockEmulatorExtension.create();

  private static final String NAME = "/bedrock-kit/test/models";
  private static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  private static final String SECRET = "do-not-log-0xC0FFEE";

  private final ManualScheduler scheduler = new ManualScheduler();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final RecordingListener listener = new RecordingListener();
  private LogCapture log;
  private BedrockEmulator emulator;
  private SsmClient ssm;

  @BeforeEach
  void setUp() {
    emulator = AWS.emulator();
    ssm = AWS.ssmClient();
    log = LogCapture.of(ParameterStoreConfigSource.class);
  }

  @AfterEach
  void tearDown() {
    log.close();
  }

  private static String document(String modelId) {
    return "{\"chains\": {\"default\": [{\"modelId\": \"" + modelId + "\"}]},"
        + " \"degradedMessage\": \"" + SECRET + "\"}";
  }

  private static String invalidDocument() {
    return "{\"chains\": {\"default\": [{\"modelId\": \"" + HAIKU + "\", \"maxTokens\": 0}]},"
        + " \"degradedMessage\": \"" + SECRET + "\"}";
  }

  private ParameterStoreConfigSource.Builder source() {
    return ParameterStoreConfigSource.builder()
        .ssmClient(ssm)
        .parameterName(NAME)
        .scheduler(scheduler)
        .clock(clock)
        .listener(listener);
  }

  private static ModelConfig fallback() {
    return ModelConfig.builder()
        .chain("default", ModelTarget.of(HAIKU))
        .version("fallback")
        .build();
  }

  // Start-up

  @Test
  void startLoadsTheParameterWithItsVersion() {
    emulator.putParameter(NAME, ModelConfigJsonTest.EXAMPLE);

    try (ParameterStoreConfigSource source = source().build().start()) {
      ModelConfig config = source.current();
      assertThat(config).isEqualTo(ModelConfig.fromJson(ModelConfigJsonTest.EXAMPLE, "1"));
      assertThat(config.chain("default")).extracting(ModelTarget::modelId).containsExactly(SONNET, HAIKU);
      assertThat(listener.calls).containsExactly("loaded 1");
      assertThat(log.all())
          .containsExactly(
              "INFO Loaded model configuration version 1 from Parameter Store parameter"
                  + " '/bedrock-kit/test/models' (chains: default; enabled)");
      assertThat(source.status())
          .isEqualTo(
              new ParameterStoreConfigSource.Status(
                  NAME, "1", false, null, false, Instant.parse("2026-11-25T12:00:00Z")));
    }
  }

  @Test
  void startDecryptsASecureString() {
    emulator.putParameter(NAME, document(HAIKU), ParameterType.SECURE_STRING);

    try (ParameterStoreConfigSource source = source().build().start()) {
      assertThat(source.current().defaultChain().get(0).modelId()).isEqualTo(HAIKU);
    }
  }

  @Test
  void startReportsTheKillSwitch() {
    emulator.putParameter(NAME, "{\"enabled\": false, \"chains\": {\"default\": [{\"modelId\": \""
        + HAIKU + "\"}]}}");

    try (ParameterStoreConfigSource source = source().build().start()) {
      assertThat(source.current().enabled()).isFalse();
      assertThat(log.messages(Level.INFO))
          .containsExactly(
              "Loaded model configuration version 1 from Parameter Store parameter"
                  + " '/bedrock-kit/test/models' (chains: default; kill switch engaged: model calls"
                  + " are off)");
    }
  }

  @Test
  void startFailsWhenTheParameterIsMissing() {
    ParameterStoreConfigSource source = source().build();

    assertThatThrownBy(source::start)
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> {
              assertThat(e.path()).isEmpty();
              assertThat(e.getCause()).isInstanceOf(ParameterNotFoundException.class);
            })
        .hasMessage(
            "Parameter Store parameter '/bedrock-kit/test/models' in us-east-1 was not found:"
                + " create it with the model configuration document (aws ssm put-parameter --name"
                + " /bedrock-kit/test/models --type String --value file://models.json), or give"
                + " ParameterStoreConfigSource a fallback configuration");
    assertThat(scheduler.tasks()).as("nothing scheduled after a failed start").isEmpty();
    assertThatThrownBy(source::current).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startFailsWhenTheDocumentIsInvalid() {
    emulator.putParameter(NAME, document("anthropic.claude-3-haiku"));

    assertThatThrownBy(() -> source().build().start())
        .isInstanceOfSatisfying(
            ConfigurationException.class,
            e -> assertThat(e.path()).isEqualTo("chains.default[0].modelId"))
        .hasMessage(
            "Parameter Store parameter '/bedrock-kit/test/models' version 1 holds an invalid model"
                + " configuration: chains.default[0].modelId: 'anthropic.claude-3-haiku' is not"
                + " pinned: use a versioned model ID such as"
                + " 'anthropic.claude-3-haiku-20240307-v1:0', a cross-region inference profile ID"
                + " (us./eu./apac./global. prefix) or an ARN. Fix the document in a new version of"
                + " the parameter, or give ParameterStoreConfigSource a fallback configuration")
        .message()
        .doesNotContain(SECRET);
    assertThat(scheduler.tasks()).isEmpty();
  }

  @Test
  void startFailsWhenParameterStoreIsUnavailable() {
    emulator.putParameter(NAME, document(HAIKU));
    emulator.faults().ssmUnavailable();

    assertThatThrownBy(() -> source().build().start())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "Could not read Parameter Store parameter '/bedrock-kit/test/models' in us-east-1"
                + " (InternalServerError: An internal error occurred. Try again later.): check that"
                + " Systems Manager is reachable (from private subnets through a VPC endpoint for"
                + " ssm) and retry, or give ParameterStoreConfigSource a fallback configuration");
  }

  @Test
  void startUsesTheFallbackWhenTheParameterIsMissingAndWarnsOnce() {
    try (ParameterStoreConfigSource source = source().fallback(fallback()).build().start()) {
      assertThat(source.current()).isEqualTo(fallback());
      assertThat(log.messages(Level.WARN))
          .containsExactly(
              "Parameter Store parameter '/bedrock-kit/test/models' in us-east-1 was not found:"
                  + " create it with the model configuration document (aws ssm put-parameter"
                  + " --name /bedrock-kit/test/models --type String --value file://models.json);"
                  + " using the fallback model configuration (version fallback)");
      assertThat(listener.calls).containsExactly("unavailable ParameterNotFoundException", "loaded fallback");
      assertThat(source.status().usingFallback()).isTrue();
      assertThat(source.status().version()).isEqualTo("fallback");

      source.refreshNow();
      source.refreshNow();
      assertThat(log.messages(Level.WARN)).as("still one WARN").hasSize(1);
      assertThat(log.messages(Level.DEBUG)).hasSize(2);
    }
  }

  @Test
  void startUsesTheFallbackWhenTheDocumentIsInvalidThenLoadsTheFix() {
    emulator.putParameter(NAME, invalidDocument());

    try (ParameterStoreConfigSource source = source().fallback(fallback()).build().start()) {
      assertThat(source.current().version()).isEqualTo("fallback");
      assertThat(log.messages(Level.WARN))
          .containsExactly(
              "Parameter Store parameter '/bedrock-kit/test/models' version 1 holds an invalid"
                  + " model configuration: chains.default[0].maxTokens: must be greater than 0,"
                  + " found 0; using the fallback model configuration (version fallback)");
      assertThat(listener.calls).containsExactly("rejected 1", "loaded fallback");
      assertThat(listener.rejections.get(0).path()).isEqualTo("chains.default[0].maxTokens");
      assertThat(source.status().rejectedVersion()).isEqualTo("1");

      source.refreshNow();
      assertThat(log.messages(Level.WARN)).as("version 1 is not warned about again").hasSize(1);

      emulator.putParameter(NAME, document(SONNET));
      assertThat(source.refreshNow().version()).isEqualTo("2");
      assertThat(source.status().usingFallback()).isFalse();
      assertThat(listener.calls).containsExactly("rejected 1", "loaded fallback", "loaded 2");
    }
  }

  // Refreshes

  @Test
  void startSchedulesRefreshesWithTheConfiguredInterval() {
    emulator.putParameter(NAME, document(HAIKU));

    try (ParameterStoreConfigSource source =
        source().refreshInterval(Duration.ofSeconds(45)).build().start()) {
      assertThat(scheduler.tasks()).hasSize(1);
      ManualScheduler.Task task = scheduler.tasks().get(0);
      assertThat(task.fixedDelay).isTrue();
      assertThat(task.initialDelayMillis).isEqualTo(45_000);
      assertThat(task.periodMillis).isEqualTo(45_000);
    }
  }

  @Test
  void defaultRefreshIntervalIsThirtySeconds() {
    emulator.putParameter(NAME, document(HAIKU));

    try (ParameterStoreConfigSource source = source().build().start()) {
      assertThat(scheduler.tasks().get(0).periodMillis).isEqualTo(30_000);
    }
  }

  @Test
  void newVersionIsServedByTheNextCurrentAfterTheScheduledRefresh() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      ModelConfig first = source.current();

      emulator.putParameter(NAME, document(SONNET));
      assertThat(source.current()).as("no I/O in current()").isSameAs(first);
      scheduler.runScheduled();

      assertThat(source.current().version()).isEqualTo("2");
      assertThat(source.current().defaultChain().get(0).modelId()).isEqualTo(SONNET);
      assertThat(listener.calls).containsExactly("loaded 1", "loaded 2");
      assertThat(log.messages(Level.INFO))
          .endsWith(
              "Loaded model configuration version 2 from Parameter Store parameter"
                  + " '/bedrock-kit/test/models' (chains: default; enabled)");
    }
  }

  @Test
  void unchangedVersionIsNotReloaded() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      ModelConfig first = source.current();
      log.clear();

      scheduler.runScheduled();
      source.refreshNow();

      assertThat(source.current()).isSameAs(first);
      assertThat(listener.calls).containsExactly("loaded 1");
      assertThat(log.all()).isEmpty();
    }
  }

  @Test
  void invalidNewVersionKeepsTheLastGoodOneAndWarnsOncePerVersion() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      ModelConfig good = source.current();

      emulator.putParameter(NAME, invalidDocument());
      scheduler.runScheduled();
      scheduler.runScheduled();
      source.refreshNow();

      assertThat(source.current()).isSameAs(good);
      assertThat(log.messages(Level.WARN))
          .containsExactly(
              "Rejected version 2 of Parameter Store parameter '/bedrock-kit/test/models'; keeping"
                  + " model configuration version 1: chains.default[0].maxTokens: must be greater"
                  + " than 0, found 0");
      assertThat(listener.calls).containsExactly("loaded 1", "rejected 2");
      assertThat(listener.rejections.get(0))
          .hasMessage(
              "Parameter Store parameter '/bedrock-kit/test/models' version 2 holds an invalid"
                  + " model configuration: chains.default[0].maxTokens: must be greater than 0,"
                  + " found 0");
      assertThat(source.status().rejectedVersion()).isEqualTo("2");
      assertThat(source.status().version()).isEqualTo("1");

      emulator.putParameter(NAME, "{\"chains\": {\"default\": [{\"modelId\": \"" + SECRET + "\"");
      scheduler.runScheduled();
      scheduler.runScheduled();
      assertThat(log.messages(Level.WARN))
          .hasSize(2)
          .last()
          .isEqualTo(
              "Rejected version 3 of Parameter Store parameter '/bedrock-kit/test/models'; keeping"
                  + " model configuration version 1: malformed JSON at line 1, column 58:"
                  + " Unexpected end-of-input: expected close marker for Object (start marker at"
                  + " [line: 1, column: 25])");
      assertThat(source.current()).isSameAs(good);

      emulator.putParameter(NAME, document(SONNET));
      scheduler.runScheduled();
      assertThat(source.current().version()).isEqualTo("4");
      assertThat(listener.calls).containsExactly("loaded 1", "rejected 2", "rejected 3", "loaded 4");
    }
  }

  @Test
  void logsNeverContainTheDocument() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().fallback(fallback()).build().start()) {
      emulator.putParameter(NAME, invalidDocument());
      source.refreshNow();
      emulator.putParameter(NAME, "{\"degradedMessage\": \"" + SECRET + "\", \"x\": 1");
      source.refreshNow();
      emulator.putParameter(NAME, "{\"token\": \"" + SECRET + "\"}");
      source.refreshNow();

      assertThat(log.messages(Level.WARN)).hasSize(3);
      assertThat(log.all()).noneMatch(line -> line.contains(SECRET));
      assertThat(listener.rejections).noneMatch(e -> e.getMessage().contains(SECRET));
    }
  }

  @Test
  void unavailableParameterStoreKeepsTheLastGoodOneWarnsOnceThenDebugs() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      ModelConfig good = source.current();
      emulator.faults().ssmUnavailable();

      scheduler.runScheduled();
      scheduler.runScheduled();
      source.refreshNow();

      assertThat(source.current()).isSameAs(good);
      assertThat(log.messages(Level.WARN))
          .containsExactly(
              "Could not read Parameter Store parameter '/bedrock-kit/test/models'"
                  + " (InternalServerError: An internal error occurred. Try again later.); keeping"
                  + " model configuration version 1 and retrying every PT30S");
      assertThat(log.messages(Level.DEBUG))
          .containsExactly(
              "Parameter Store parameter '/bedrock-kit/test/models' is still unreadable"
                  + " (InternalServerError: An internal error occurred. Try again later.); keeping"
                  + " model configuration version 1",
              "Parameter Store parameter '/bedrock-kit/test/models' is still unreadable"
                  + " (InternalServerError: An internal error occurred. Try again later.); keeping"
                  + " model configuration version 1");
      assertThat(listener.calls)
          .containsExactly(
              "loaded 1",
              "unavailable InternalServerErrorException",
              "unavailable InternalServerErrorException",
              "unavailable InternalServerErrorException");
      assertThat(source.status().unavailable()).isTrue();
    }
  }

  @Test
  void recoveryIsLoggedOnceWithTheOutageDurationAndPicksUpNewVersions() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      Fault outage = emulator.faults().ssmUnavailable();
      scheduler.runScheduled();
      clock.advance(Duration.ofSeconds(90));
      scheduler.runScheduled();
      outage.cancel();
      emulator.putParameter(NAME, document(SONNET));
      log.clear();

      scheduler.runScheduled();
      scheduler.runScheduled();

      assertThat(log.all())
          .containsExactly(
              "INFO Parameter Store parameter '/bedrock-kit/test/models' is readable again after"
                  + " PT1M30S",
              "INFO Loaded model configuration version 2 from Parameter Store parameter"
                  + " '/bedrock-kit/test/models' (chains: default; enabled)");
      assertThat(source.status().unavailable()).isFalse();
      assertThat(source.status().lastSuccessfulRead()).isEqualTo(Instant.parse("2026-11-25T12:01:30Z"));

      emulator.faults().ssmUnavailable();
      scheduler.runScheduled();
      assertThat(log.messages(Level.WARN)).as("a new outage warns again").hasSize(1);
    }
  }

  @Test
  void throttlingAndADeletedParameterKeepTheLastGoodOne() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build().start()) {
      emulator.faults().ssmThrottleNext(1);
      scheduler.runScheduled();
      assertThat(log.messages(Level.WARN))
          .containsExactly(
              "Could not read Parameter Store parameter '/bedrock-kit/test/models'"
                  + " (ThrottlingException: Rate exceeded); keeping model configuration version 1"
                  + " and retrying every PT30S");

      scheduler.runScheduled();
      AWS.ssmClient().deleteParameter(b -> b.name(NAME));
      scheduler.runScheduled();
      assertThat(log.all())
          .endsWith(
              "INFO Parameter Store parameter '/bedrock-kit/test/models' is readable again after"
                  + " PT0S",
              "WARN Could not read Parameter Store parameter '/bedrock-kit/test/models'"
                  + " (ParameterNotFound); keeping model configuration version 1 and retrying every"
                  + " PT30S");
      assertThat(source.current().version()).isEqualTo("1");
    }
  }

  // Listeners

  @Test
  void listenerExceptionsAreLoggedAndNeverStopARefresh() {
    ConfigListener broken =
        new ConfigListener() {
          @Override
          public void onLoaded(ModelConfig config) {
            throw new IllegalStateException("boom on loaded");
          }

          @Override
          public void onRejected(String version, ConfigurationException error) {
            throw new IllegalStateException("boom on rejected");
          }

          @Override
          public void onUnavailable(Exception error) {
            throw new IllegalStateException("boom on unavailable");
          }

          @Override
          public String toString() {
            return "BrokenListener";
          }
        };
    emulator.putParameter(NAME, document(HAIKU));

    try (ParameterStoreConfigSource source =
        ParameterStoreConfigSource.builder()
            .ssmClient(ssm)
            .parameterName(NAME)
            .scheduler(scheduler)
            .listener(broken)
            .listener(listener)
            .build()
            .start()) {
      emulator.putParameter(NAME, invalidDocument());
      scheduler.runScheduled();
      Fault outage = emulator.faults().ssmUnavailable();
      scheduler.runScheduled();
      outage.cancel();
      emulator.putParameter(NAME, document(SONNET));
      scheduler.runScheduled();

      assertThat(source.current().version()).isEqualTo("3");
      assertThat(listener.calls)
          .containsExactly("loaded 1", "rejected 2", "unavailable InternalServerErrorException", "loaded 3");
      assertThat(log.messages(Level.WARN))
          .contains(
              "ParameterStoreConfigSource(/bedrock-kit/test/models): ConfigListener BrokenListener"
                  + " threw from onLoaded; ignored",
              "ParameterStoreConfigSource(/bedrock-kit/test/models): ConfigListener BrokenListener"
                  + " threw from onRejected; ignored",
              "ParameterStoreConfigSource(/bedrock-kit/test/models): ConfigListener BrokenListener"
                  + " threw from onUnavailable; ignored");
    }
  }

  @Test
  void listenerDefaultsAreNoOps() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source =
        source().listener(new ConfigListener() {}).build().start()) {
      emulator.faults().ssmUnavailable();
      source.refreshNow();
      assertThat(source.current().version()).isEqualTo("1");
    }
  }

  // Lifecycle

  @Test
  void currentBeforeStartFails() {
    ParameterStoreConfigSource source = source().build();

    assertThatThrownBy(source::current)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ParameterStoreConfigSource(/bedrock-kit/test/models) has not been started: call"
                + " start() first");
    assertThatThrownBy(source::refreshNow)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "ParameterStoreConfigSource(/bedrock-kit/test/models) has not been started: call"
                + " start() first");
  }

  @Test
  void isStartedOnlyAfterASuccessfulStart() {
    ParameterStoreConfigSource source = source().build();
    assertThat(source.isStarted()).isFalse();
    assertThatThrownBy(source::start).isInstanceOf(ConfigurationException.class);
    assertThat(source.isStarted()).as("a failed start does not count").isFalse();

    emulator.putParameter(NAME, document(HAIKU));
    source.start();
    assertThat(source.isStarted()).isTrue();
    source.close();
    assertThat(source.isStarted()).isTrue();
  }

  @Test
  void startingTwiceReadsAndSchedulesOnce() {
    emulator.putParameter(NAME, document(HAIKU));
    try (ParameterStoreConfigSource source = source().build()) {
      source.start();
      source.start();

      assertThat(scheduler.tasks()).hasSize(1);
      assertThat(listener.calls).containsExactly("loaded 1");
    }
  }

  @Test
  void closeCancelsTheRefreshButLeavesAnInjectedSchedulerRunning() {
    emulator.putParameter(NAME, document(HAIKU));
    ParameterStoreConfigSource source = source().build().start();

    source.close();
    source.close();

    assertThat(scheduler.tasks().get(0).isCancelled()).isTrue();
    assertThat(scheduler.isShutdown()).isFalse();
    assertThat(source.current().version()).as("the last configuration stays readable").isEqualTo("1");
    assertThatThrownBy(source::refreshNow)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ParameterStoreConfigSource(/bedrock-kit/test/models) is closed");
    assertThatThrownBy(source::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ParameterStoreConfigSource(/bedrock-kit/test/models) is closed");
  }

  @Test
  void closeStopsTheDefaultRefreshThread() throws Exception {
    emulator.putParameter(NAME, document(HAIKU));
    ParameterStoreConfigSource source =
        ParameterStoreConfigSource.builder().ssmClient(ssm).parameterName(NAME).build().start();
    assertThat(refreshThreads()).singleElement().satisfies(thread -> assertThat(thread.isDaemon()).isTrue());

    source.close();

    assertThat(refreshThreads()).isEmpty();
  }

  @Test
  void theDefaultThreadRunsRefreshes() throws Exception {
    emulator.putParameter(NAME, document(HAIKU));
    CountDownLatch loaded = new CountDownLatch(1);
    try (ParameterStoreConfigSource source =
        ParameterStoreConfigSource.builder()
            .ssmClient(ssm)
            .parameterName(NAME)
            .refreshInterval(Duration.ofSeconds(1))
            .listener(
                new ConfigListener() {
                  @Override
                  public void onLoaded(ModelConfig config) {
                    if (config.version().equals("2")
                        && Thread.currentThread().getName().equals(ParameterStoreConfigSource.THREAD_NAME)) {
                      loaded.countDown();
                    }
                  }
                })
            .build()
            .start()) {
      emulator.putParameter(NAME, document(SONNET));

      assertThat(loaded.await(10, TimeUnit.SECONDS)).as("refreshed on its own thread").isTrue();
      assertThat(source.current().version()).isEqualTo("2");
    }
  }

  @Test
  void readersAlwaysSeeAWholeConfigurationWhileVersionsChange() throws Exception {
    emulator.putParameter(NAME, document(HAIKU));
    ExecutorService readers = Executors.newFixedThreadPool(4);
    try (ParameterStoreConfigSource source = source().build().start()) {
      AtomicBoolean done = new AtomicBoolean();
      List<Future<Integer>> reads =
          List.of(
          readers.submit(() -> read(source, done)),
          readers.submit(() -> read(source, done)),
          readers.submit(() -> read(source, done)));
      for (int i = 0; i < 20; i++) {
        emulator.putParameter(NAME, document(i % 2 == 0 ? SONNET : HAIKU));
        source.refreshNow();
      }
      done.set(true);
      for (Future<Integer> r : reads) {
        assertThat(r.get(10, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(source.current().version()).isEqualTo("21");
    } finally {
      readers.shutdownNow();
    }
  }

  private static int read(ParameterStoreConfigSource source, AtomicBoolean done) {
    int reads = 0;
    do {
      ModelConfig config = source.current();
      assertThat(config.defaultChain()).hasSize(1);
      assertThat(Integer.parseInt(config.version())).isPositive();
      reads++;
    } while (!done.get());
    return reads;
  }

  private static List<Thread> refreshThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .filter(thread -> thread.getName().equals(ParameterStoreConfigSource.THREAD_NAME))
        .toList();
  }

  // Builder

  @Test
  void builderRequiresAClientAndAParameterName() {
    assertThatThrownBy(() -> ParameterStoreConfigSource.builder().parameterName(NAME).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ssmClient cannot be null");
    assertThatThrownBy(() -> ParameterStoreConfigSource.builder().ssmClient(ssm).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parameterName cannot be null");
    assertThatThrownBy(() -> ParameterStoreConfigSource.builder().parameterName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameterName cannot be blank");
  }

  @Test
  void builderRejectsARefreshIntervalBelowOneSecond() {
    assertThatThrownBy(
            () -> ParameterStoreConfigSource.builder().refreshInterval(Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshInterval must be >= PT1S, found PT0.5S");
  }

  @Test
  void buildingTwiceGivesIndependentSources() {
    emulator.putParameter(NAME, document(HAIKU));
    ParameterStoreConfigSource.Builder builder = source();
    try (ParameterStoreConfigSource first = builder.build().start();
        ParameterStoreConfigSource second = builder.build()) {
      assertThat(first.current().version()).isEqualTo("1");
      assertThatThrownBy(second::current).isInstanceOf(IllegalStateException.class);
    }
  }
}
