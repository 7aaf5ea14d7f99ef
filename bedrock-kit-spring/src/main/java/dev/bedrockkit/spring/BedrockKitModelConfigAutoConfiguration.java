package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ConfigListener;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ParameterStoreConfigSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Auto-configures where the model chains come from: a {@link ParameterStoreConfigSource} (and its
 * {@link SsmClient}) when {@code bedrock-kit.config.parameter-name} is set, read at start-up and
 * re-read every {@code bedrock-kit.config.refresh-interval}, with the chains in properties as the
 * fallback; otherwise a static source built from {@code bedrock-kit.chains} or {@code
 * bedrock-kit.models}. A {@link ModelConfigSource} bean of the application's own replaces ours.
 */
@AutoConfiguration(after = BedrockKitClientsAutoConfiguration.class)
@ConditionalOnClass(BedrockKit.class)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitModelConfigAutoConfiguration {

  /** Chains read from Parameter Store. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "bedrock-kit.config", name = "parameter-name")
  static final class ParameterStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SsmClient bedrockKitSsmClient(BedrockKitProperties properties, BedrockClientFactory clients) {
      BedrockKitProperties.Config config = properties.getConfig();
      String p = Settings.P + ".config";
      Region region =
          config.getRegion() != null
              ? Settings.region(p + ".region", config.getRegion())
              : clients.defaultRegion();
      return clients.newSsm(
          region,
          config.getEndpoint() == null ? null : Settings.endpoint(p + ".endpoint", config.getEndpoint()));
    }

    @Bean
    @ConditionalOnMissingBean(ModelConfigSource.class)
    ParameterStoreConfigSource bedrockKitModelConfigSource(
        BedrockKitProperties properties, SsmClient ssm, ObjectProvider<ConfigListener> listeners) {
      BedrockKitProperties.Config config = properties.getConfig();
      String p = Settings.P + ".config";
      String name =
          Settings.notBlank(
              p + ".parameter-name",
              config.getParameterName(),
              "Name the parameter holding the model configuration, e.g. /bedrock-kit/prod/models.");
      ParameterStoreConfigSource.Builder builder =
          ParameterStoreConfigSource.builder()
              .ssmClient(ssm)
              .parameterName(name)
              .refreshInterval(
                  Settings.atLeast(
                      p + ".refresh-interval",
                      config.getRefreshInterval(),
                      ParameterStoreConfigSource.MIN_REFRESH_INTERVAL));
      if (Settings.hasStaticChains(properties)) {
        builder.fallback(Settings.modelConfig(properties));
      }
      listeners.orderedStream().forEach(builder::listener);
      ParameterStoreConfigSource source = builder.build();
      try {
        return source.start();
      } catch (ConfigurationException e) {
        source.close();
        throw new InvalidPropertyException(
            p + ".parameter-name",
            name,
            e.getMessage(),
            "Fix the parameter (or the task role's ssm:GetParameter permission), or set "
                + Settings.P
                + ".chains or "
                + Settings.P
                + ".models as the fallback used when the parameter cannot be loaded at start-up.",
            e);
      }
    }
  }

  /** Chains from properties. */
  @Configuration(proxyBeanMethods = false)
  @Conditional(PropertiesCondition.StaticChains.class)
  static final class StaticConfiguration {

    @Bean
    @ConditionalOnMissingBean(ModelConfigSource.class)
    ModelConfigSource bedrockKitModelConfigSource(BedrockKitProperties properties) {
      ModelConfig config = Settings.modelConfig(properties);
      return ModelConfigSource.of(config);
    }
  }
}
