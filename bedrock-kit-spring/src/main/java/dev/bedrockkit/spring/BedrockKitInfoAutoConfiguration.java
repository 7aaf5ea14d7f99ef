package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.ModelConfigSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the "bedrockKit" info contributor when the actuator is on the classpath and
 * {@code management.info.bedrock-kit.enabled} is not false.
 */
@AutoConfiguration(after = BedrockKitAutoConfiguration.class)
@ConditionalOnClass(
    value = {BedrockKit.class, InfoContributor.class},
    name = "org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor")
@ConditionalOnBean(BedrockKit.class)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitInfoAutoConfiguration {

  /** Nested, so that the enabled-contributor condition is only read once the actuator is found. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledInfoContributor("bedrock-kit")
  static final class InfoContributorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bedrockKitInfoContributor")
    InfoContributor bedrockKitInfoContributor(
        BedrockKit kit,
        ObjectProvider<ModelConfigSource> source,
        ObjectProvider<CostCalculator> costs,
        BedrockKitProperties properties) {
      return new BedrockKitInfoContributor(
          kit, source.getIfAvailable(), costs.getIfAvailable(), properties.getPricing());
    }
  }
}
