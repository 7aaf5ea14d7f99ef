package dev.bedrockkit.sample.metrics;

import dev.bedrockkit.sample.SampleProperties;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.util.NamedThreadFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics to CloudWatch as embedded metric format on stdout ({@link EmfMeterRegistry}), when
 * {@code sample.metrics.emf.enabled} (profile {@code aws}). The registry is a bean, so Spring
 * Boot's auto-configured composite registry records every meter in it as well as in Prometheus,
 * and applies the usual meter filters to it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("sample.metrics.emf.enabled")
public class EmfMetricsConfiguration {

  @Bean(destroyMethod = "closeAfterShutdown")
  static ClosedAfterShutdown emfMeterRegistry(SampleProperties properties, Clock clock) {
    ClosedAfterShutdown registry = new ClosedAfterShutdown(properties.metrics().emf(), clock);
    registry.start(new NamedThreadFactory("emf-metrics"));
    return registry;
  }

  /**
   * The registry as a bean. Spring Boot closes every registry on {@code ContextClosedEvent},
   * before the graceful shutdown lets open streams finish (up to 110 s on ECS), and what they
   * record after a close is never written. So {@link #close()} waits: the registry keeps
   * publishing every step until the bean is destroyed, after the web server has stopped, and
   * {@link #closeAfterShutdown()} then writes the last, partial step.
   */
  public static final class ClosedAfterShutdown extends EmfMeterRegistry {
    ClosedAfterShutdown(SampleProperties.Emf settings, Clock clock) {
      super(settings, clock, () -> System.out);
    }

    /** Does nothing: the registry is closed by {@link #closeAfterShutdown()}. */
    @Override
    public void close() {}

    /** Writes the last, partial step and closes the registry. */
    public void closeAfterShutdown() {
      super.close();
    }
  }
}
