package dev.bedrockkit.sample;

import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.sample.local.LocalEmulator;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.ModelCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port, profile {@code local} (the in-process emulator), with test
 * timings: zero model latency unless a test slows the emulator, 200 ms heartbeats, one attempt per
 * model (a throttled model falls back at once) and circuits that never open. Every test class
 * extending this shares one application context; the emulator is reset before each test.
 */
@SpringBootTest(
    classes = SampleApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "sample.local.latency=zero",
      "sample.stream.heartbeat=200ms",
      "sample.rate-limit.trusted-proxies=1",
      "sample.rate-limit.burst=10",
      "sample.rate-limit.requests-per-minute=60",
      "bedrock-kit.resilience.max-attempts=1",
      "bedrock-kit.resilience.circuit-breaker.failure-threshold=1000",
      "bedrock-kit.health.probe.interval=1ms",
      "bedrock-kit.config.refresh-interval=1h"
    })
@ActiveProfiles("local")
abstract class SampleTestBase {
  /** The first model of the local chain. */
  static final String FIRST = ModelCatalog.CLAUDE_3_5_HAIKU_US;
  /** The second model of the local chain. */
  static final String SECOND = ModelCatalog.CLAUDE_3_HAIKU;

  @LocalServerPort int port;
  @Autowired LocalEmulator local;
  @Autowired ParameterStoreConfigSource models;

  Http http;

  @BeforeEach
  void resetEmulator() {
    local.emulator().reset();
    models.refreshNow();
    http = new Http(port);
  }

  BedrockEmulator emulator() {
    return local.emulator();
  }

  /** Writes a new model configuration document and makes the service read it now. */
  void putModels(String json) {
    emulator().putParameter(local.parameterName(), json);
    models.refreshNow();
  }

  /** The local chain without a degraded message, optionally switched off. */
  static String chainWithoutDegradedMessage(boolean enabled) {
    return """
        {"enabled": %s, "chains": {"default": [
          {"modelId": "%s"}, {"modelId": "%s"}]}}
        """
        .formatted(enabled, FIRST, SECOND);
  }

  /** The local chain with a degraded message, optionally switched off. */
  static String chainWithDegradedMessage(boolean enabled, String message) {
    return """
        {"enabled": %s, "chains": {"default": [
          {"modelId": "%s"}, {"modelId": "%s"}]}, "degradedMessage": "%s"}
        """
        .formatted(enabled, FIRST, SECOND, message);
  }
}
