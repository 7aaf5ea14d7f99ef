package dev.bedrockkit.spring;

import java.net.URI;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Context runners with every bedrock-kit auto-configuration, as an application gets them. */
final class Runners {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String HAIKU_3_5 = "anthropic.claude-3-5-haiku-20241022-v1:0";

  static final AutoConfigurations ALL =
      AutoConfigurations.of(
          BedrockKitClientsAutoConfiguration.class,
          BedrockKitModelConfigAutoConfiguration.class,
          BedrockKitPricingAutoConfiguration.class,
          BedrockKitMetricsAutoConfiguration.class,
          BedrockKitCacheAutoConfiguration.class,
          BedrockKitAutoConfiguration.class,
          BedrockKitHealthAutoConfiguration.class,
          BedrockKitInfoAutoConfiguration.class);

  private Runners() {}

  /** All auto-configurations, region us-east-1, no chains. */
  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(ALL)
        .withPropertyValues("bedrock-kit.aws.region=us-east-1");
  }

  /**
   * All auto-configurations with one model ({@link #HAIKU}, no retries) on the emulator at {@code
   * endpoint}, with test credentials.
   */
  static ApplicationContextRunner onEmulator(URI endpoint) {
    return runner()
        .withBean(AwsCredentialsProvider.class, Runners::testCredentials)
        .withPropertyValues(
            "bedrock-kit.aws.endpoint=" + endpoint,
            "bedrock-kit.models=" + HAIKU,
            "bedrock-kit.resilience.max-attempts=1");
  }

  /**
   * Properties whose keys hold ':' (model IDs in map keys), which {@code withPropertyValues} would
   * split; application.properties needs them escaped ({@code \\:}), YAML quoted.
   */
  static ApplicationContextInitializer<ConfigurableApplicationContext> properties(
      Map<String, Object> properties) {
    return context ->
        context
            .getEnvironment()
            .getPropertySources()
            .addFirst(new MapPropertySource("test-properties", properties));
  }

  /** Dummy static keys, for clients that talk to the emulator. */
  static AwsCredentialsProvider testCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIDSPRINGTEST", "spring-test-secret-not-real"));
  }
}
