package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Auto-configures the Bedrock Runtime clients of the default region ({@code bedrock-kit.aws.*}):
 * a sync client (Apache HttpClient 5) and an async client (Netty, for streams), both with SDK
 * retries off, using the application's {@link AwsCredentialsProvider} bean if it has one, else the
 * SDK's default chain (on Fargate, the task role). Either client bean of the application's own
 * replaces ours. The async client, and clients for further regions named by chains, are made on
 * first use.
 */
@AutoConfiguration
@ConditionalOnClass({BedrockKit.class, BedrockRuntimeClient.class})
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitClientsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BedrockClientFactory bedrockKitClientFactory(
      BedrockKitProperties properties, ObjectProvider<AwsCredentialsProvider> credentials) {
    return new BedrockClientFactory(properties, credentials.getIfAvailable());
  }

  @Bean
  @ConditionalOnMissingBean
  BedrockRuntimeClient bedrockRuntimeClient(BedrockClientFactory factory) {
    return factory.newSync(factory.defaultRegion());
  }

  /**
   * Lazy: its Netty event loops start on the first stream or async call (or injection), so an
   * application that never streams never starts them.
   */
  @Bean
  @Lazy
  @ConditionalOnMissingBean
  BedrockRuntimeAsyncClient bedrockRuntimeAsyncClient(BedrockClientFactory factory) {
    return factory.newAsync(factory.defaultRegion());
  }
}
