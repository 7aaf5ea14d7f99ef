package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitMetrics;
import dev.bedrockkit.ConfigListener;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Binds bedrock-kit's metrics ({@link BedrockKitMetrics}: OpenTelemetry GenAI durations and token
 * usage, cost in USD, attempts, fallbacks, circuit states, configuration reloads) to the
 * application's {@link MeterRegistry} when Micrometer and a registry are present (with Spring
 * Boot's actuator, the registry it auto-configures) and {@code bedrock-kit.metrics.enabled} is not
 * false. The attribution tag is limited to {@code bedrock-kit.attribution.allowed}.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnClass({BedrockKit.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "bedrock-kit.metrics.enabled", matchIfMissing = true)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitMetricsAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  BedrockKitMetrics bedrockKitMetrics(MeterRegistry registry, BedrockKitProperties properties) {
    BedrockKitProperties.Metrics m = properties.getMetrics();
    String p = Settings.P + ".metrics";
    double[] percentiles = new double[m.getPercentiles().size()];
    for (int i = 0; i < percentiles.length; i++) {
      Double value = m.getPercentiles().get(i);
      if (value == null || !(value >= 0 && value <= 1)) {
        throw new InvalidPropertyException(
            p + ".percentiles[" + i + "]",
            value,
            "must be between 0 and 1",
            "Use fractions such as 0.5, 0.95, 0.99.");
      }
      percentiles[i] = value;
    }
    List<Duration> slos = m.getServiceLevelObjectives();
    for (int i = 0; i < slos.size(); i++) {
      Settings.positive(p + ".service-level-objectives[" + i + "]", slos.get(i));
    }
    List<String> allowed = properties.getAttribution().getAllowed();
    for (int i = 0; i < allowed.size(); i++) {
      String value = allowed.get(i);
      if (value == null || value.isBlank() || value.equals("none") || value.equals("other")) {
        throw new InvalidPropertyException(
            Settings.P + ".attribution.allowed[" + i + "]",
            value,
            "must be a non-blank label other than 'none' and 'other' (reserved tag values)",
            "Use bounded labels such as team or feature names, never user IDs.");
      }
    }
    return BedrockKitMetrics.builder(registry)
        .allowedAttributions(allowed)
        .fixedTagKeys(m.isFixedTagKeys())
        .percentiles(percentiles)
        .percentileHistogram(m.isPercentileHistogram())
        .serviceLevelObjectives(slos.toArray(Duration[]::new))
        .build();
  }

  /** Counts Parameter Store reloads, rejections and read failures. */
  @Bean
  @ConditionalOnMissingBean(name = "bedrockKitMetricsConfigListener")
  ConfigListener bedrockKitMetricsConfigListener(BedrockKitMetrics metrics) {
    return metrics.configListener();
  }
}
