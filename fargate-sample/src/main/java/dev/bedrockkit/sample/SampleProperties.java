package dev.bedrockkit.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the sample service ({@code sample.*}); the model side is {@code bedrock-kit.*}.
 *
 * <p>Immutable; checked when bound, so a bad value fails start-up naming the property.
 *
 * @param chat limits of a chat request
 * @param stream Server-Sent Events settings
 * @param rateLimit per-client rate limiting of {@code /v1/**}
 * @param retryAfter the {@code Retry-After} given with 503 answers
 * @param cache the response cache
 * @param metrics where metrics go besides {@code /actuator/prometheus}
 */
@ConfigurationProperties("sample")
public record SampleProperties(
    @DefaultValue Chat chat,
    @DefaultValue Stream stream,
    @DefaultValue RateLimit rateLimit,
    @DefaultValue RetryAfter retryAfter,
    @DefaultValue Cache cache,
    @DefaultValue Metrics metrics) {

  /**
   * Limits of a chat request.
   *
   * @param maxMessageChars longest message (and history turn) accepted
   * @param maxHistoryTurns most history turns accepted
   * @param maxTokensLimit largest {@code maxTokens} a caller may ask for
   * @param attribution bedrock-kit attribution of chat calls (metrics, budgets)
   */
  public record Chat(
      @DefaultValue("8000") int maxMessageChars,
      @DefaultValue("20") int maxHistoryTurns,
      @DefaultValue("4096") int maxTokensLimit,
      @DefaultValue("chat") String attribution) {
    public Chat {
      positive("sample.chat.max-message-chars", maxMessageChars);
      positive("sample.chat.max-tokens-limit", maxTokensLimit);
      if (maxHistoryTurns < 0) {
        throw new IllegalArgumentException(
            "sample.chat.max-history-turns must be >= 0 but was " + maxHistoryTurns);
      }
    }
  }

  /**
   * Server-Sent Events settings.
   *
   * @param heartbeat interval of the comment lines that keep an idle stream open through load
   *     balancers (the ALB cuts connections idle for 120 s)
   * @param maxDuration longest a stream may stay open
   * @param shutdownEndGrace at shutdown, the part of {@code spring.lifecycle.timeout-per-shutdown-phase}
   *     kept for ending the streams still open (the rest lets them finish)
   * @param writerThreads threads writing events to clients on Java 17 (on Java 21+ with virtual
   *     threads on, each write runs on a virtual thread)
   */
  public record Stream(
      @DefaultValue("15s") Duration heartbeat,
      @DefaultValue("10m") Duration maxDuration,
      @DefaultValue("5s") Duration shutdownEndGrace,
      @DefaultValue("16") int writerThreads) {
    public Stream {
      positive("sample.stream.heartbeat", heartbeat);
      positive("sample.stream.max-duration", maxDuration);
      positive("sample.stream.shutdown-end-grace", shutdownEndGrace);
      positive("sample.stream.writer-threads", writerThreads);
    }
  }

  /**
   * Per-client token buckets on {@code /v1/**}.
   *
   * @param enabled whether requests are rate limited
   * @param requestsPerMinute sustained rate per client
   * @param burst requests a client may make at once after being idle
   * @param maxClients clients tracked at once; the least recently seen are forgotten first
   * @param trustedProxies proxies in front of the service that append to {@code X-Forwarded-For}
   *     (1 behind an ALB): the client is the entry that many hops from the right. 0 uses the
   *     connection's address and ignores the header, which any client can forge.
   */
  public record RateLimit(
      @DefaultValue("true") boolean enabled,
      @DefaultValue("60") int requestsPerMinute,
      @DefaultValue("20") int burst,
      @DefaultValue("100000") int maxClients,
      @DefaultValue("0") int trustedProxies) {
    public RateLimit {
      positive("sample.rate-limit.requests-per-minute", requestsPerMinute);
      positive("sample.rate-limit.burst", burst);
      positive("sample.rate-limit.max-clients", maxClients);
      if (trustedProxies < 0) {
        throw new IllegalArgumentException(
            "sample.rate-limit.trusted-proxies must be >= 0 but was " + trustedProxies);
      }
    }
  }

  /**
   * {@code Retry-After} of 503 answers.
   *
   * @param unavailable when no model could answer (throttled, failing, circuits open)
   * @param killSwitch when the operators switched model calls off
   */
  public record RetryAfter(
      @DefaultValue("10s") Duration unavailable, @DefaultValue("60s") Duration killSwitch) {
    public RetryAfter {
      positive("sample.retry-after.unavailable", unavailable);
      positive("sample.retry-after.kill-switch", killSwitch);
    }
  }

  /** Who shares cached answers. */
  public enum CacheScopeKind {
    /** Each client (the rate limit's client key) has its own answers. */
    CLIENT,
    /**
     * Each tenant, named by {@code tenant-header}, which trusted infrastructure in front of the
     * service must set (never the client); a request without it is not cached.
     */
    TENANT,
    /** Every caller shares answers: only for services whose answers depend on nothing private. */
    GLOBAL,
    /** Nothing is cached. */
    NONE
  }

  /**
   * Who may share an answer through the response cache. The cache itself (in process, Redis,
   * TTLs) is bedrock-kit-spring's, set with {@code bedrock-kit.cache.*}; a request reaches it only
   * with a scope, which this sets.
   *
   * @param scope who shares cached answers
   * @param tenantHeader the header naming the tenant, with scope {@code tenant}
   */
  public record Cache(
      @DefaultValue("client") CacheScopeKind scope,
      @DefaultValue("X-Tenant-Id") String tenantHeader) {}

  /**
   * Where metrics go besides {@code /actuator/prometheus}.
   *
   * @param emf CloudWatch embedded metric format on stdout
   */
  public record Metrics(@DefaultValue Emf emf) {}

  /**
   * CloudWatch embedded metric format (EMF): every step, one JSON document per meter as a line on
   * stdout, which CloudWatch Logs turns into metrics (on in profile {@code aws}).
   *
   * @param enabled whether metrics are written to stdout as EMF documents
   * @param namespace the CloudWatch namespace (the task definition's {@code
   *     MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE}): 1 to 255 ASCII characters, not {@code
   *     AWS/...}
   * @param step how often values are written; each document holds one step's counts
   * @param meterNamePrefixes only meters whose name starts with one of these are written (each
   *     metric and dimension combination is a billed CloudWatch custom metric); empty for every
   *     meter
   */
  public record Emf(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("BedrockKit/Sample") String namespace,
      @DefaultValue("60s") Duration step,
      @DefaultValue({"bedrockkit.", "gen_ai.", "sample."}) List<String> meterNamePrefixes) {
    public Emf {
      if (namespace == null
          || namespace.isBlank()
          || namespace.length() > 255
          || !StandardCharsets.US_ASCII.newEncoder().canEncode(namespace)
          || namespace.startsWith("AWS/")) {
        throw new IllegalArgumentException(
            "sample.metrics.emf.namespace must be 1 to 255 ASCII characters, not starting with"
                + " AWS/, but was '" + namespace + "'");
      }
      positive("sample.metrics.emf.step", step);
      meterNamePrefixes = meterNamePrefixes == null ? List.of() : List.copyOf(meterNamePrefixes);
    }
  }

  private static void positive(String property, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(property + " must be > 0 but was " + value);
    }
  }

  private static void positive(String property, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(property + " must be a positive duration but was " + value);
    }
  }
}
