package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;

/** The application starts when an optional library is absent; only its integration is skipped. */
class OptionalDependenciesTest {

  @Test
  void withActuatorHealthAndInfoAreContributed() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .run(
            context -> {
              assertThat(context).hasBean("bedrockKitHealthIndicator");
              assertThat(context).hasBean("bedrockKitInfoContributor");
            });
  }

  @Test
  void startsWithoutActuator() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withClassLoader(
            new FilteredClassLoader(
                "org.springframework.boot.health", "org.springframework.boot.actuate"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(BedrockKit.class);
              assertThat(context).doesNotHaveBean("bedrockKitHealthIndicator");
              assertThat(context).doesNotHaveBean("bedrockKitInfoContributor");
            });
  }

  @Test
  void startsWithoutMicrometer() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withClassLoader(new FilteredClassLoader("io.micrometer"))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(BedrockKit.class);
            });
  }
}
