package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockClients;
import dev.bedrockkit.spring.BedrockKitProperties.Aws;
import dev.bedrockkit.spring.BedrockKitProperties.Http;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Builds the AWS clients of the auto-configuration from {@code bedrock-kit.aws.*}: Bedrock Runtime
 * clients with SDK retries off (bedrock-kit owns retries), the configured HTTP pools and timeouts,
 * and one credentials provider (the application's {@link AwsCredentialsProvider} bean, else the
 * SDK's default chain, e.g. the Fargate task role). Clients for regions other than the default one
 * are made on first use and closed with this bean; so is the default credentials provider.
 *
 * <p>Thread-safe.
 */
final class BedrockClientFactory implements DisposableBean {
  private final Aws aws;
  private final Region defaultRegion;
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final boolean ownsCredentials;
  private final ClientOverrideConfiguration override;
  private final ClientOverrideConfiguration syncOverride;
  private final Map<String, BedrockRuntimeClient> regionalSync = new ConcurrentHashMap<>();
  private final Map<String, BedrockRuntimeAsyncClient> regionalAsync = new ConcurrentHashMap<>();

  /**
   * Checks the properties and resolves the default region.
   *
   * @param userCredentials the application's credentials provider, or {@code null}
   * @throws InvalidPropertyException for an invalid region, endpoint, timeout or pool size, or when
   *     no region is set and the SDK's region chain finds none
   */
  BedrockClientFactory(BedrockKitProperties properties, AwsCredentialsProvider userCredentials) {
    this.aws = properties.getAws();
    String p = Settings.P + ".aws";
    this.defaultRegion =
        aws.getRegion() != null
            ? Settings.region(p + ".region", aws.getRegion())
            : sdkRegion(p + ".region");
    this.endpoint = aws.getEndpoint() == null ? null : Settings.endpoint(p + ".endpoint", aws.getEndpoint());
    Duration apiCall = Settings.optionalPositive(p + ".api-call-timeout", aws.getApiCallTimeout());
    Duration apiAttempt =
        Settings.optionalPositive(p + ".api-call-attempt-timeout", aws.getApiCallAttemptTimeout());
    Http http = aws.getHttp();
    String h = p + ".http";
    Settings.atLeast(h + ".max-connections", http.getMaxConnections(), 1);
    Settings.atLeast(h + ".async-max-concurrency", http.getAsyncMaxConcurrency(), 1);
    Settings.positive(h + ".connection-timeout", http.getConnectionTimeout());
    Settings.positive(h + ".connection-acquisition-timeout", http.getConnectionAcquisitionTimeout());
    Settings.positive(h + ".socket-timeout", http.getSocketTimeout());
    // Retries off, and the SDK timeout timer that drops cancelled timeouts (see BedrockClients).
    ClientOverrideConfiguration.Builder o = BedrockClients.noRetries().toBuilder();
    if (apiCall != null) {
      o.apiCallTimeout(apiCall);
    }
    if (apiAttempt != null) {
      o.apiCallAttemptTimeout(apiAttempt);
    }
    this.override = o.build();
    // Unset, the sync client's API call timeout is the attempt timeout, as BedrockClients does:
    // the kit then needs no per-call override for it. Not the async client's: it would cut streams.
    this.syncOverride =
        apiCall != null
            ? override
            : override.toBuilder()
                .apiCallTimeout(
                    Settings.positive(
                        Settings.P + ".resilience.attempt-timeout",
                        properties.getResilience().getAttemptTimeout()))
                .build();
    this.ownsCredentials = userCredentials == null;
    this.credentials =
        userCredentials != null ? userCredentials : DefaultCredentialsProvider.builder().build();
  }

  /** The SDK's region chain, for when {@code bedrock-kit.aws.region} is unset. */
  static Region sdkRegion(String property) {
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new InvalidPropertyException(
          property,
          null,
          "is not set and the AWS SDK found no region (" + e.getMessage() + ")",
          "Set " + property + " (e.g. us-east-1), or the AWS_REGION environment variable.",
          e);
    }
  }

  Region defaultRegion() {
    return defaultRegion;
  }

  AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** A new sync client for {@code region}, closed by whoever holds it. */
  BedrockRuntimeClient newSync(Region region) {
    Http http = aws.getHttp();
    var builder =
        BedrockRuntimeClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(syncOverride)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .maxConnections(http.getMaxConnections())
                    .connectionTimeout(http.getConnectionTimeout())
                    .connectionAcquisitionTimeout(http.getConnectionAcquisitionTimeout())
                    .socketTimeout(http.getSocketTimeout()));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** A new async client (Netty) for {@code region}, closed by whoever holds it. */
  BedrockRuntimeAsyncClient newAsync(Region region) {
    Http http = aws.getHttp();
    var builder =
        BedrockRuntimeAsyncClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .overrideConfiguration(override)
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .maxConcurrency(http.getAsyncMaxConcurrency())
                    .connectionTimeout(http.getConnectionTimeout())
                    .connectionAcquisitionTimeout(http.getConnectionAcquisitionTimeout())
                    .readTimeout(http.getSocketTimeout()));
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /**
   * Sync clients for regions used by chains but not the default one, made once per region and
   * closed by {@link #destroy()}.
   */
  Function<String, BedrockRuntimeClient> syncFactory() {
    return region -> regionalSync.computeIfAbsent(region, r -> newSync(Region.of(r)));
  }

  /** Async twin of {@link #syncFactory()}. */
  Function<String, BedrockRuntimeAsyncClient> asyncFactory() {
    return region -> regionalAsync.computeIfAbsent(region, r -> newAsync(Region.of(r)));
  }

  /** An SSM client for the Parameter Store configuration, closed by whoever holds it. */
  SsmClient newSsm(Region region, URI ssmEndpoint) {
    var builder =
        SsmClient.builder()
            .region(region)
            .credentialsProvider(credentials)
            .httpClientBuilder(
                Apache5HttpClient.builder()
                    .connectionTimeout(aws.getHttp().getConnectionTimeout())
                    .socketTimeout(Duration.ofSeconds(30)));
    if (ssmEndpoint != null) {
      builder.endpointOverride(ssmEndpoint);
    }
    return builder.build();
  }

  /** The override configuration of every Bedrock client made here: SDK retries off, timeouts. */
  ClientOverrideConfiguration overrideConfiguration() {
    return override;
  }

  @Override
  public void destroy() {
    regionalSync.values().forEach(BedrockRuntimeClient::close);
    regionalAsync.values().forEach(BedrockRuntimeAsyncClient::close);
    regionalSync.clear();
    regionalAsync.clear();
    if (ownsCredentials && credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing a credentials provider releases a refresh thread at most; nothing to report.
      }
    }
  }
}
