package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Health of bedrock-kit ("bedrockKit"): the model configuration version in force, the state of
 * every circuit breaker, and, when {@code bedrock-kit.health.probe.enabled}, a tiny real inference
 * whose result is reused for {@code bedrock-kit.health.probe.interval}, so that load-balancer checks
 * every few seconds cost one call per interval. DOWN when the probe fails or the kill switch is
 * engaged (unless {@code bedrock-kit.health.down-on-kill-switch=false}); the {@code reason} detail
 * says which.
 *
 * <p>Thread-safe: concurrent checks share one probe.
 */
final class BedrockKitHealthIndicator implements HealthIndicator {
  private final BedrockKit kit;
  private final BedrockKitProperties.Health settings;
  private final Clock clock;
  private final ReentrantLock probeLock = new ReentrantLock();
  private volatile ProbeResult last;

  BedrockKitHealthIndicator(BedrockKit kit, BedrockKitProperties.Health settings, Clock clock) {
    this.kit = kit;
    this.settings = settings;
    this.clock = clock;
    BedrockKitProperties.Probe probe = settings.getProbe();
    String p = Settings.P + ".health.probe";
    Settings.positive(p + ".interval", probe.getInterval());
    Settings.positive(p + ".timeout", probe.getTimeout());
    Settings.atLeast(p + ".max-tokens", probe.getMaxTokens(), 1);
    Settings.notBlank(p + ".chain", probe.getChain(), "Name a chain of the model configuration, e.g. default.");
    Settings.notBlank(p + ".prompt", probe.getPrompt(), "Use a short message such as ping.");
  }

  /**
   * The outcome of one probe.
   *
   * @param at when it ran
   * @param ok whether a model answered
   * @param modelId the model that answered, or {@code null}
   * @param region the region that answered, or {@code null}
   * @param latency how long it took
   * @param error what went wrong, or {@code null}
   */
  record ProbeResult(
      Instant at, boolean ok, String modelId, String region, Duration latency, String error) {

    Map<String, Object> details() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("status", ok ? "ok" : "failed");
      d.put("checkedAt", at.toString());
      d.put("latencyMs", latency.toMillis());
      if (modelId != null) {
        d.put("model", modelId);
      }
      if (region != null) {
        d.put("region", region);
      }
      if (error != null) {
        d.put("error", error);
      }
      return d;
    }
  }

  @Override
  public Health health() {
    ModelConfig config;
    try {
      config = kit.modelConfig();
    } catch (ConfigurationException e) {
      return Health.unknown().withDetail("reason", e.getMessage()).build();
    }
    Health.Builder health = new Health.Builder();
    health.withDetail("configVersion", config.version());
    health.withDetail("enabled", config.enabled());
    health.withDetail("circuits", circuits());
    if (!config.enabled()) {
      String reason =
          "kill switch engaged: model calls are switched off (enabled=false in model configuration"
              + " version "
              + config.version()
              + ")";
      health.withDetail("reason", reason);
      return settings.isDownOnKillSwitch() ? health.down().build() : health.up().build();
    }
    if (settings.getProbe().isEnabled()) {
      ProbeResult probe = probe();
      health.withDetail("probe", probe.details());
      if (!probe.ok()) {
        return health.down().withDetail("reason", "probe failed: " + probe.error()).build();
      }
    }
    return health.up().build();
  }

  private Map<String, String> circuits() {
    Map<String, String> circuits = new TreeMap<>();
    for (Map.Entry<String, CircuitState> e : kit.circuitStates().entrySet()) {
      circuits.put(e.getKey(), e.getValue().name());
    }
    return circuits;
  }

  /** The last probe result while it is fresh, else a new probe; one probe at a time. */
  ProbeResult probe() {
    ProbeResult result = last;
    if (fresh(result)) {
      return result;
    }
    probeLock.lock();
    try {
      result = last;
      if (fresh(result)) {
        return result;
      }
      result = runProbe();
      last = result;
      return result;
    } finally {
      probeLock.unlock();
    }
  }

  private boolean fresh(ProbeResult result) {
    return result != null
        && clock.instant().isBefore(result.at().plus(settings.getProbe().getInterval()));
  }

  private ProbeResult runProbe() {
    BedrockKitProperties.Probe probe = settings.getProbe();
    Instant at = clock.instant();
    long start = System.nanoTime();
    try {
      ChatResponse response =
          kit.chat(
              ChatRequest.builder()
                  .chain(probe.getChain())
                  .user(probe.getPrompt())
                  .maxTokens(probe.getMaxTokens())
                  .deadline(probe.getTimeout())
                  .build());
      Duration latency = Duration.ofNanos(System.nanoTime() - start);
      if (response.degraded()) {
        return new ProbeResult(
            at,
            false,
            null,
            null,
            latency,
            "no model answered (" + response.attempts().size() + " attempts); the degraded"
                + " message was given instead");
      }
      return new ProbeResult(at, true, response.modelId(), response.region(), latency, null);
    } catch (RuntimeException e) {
      return new ProbeResult(
          at,
          false,
          null,
          null,
          Duration.ofNanos(System.nanoTime() - start),
          e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
