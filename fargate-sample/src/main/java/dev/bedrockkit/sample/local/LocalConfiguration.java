package dev.bedrockkit.sample.local;

import dev.bedrockkit.test.EmulatorClients;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.env.ConfigurableEnvironment;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Profile {@code local}: the service runs against an in-process Bedrock emulator with no AWS
 * account, and nothing leaves 127.0.0.1. The emulator holds the model configuration in its
 * Parameter Store ({@code local/models.json}: a two-model chain with a degraded message), answers
 * with realistic latency so streaming is visible, and the SDK signs with the emulator's dummy
 * credentials. Logs the chat page URL once the server is up.
 */
@Configuration(proxyBeanMethods = false)
@Profile("local")
public class LocalConfiguration {
  private static final Logger log = LoggerFactory.getLogger(LocalConfiguration.class);

  @Bean(destroyMethod = "close")
  static LocalEmulator localEmulator(ConfigurableEnvironment environment) {
    return LocalEmulator.start(environment);
  }

  /** The emulator's dummy keys; they reach nothing but the emulator. */
  @Bean
  AwsCredentialsProvider emulatorCredentials() {
    return EmulatorClients.credentials();
  }

  @Bean
  ApplicationListener<WebServerInitializedEvent> chatPageUrl() {
    return event -> {
      if (event.getApplicationContext().getServerNamespace() == null) {
        log.info("Chat page: http://localhost:{}/", event.getWebServer().getPort());
      }
    };
  }
}
