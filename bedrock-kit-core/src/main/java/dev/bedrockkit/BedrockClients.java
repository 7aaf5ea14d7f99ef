package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.ConverseCaller;
import dev.bedrockkit.internal.WheelTimerScheduler;
import java.time.Duration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
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
  private static final String USER_AGENT =
      ConverseCaller.API_NAME.name() + "/" + ConverseCaller.API_NAME.version();

  private BedrockClients() {}

  /** A synchronous client for {@code region}. */
  public static BedrockRuntimeClient sync(Region region) {
    return syncBuilder(region).build();
  }

  /** An async client (needed for streaming) for {@code region}. */
  public static BedrockRuntimeAsyncClient async(Region region) {
    return asyncBuilder(region).build();
  }

  /**
   * A sync client builder with retries off and an API call timeout of {@link
   * CallPolicy#DEFAULT_ATTEMPT_TIMEOUT}, to customise further (endpoint, credentials...). The
   * timeout bounds code that calls the client directly, and a kit whose attempt timeout is the
   * same needs no per-call override for it (the SDK spends about 1 µs and 4 KB on one).
   */
  public static software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder
      syncBuilder(Region region) {
    return BedrockRuntimeClient.builder()
        .region(Checks.notNull(region, "region"))
        .overrideConfiguration(
            noRetries().toBuilder().apiCallTimeout(CallPolicy.DEFAULT_ATTEMPT_TIMEOUT).build());
  }

  /**
   * An async client builder with retries off and a Netty client sized for many streams. No API
   * call timeout: it would cut long streams, whose timeouts bedrock-kit enforces itself.
   */
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
   * Client override configuration with SDK retries off, and a cheap timer for the SDK's call
   * timeouts. bedrock-kit gives every call a timeout, armed and cancelled within the call; the
   * SDK's default timer (a {@code ScheduledThreadPoolExecutor}) keeps each cancelled one queued
   * for its whole duration and wakes its thread for many of them (about 5 µs of CPU per call).
   * This one is a hashed wheel (Netty's {@code HashedWheelTimer}, 10 ms ticks, one daemon thread
   * shared by every client built here): arming and cancelling are lock-free, cancelled timeouts
   * leave at the next tick, and a timeout fires at most one tick late. The user agent names
   * bedrock-kit.
   */
  public static ClientOverrideConfiguration noRetries() {
    return ClientOverrideConfiguration.builder()
        .retryStrategy(AwsRetryStrategy.doNotRetry())
        .scheduledExecutorService(TimeoutTimer.INSTANCE)
        .putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, USER_AGENT)
        .build();
  }

  /** The shared timer of SDK timeouts, created on first use. */
  private static final class TimeoutTimer {
    static final WheelTimerScheduler INSTANCE =
        new WheelTimerScheduler("bedrock-kit-sdk-timeouts", Duration.ofMillis(10));
  }
}
