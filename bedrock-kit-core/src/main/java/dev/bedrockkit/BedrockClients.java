package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Bedrock Runtime clients configured the way bedrock-kit expects: SDK retries off (bedrock-kit
 * owns retries, so they are never doubled and streams are never replayed), credentials from the
 * SDK's default provider chain (on Fargate, the task role), and an async HTTP client sized for
 * many concurrent streams.
 *
 * <p>Stateless; the returned clients are thread-safe and should be shared and closed by the
 * application.
 */
public final class BedrockClients {
  /** Concurrent connections of async clients: enough for hundreds of concurrent streams. */
  public static final int ASYNC_MAX_CONCURRENCY = 1000;

  private BedrockClients() {}

  /** A synchronous client for {@code region}. */
  public static BedrockRuntimeClient sync(Region region) {
    return syncBuilder(region).build();
  }

  /** An async client (needed for streaming) for {@code region}. */
  public static BedrockRuntimeAsyncClient async(Region region) {
    return asyncBuilder(region).build();
  }

  /** A sync client builder with retries off, to customise further (endpoint, credentials...). */
  public static software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder
      syncBuilder(Region region) {
    return BedrockRuntimeClient.builder()
        .region(Checks.notNull(region, "region"))
        .overrideConfiguration(noRetries());
  }

  /** An async client builder with retries off and a Netty client sized for many streams. */
  public static software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder
      asyncBuilder(Region region) {
    return BedrockRuntimeAsyncClient.builder()
        .region(Checks.notNull(region, "region"))
        .overrideConfiguration(noRetries())
        .httpClientBuilder(
            NettyNioAsyncHttpClient.builder()
                .maxConcurrency(ASYNC_MAX_CONCURRENCY)
                .connectionAcquisitionTimeout(Duration.ofSeconds(10)));
  }

  /**
   * Client override configuration with SDK retries off, and the SDK's timeout timer set to drop a
   * cancelled timeout at once. bedrock-kit gives every call a timeout; the SDK's own timer (a
   * {@code ScheduledThreadPoolExecutor} with the JDK default policy) keeps each cancelled one
   * queued for its whole duration: at 4,000 calls per second and 30 s timeouts, over 100,000
   * dead tasks on the heap and in one locked queue. The timer is shared by every client built
   * here; its threads are daemons.
   */
  public static ClientOverrideConfiguration noRetries() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .scheduledExecutorService(TimeoutTimer.INSTANCE)
        .build();
  }

  /** The shared timer of SDK timeouts, created on first use. */
  private static final class TimeoutTimer {
    static final ScheduledThreadPoolExecutor INSTANCE = create();

    private static ScheduledThreadPoolExecutor create() {
      AtomicInteger n = new AtomicInteger();
      ScheduledThreadPoolExecutor e =
          new ScheduledThreadPoolExecutor(
              4,
              r -> {
                Thread t = new Thread(r, "bedrock-kit-sdk-timeouts-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      e.setRemoveOnCancelPolicy(true);
      return e;
    }
  }
}
