package dev.bedrockkit.sample.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.sample.SampleProperties;
import io.micrometer.core.instrument.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The EMF registry exists in profile {@code aws} only (also the profile when none is named, as in
 * the container image), reading the namespace the task definition gives; the service's own
 * {@code application*.yaml} files are loaded as at start-up.
 */
class EmfMetricsConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withInitializer(new ConfigDataApplicationContextInitializer())
          .withBean(Clock.class, () -> Clock.SYSTEM)
          .withUserConfiguration(Properties.class, EmfMetricsConfiguration.class);

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(SampleProperties.class)
  static class Properties {}

  @Test
  void profileAwsWritesEmfToTheNamespaceTheTaskDefinitionNames() {
    runner
        .withPropertyValues(
            "spring.profiles.active=aws", "MANAGEMENT_CLOUDWATCH_METRICS_EXPORT_NAMESPACE=Acme/Chat")
        .run(
            context ->
                assertThat(context.getBean(EmfMeterRegistry.class).namespace())
                    .isEqualTo("Acme/Chat"));
  }

  @Test
  void namespaceIsBedrockKitSampleWithoutTheVariable() {
    runner
        .withPropertyValues("spring.profiles.active=aws")
        .run(
            context ->
                assertThat(context.getBean(EmfMeterRegistry.class).namespace())
                    .isEqualTo("BedrockKit/Sample"));
  }

  @Test
  void withNoProfileNamedTheServiceRunsAsAwsAndWritesEmf() {
    runner.run(context -> assertThat(context).hasSingleBean(EmfMeterRegistry.class));
  }

  @Test
  void profileLocalWritesNoEmf() {
    runner
        .withPropertyValues("spring.profiles.active=local")
        .run(context -> assertThat(context).doesNotHaveBean(EmfMeterRegistry.class));
  }

  @Test
  void anAwsNamespaceFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("spring.profiles.active=aws", "sample.metrics.emf.namespace=AWS/Chat")
        .run(
            context ->
                assertThat(context.getStartupFailure())
                    .rootCause()
                    .hasMessage(
                        "sample.metrics.emf.namespace must be 1 to 255 ASCII characters, not"
                            + " starting with AWS/, but was 'AWS/Chat'"));
  }
}
