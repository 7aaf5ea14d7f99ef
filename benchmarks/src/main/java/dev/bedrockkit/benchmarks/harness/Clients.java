package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.EmulatorClients;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The one set of AWS SDK clients every library under test is handed, so only library code
 * differs: same endpoint, credentials, HTTP client and pool size, SDK retries off (unless a chaos
 * row asks for the SDK's defaults), and a {@link CallCounter}. Thread-safe; close once.
 */
public final class Clients implements AutoCloseable {
  private final BedrockRuntimeClient sync;
  private final BedrockRuntimeAsyncClient async;
  private final CallCounter counter = new CallCounter();

  private Clients(URI endpoint, int maxConnections, boolean sdkDefaultRetries, boolean withAsync) {
    RetryStrategy retries =
        sdkDefaultRetries ? AwsRetryStrategy.forRetryMode(RetryMode.defaultRetryMode())
            : AwsRetryStrategy.doNotRetry();
    this.sync =
        BedrockRuntimeClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(EmulatorClients.credentials())
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(maxConnections)
                    .connectionAcquisitionTimeout(Duration.ofSeconds(60)))
            .overrideConfiguration(c -> c.retryStrategy(retries).addExecutionInterceptor(counter))
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
                .overrideConfiguration(c -> c.retryStrategy(retries).addExecutionInterceptor(counter))
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
