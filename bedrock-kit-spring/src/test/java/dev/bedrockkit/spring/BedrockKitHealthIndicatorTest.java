package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.Operation;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

class BedrockKitHealthIndicatorTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static ApplicationContextRunner runner(String... properties) {
    return Runners.runner()
        .withBean(AwsCredentialsProvider.class, Runners::testCredentials)
        .withPropertyValues(
            "bedrock-kit.aws.endpoint=" + BEDROCK.endpoint(),
            "bedrock-kit.models=" + HAIKU,
            "bedrock-kit.resilience.max-attempts=1")
        .withPropertyValues(properties);
  }

  private static HealthIndicator indicator(
      org.springframework.context.ApplicationContext context) {
    return context.getBean("bedrockKitHealthIndicator", HealthIndicator.class);
  }

  @Test
  void upWithTheProbeResultReusedTwoChecksMakeOneModelCall() {
    runner("bedrock-kit.health.probe.enabled=true")
        .run(
            context -> {
              Health first = indicator(context).health();
              Health second = indicator(context).health();
              assertThat(first.getStatus()).isEqualTo(Status.UP);
              assertThat(second.getDetails().get("probe")).isEqualTo(first.getDetails().get("probe"));
              assertThat(BEDROCK.journal().calls(Operation.CONVERSE)).hasSize(1);
              var call = BEDROCK.journal().calls(Operation.CONVERSE).get(0);
              assertThat(call.modelId()).isEqualTo(HAIKU);
              assertThat(call.body().at("/inferenceConfig/maxTokens").asInt()).isEqualTo(1);
              assertThat(first.getDetails())
                  .containsEntry("configVersion", "static")
                  .containsEntry("enabled", true)
                  .containsEntry("circuits", Map.of());
              assertThat(second.getDetails())
                  .containsEntry("circuits", Map.of(HAIKU + "@us-east-1", "CLOSED"));
              @SuppressWarnings("unchecked")
              Map<String, Object> probe = (Map<String, Object>) first.getDetails().get("probe");
              assertThat(probe)
                  .containsEntry("status", "ok")
                  .containsEntry("model", HAIKU)
                  .containsEntry("region", "us-east-1");
            });
  }

  @Test
  void probesAgainOnceTheIntervalHasPassed() {
    runner()
        .run(
            context -> {
              BedrockKitProperties.Health settings = new BedrockKitProperties.Health();
              settings.getProbe().setEnabled(true);
              settings.getProbe().setInterval(Duration.ofSeconds(30));
              MutableClock clock = new MutableClock();
              BedrockKitHealthIndicator indicator =
                  new BedrockKitHealthIndicator(context.getBean(BedrockKit.class), settings, clock);
              indicator.health();
              clock.advance(Duration.ofSeconds(29));
              indicator.health();
              assertThat(BEDROCK.journal().calls(Operation.CONVERSE)).hasSize(1);
              clock.advance(Duration.ofSeconds(1));
              assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
              assertThat(BEDROCK.journal().calls(Operation.CONVERSE)).hasSize(2);
            });
  }

  @Test
  void downWhenTheProbeFails() {
    BEDROCK.faults().modelDown(HAIKU);
    runner("bedrock-kit.health.probe.enabled=true")
        .run(
            context -> {
              Health health = indicator(context).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat((String) health.getDetails().get("reason"))
                  .startsWith("probe failed: AllModelsFailedException: ");
              @SuppressWarnings("unchecked")
              Map<String, Object> probe = (Map<String, Object>) health.getDetails().get("probe");
              assertThat(probe).containsEntry("status", "failed").doesNotContainKey("model");
              // A failed probe is reused too: a throttled or broken service is not hammered.
              indicator(context).health();
              assertThat(BEDROCK.journal().calls(Operation.CONVERSE)).hasSize(1);
            });
  }

  @Test
  void aDegradedAnswerIsAFailedProbe() {
    BEDROCK.faults().modelDown(HAIKU);
    runner("bedrock-kit.health.probe.enabled=true", "bedrock-kit.degraded-message=Busy.")
        .run(
            context -> {
              Health health = indicator(context).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry(
                      "reason",
                      "probe failed: no model answered (1 attempts); the degraded message was given"
                          + " instead");
            });
  }

  @Test
  void downWhileTheKillSwitchIsEngagedWithoutCallingAModel() {
    runner("bedrock-kit.health.probe.enabled=true", "bedrock-kit.enabled=false")
        .run(
            context -> {
              Health health = indicator(context).health();
              assertThat(health.getStatus()).isEqualTo(Status.DOWN);
              assertThat(health.getDetails())
                  .containsEntry(
                      "reason",
                      "kill switch engaged: model calls are switched off (enabled=false in model"
                          + " configuration version static)")
                  .containsEntry("enabled", false);
              assertThat(BEDROCK.journal().all()).isEmpty();
            });
  }

  @Test
  void killSwitchCanLeaveTheServiceUp() {
    runner("bedrock-kit.enabled=false", "bedrock-kit.health.down-on-kill-switch=false")
        .run(
            context -> {
              Health health = indicator(context).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat((String) health.getDetails().get("reason"))
                  .startsWith("kill switch engaged");
            });
  }

  @Test
  void withoutTheProbeNoModelIsCalled() {
    runner()
        .run(
            context -> {
              Health health = indicator(context).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).doesNotContainKey("probe");
              assertThat(BEDROCK.journal().all()).isEmpty();
            });
  }

  @Test
  void switchedOffByManagementProperty() {
    runner("management.health.bedrock-kit.enabled=false", "management.info.bedrock-kit.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean("bedrockKitHealthIndicator");
              assertThat(context).doesNotHaveBean("bedrockKitInfoContributor");
            });
  }

  @Test
  void infoShowsTheChainsAndConfigurationVersion() {
    runner()
        .run(
            context -> {
              Info.Builder info = new Info.Builder();
              context.getBean("bedrockKitInfoContributor", InfoContributor.class).contribute(info);
              assertThat(info.build().getDetails())
                  .containsEntry(
                      "bedrockKit",
                      Map.of(
                          "source", "static",
                          "pricing",
                              Map.of(
                                  "models", dev.bedrockkit.PricingCatalog.ofDefaults().prices().size(),
                                  "defaultPricesAsOf", dev.bedrockkit.PricingCatalog.PRICES_AS_OF),
                          "configVersion", "static",
                          "enabled", true,
                          "chains", Map.of("default", java.util.List.of(Map.of("modelId", HAIKU)))));
            });
  }
}
