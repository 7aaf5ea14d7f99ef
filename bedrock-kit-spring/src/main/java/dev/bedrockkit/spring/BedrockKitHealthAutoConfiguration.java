package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import java.time.Clock;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures the "bedrockKit" health indicator when Spring Boot's health support ({@code
 * spring-boot-health}, brought by the actuator starter) is on the classpath and {@code
 * management.health.bedrock-kit.enabled} is not false. See {@code bedrock-kit.health.*}.
 */
@AutoConfiguration(after = BedrockKitAutoConfiguration.class)
@ConditionalOnClass({BedrockKit.class, HealthIndicator.class})
@ConditionalOnBean(BedrockKit.class)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitHealthAutoConfiguration {

  /**
   * Nested, so that the enabled-indicator condition (a class of spring-boot-health) is only read
   * once the outer condition has found spring-boot-health.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator("bedrock-kit")
  static final class HealthIndicatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "bedrockKitHealthIndicator")
    HealthIndicator bedrockKitHealthIndicator(BedrockKit kit, BedrockKitProperties properties) {
      return new BedrockKitHealthIndicator(kit, properties.getHealth(), Clock.systemUTC());
    }
  }
}
