package dev.bedrockkit.test;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;
import software.amazon.awssdk.utils.ThreadFactoryBuilder;

/**
 * AWS SDK client builders pointed at a running {@link BedrockEmulator}: its endpoint, the region
 * asked for, fixed dummy credentials, and SDK retries off so every injected fault is seen once.
 * For tests, examples and local runs without JUnit; {@link BedrockEmulatorExtension} uses it.
 * (Kept apart from {@link BedrockEmulator}, so the standalone server jar needs no SDK clients.)
 *
 * <p>Stateless and thread-safe; callers close the clients they build.
 */
public final class EmulatorClients {
  private static final AwsCredentialsProvider CREDENTIALS =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDEMULATOR", "emulator-secret-not-real"));

  private EmulatorClients() {}

  /** One event loop of daemon threads for every emulator async client, so closing is instant. */
  private static final class SharedEventLoop {
    static final SdkEventLoopGroup GROUP =
        SdkEventLoopGroup.builder()
            .numberOfThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
            .threadFactory(
                new ThreadFactoryBuilder()
                    .threadNamePrefix("bedrock-kit-emulator-client")
                    .daemonThreads(true)
                    .build())
            .build();
  }

  /**
   * The dummy static credentials emulator clients sign with. They reach nothing but the
   * emulator; never use them against AWS.
   *
   * @return a provider of fixed fake keys
   */
  public static AwsCredentialsProvider credentials() {
    return CREDENTIALS;
  }

  /**
   * A sync Bedrock Runtime client builder (the SDK's default HTTP client).
   *
   * @param emulator a started emulator
   * @param region the signing region, e.g. {@code us-east-1}
   * @return the builder
   */
  public static BedrockRuntimeClientBuilder bedrock(BedrockEmulator emulator, String region) {
    return BedrockRuntimeClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }

  /**
   * An async Bedrock Runtime client builder with a Netty client sized for hundreds of concurrent
   * streams (HTTP/2 cleartext by default; replace the HTTP client builder to change that).
   *
   * @param emulator a started emulator
   * @param region the signing region
   * @return the builder
   */
  public static BedrockRuntimeAsyncClientBuilder bedrockAsync(
      BedrockEmulator emulator, String region) {
    return BedrockRuntimeAsyncClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .httpClientBuilder(nettyBuilder())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }

  /**
   * An SSM client builder.
   *
   * @param emulator a started emulator
   * @param region the signing region
   * @return the builder
   */
  public static SsmClientBuilder ssm(BedrockEmulator emulator, String region) {
    return SsmClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.of(region))
        .credentialsProvider(CREDENTIALS)
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
  }

  /**
   * A Netty HTTP client builder sized for the emulator's concurrency tests (500 connections or
   * streams, 30 s acquisition timeout) on one shared event loop group of daemon threads.
   *
   * @return the builder
   */
  public static NettyNioAsyncHttpClient.Builder nettyBuilder() {
    return NettyNioAsyncHttpClient.builder()
        .eventLoopGroup(SharedEventLoop.GROUP)
        .maxConcurrency(500)
        .maxPendingConnectionAcquires(10_000)
        .connectionAcquisitionTimeout(Duration.ofSeconds(30));
  }
}
