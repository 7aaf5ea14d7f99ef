package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.BedrockClients;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.test.EmulatorClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The one set of AWS SDK clients every library under test is handed, so only library code
 * differs: same endpoint, credentials, HTTP client and pool size, and a {@link CallCounter}.
 * They are configured as {@code BedrockClients} configures them: retries off, the SDK's timeouts
 * on a hashed-wheel timer, and, on the sync client, an API call timeout of 30 s ({@code
 * CallPolicy.DEFAULT_ATTEMPT_TIMEOUT}), the bound any production client should have. Every
 * library's calls pay for that timeout alike; bedrock-kit, whose default attempt timeout it is,
 * adds no per-call override. A chaos row may ask for the SDK's default retries (and its default
 * timer) instead; its sync client keeps the 30 s timeout. Thread-safe; close once.
 */
public final class Clients implements AutoCloseable {
  private final BedrockRuntimeClient sync;
  private final BedrockRuntimeAsyncClient async;
  private final CallCounter counter = new CallCounter();

  private Clients(URI endpoint, int maxConnections, boolean sdkDefaultRetries, boolean withAsync) {
    ClientOverrideConfiguration base =
        sdkDefaultRetries
            ? ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.forRetryMode(RetryMode.defaultRetryMode()))
                .build()
            : BedrockClients.noRetries();
    ClientOverrideConfiguration override =
        base.toBuilder().addExecutionInterceptor(counter).build();
    this.sync =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(EmulatorClients.credentials())
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(maxConnections)
                    .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(
                override.toBuilder().apiCallTimeout(CallPolicy.DEFAULT_ATTEMPT_TIMEOUT).build())
            .build();
    this.async =
        withAsync
            ? BedrockRuntimeAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(EmulatorClients.credentials())
                .httpClientBuilder(
                    NettyNioAsyncHttpClient.builder()
                        .maxConcurrency(Math.max(maxConnections, 100))
                        .maxPendingConnectionAcquires(100_000)
                        .connectionAcquisitionTimeout(Duration.ofSeconds(60))
                        .readTimeout(Duration.ofSeconds(120)))
                .overrideConfiguration(override)
                .build()
            : null;
  }

  /** Sync and async clients with SDK retries off and room for {@code maxConnections} calls. */
  public static Clients create(URI endpoint, int maxConnections) {
    return new Clients(endpoint, maxConnections, false, true);
  }

  /** A sync client with the SDK's default retry strategy, as peers build when given none. */
  public static Clients withSdkDefaultRetries(URI endpoint, int maxConnections) {
    return new Clients(endpoint, maxConnections, true, false);
  }

  public BedrockRuntimeClient sync() {
    return sync;
  }

  public BedrockRuntimeAsyncClient async() {
    if (async == null) {
      throw new IllegalStateException("these clients have no async client");
    }
    return async;
  }

  public CallCounter counter() {
    return counter;
  }

  @Override
  public void close() {
    sync.close();
    if (async != null) {
      async.close();
    }
  }
}
