package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static dev.bedrockkit.spring.Runners.HAIKU_3_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CallPolicy.OnError;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.RequestGuard;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

class BedrockKitAutoConfigurationTest {

  @Test
  void createsClientsKitPolicyAndStaticConfigurationFromModels() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU_3_5 + "," + HAIKU)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(BedrockKit.class);
              assertThat(context).hasSingleBean(BedrockRuntimeClient.class);
              assertThat(context).hasSingleBean(BedrockRuntimeAsyncClient.class);
              assertThat(context).hasSingleBean(CallPolicy.class);
              assertThat(context).hasSingleBean(PromptTemplates.class);
              assertThat(context).doesNotHaveBean(SsmClient.class);
              ModelConfig config = context.getBean(BedrockKit.class).modelConfig();
              assertThat(config.version()).isEqualTo(ModelConfig.STATIC_VERSION);
              assertThat(config.enabled()).isTrue();
              assertThat(config.defaultChain())
                  .extracting(ModelTarget::modelId)
                  .containsExactly(HAIKU_3_5, HAIKU);
            });
  }

  @Test
  void clientsHaveSdkRetriesOffRegionAndEndpoint() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.aws.region=eu-west-1",
            "bedrock-kit.aws.endpoint=http://127.0.0.1:9",
            "bedrock-kit.aws.api-call-timeout=45s")
        .run(
            context -> {
              var sync = context.getBean(BedrockRuntimeClient.class).serviceClientConfiguration();
              var async =
                  context.getBean(BedrockRuntimeAsyncClient.class).serviceClientConfiguration();
              for (var config : List.of(sync, async)) {
                assertThat(config.region()).isEqualTo(Region.EU_WEST_1);
                assertThat(config.endpointOverride()).contains(URI.create("http://127.0.0.1:9"));
                assertThat(config.overrideConfiguration().retryStrategy().orElseThrow().maxAttempts())
                    .isEqualTo(1);
                assertThat(config.overrideConfiguration().apiCallTimeout())
                    .contains(Duration.ofSeconds(45));
              }
            });
  }

  @Test
  void withoutAnApiCallTimeoutTheSyncClientsIsTheAttemptTimeoutAndTheAsyncClientHasNone() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.aws.region=eu-west-1",
            "bedrock-kit.aws.endpoint=http://127.0.0.1:9",
            "bedrock-kit.resilience.attempt-timeout=12s")
        .run(
            context -> {
              var sync = context.getBean(BedrockRuntimeClient.class).serviceClientConfiguration();
              var async =
                  context.getBean(BedrockRuntimeAsyncClient.class).serviceClientConfiguration();
              assertThat(sync.overrideConfiguration().apiCallTimeout())
                  .contains(Duration.ofSeconds(12));
              assertThat(async.overrideConfiguration().apiCallTimeout()).isEmpty();
            });
  }

  @Test
  void clientsForOtherRegionsOfAChainAreMadeWithTheSameSettings() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.aws.endpoint=http://127.0.0.1:9")
        .run(
            context -> {
              BedrockClientFactory factory = context.getBean(BedrockClientFactory.class);
              BedrockRuntimeClient west = factory.syncFactory().apply("us-west-2");
              assertThat(factory.syncFactory().apply("us-west-2")).isSameAs(west);
              assertThat(west.serviceClientConfiguration().region()).isEqualTo(Region.US_WEST_2);
              assertThat(
                      west.serviceClientConfiguration()
                          .overrideConfiguration()
                          .retryStrategy()
                          .orElseThrow()
                          .maxAttempts())
                  .isEqualTo(1);
              BedrockRuntimeAsyncClient westAsync = factory.asyncFactory().apply("us-west-2");
              assertThat(westAsync.serviceClientConfiguration().endpointOverride())
                  .contains(URI.create("http://127.0.0.1:9"));
            });
  }

  @Test
  void usesTheApplicationsCredentialsProvider() {
    AwsCredentialsProvider credentials = Runners.testCredentials();
    Runners.runner()
        .withBean(AwsCredentialsProvider.class, () -> credentials)
        .run(
            context -> {
              assertThat(context.getBean(BedrockClientFactory.class).credentials())
                  .isSameAs(credentials);
              assertThat(
                      context
                          .getBean(BedrockRuntimeClient.class)
                          .serviceClientConfiguration()
                          .credentialsProvider())
                  .isSameAs(credentials);
            });
  }

  @Test
  void applicationBeansReplaceOurs() {
    BedrockRuntimeClient client =
        BedrockRuntimeClient.builder()
            .region(Region.AP_SOUTHEAST_2)
            .credentialsProvider(Runners.testCredentials())
            .build();
    CallPolicy policy = CallPolicy.builder().maxAttempts(1).build();
    ModelConfigSource source = ModelConfigSource.of(ModelConfig.of(HAIKU));
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU_3_5)
        .withBean("myClient", BedrockRuntimeClient.class, () -> client)
        .withBean("myPolicy", CallPolicy.class, () -> policy)
        .withBean("mySource", ModelConfigSource.class, () -> source)
        .run(
            context -> {
              assertThat(context).getBean(BedrockRuntimeClient.class).isSameAs(client);
              assertThat(context).getBean(CallPolicy.class).isSameAs(policy);
              assertThat(context).getBean(ModelConfigSource.class).isSameAs(source);
              assertThat(context.getBean(BedrockKit.class).modelConfig().defaultChain())
                  .extracting(ModelTarget::modelId)
                  .containsExactly(HAIKU);
            });
  }

  @Test
  void anApplicationKitReplacesOurs() {
    Runners.runner()
        .withUserConfiguration(OwnKit.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(BedrockKit.class);
              assertThat(context).getBean(BedrockKit.class).isSameAs(OwnKit.KIT);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class OwnKit {
    static final BedrockKit KIT =
        BedrockKit.builder()
            .client(
                BedrockRuntimeClient.builder()
                    .region(Region.US_EAST_1)
                    .credentialsProvider(Runners.testCredentials())
                    .build())
            .models(HAIKU)
            .build();

    @Bean
    BedrockKit myKit() {
      return KIT;
    }
  }

  @Test
  void customizersRunInOrderAfterTheProperties() {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withUserConfiguration(Customizers.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context.getBean(Customizers.class).calls)
                  .containsExactly("first", "second");
              // The second customizer replaced the model configuration from properties.
              assertThat(context.getBean(BedrockKit.class).modelConfig().defaultChain())
                  .extracting(ModelTarget::modelId)
                  .containsExactly(HAIKU_3_5);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class Customizers {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Bean
    @Order(2)
    BedrockKitBuilderCustomizer second() {
      return builder -> {
        calls.add("second");
        builder.models(HAIKU_3_5);
      };
    }

    @Bean
    @Order(1)
    BedrockKitBuilderCustomizer first() {
      return builder -> calls.add("first");
    }
  }

  @Test
  void requestGuardAndListenerBeansReachTheKit() {
    List<String> seen = new CopyOnWriteArrayList<>();
    RequestGuard guard =
        (operation, attribution) -> {
          seen.add("guard " + operation + " " + attribution);
          throw new InvalidRequestException("attribution", "team '" + attribution + "' is not allowed");
        };
    BedrockKitListener listener =
        new BedrockKitListener() {
          @Override
          public void onRequest(RequestEvent event) {
            seen.add("listener " + event.outcome());
          }
        };
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withBean(RequestGuard.class, () -> guard)
        .withBean(BedrockKitListener.class, () -> listener)
        .run(
            context -> {
              BedrockKit kit = context.getBean(BedrockKit.class);
              assertThatThrownBy(
                      () -> kit.chat(ChatRequest.builder().user("hi").attribution("blue").build()))
                  .isInstanceOf(InvalidRequestException.class)
                  .hasMessage("team 'blue' is not allowed");
              assertThat(seen).startsWith("guard CHAT blue");
            });
  }

  @Test
  void chainsFromPropertiesKeepRegionsAndInferenceSettings() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.chains.default[0].model-id=" + HAIKU_3_5,
            "bedrock-kit.chains.default[0].regions=us-east-1,us-west-2",
            "bedrock-kit.chains.default[0].max-tokens=512",
            "bedrock-kit.chains.default[0].temperature=0.2",
            "bedrock-kit.chains.default[1].model-id=" + HAIKU,
            "bedrock-kit.chains.default[1].enabled=false",
            "bedrock-kit.chains.cheap[0].model-id=" + HAIKU,
            "bedrock-kit.enabled=false",
            "bedrock-kit.degraded-message=Busy, try again soon.")
        .run(
            context -> {
              ModelConfig config = context.getBean(BedrockKit.class).modelConfig();
              assertThat(config.chains()).containsOnlyKeys("default", "cheap");
              ModelTarget first = config.defaultChain().get(0);
              assertThat(first.modelId()).isEqualTo(HAIKU_3_5);
              assertThat(first.regions()).containsExactly("us-east-1", "us-west-2");
              assertThat(first.maxTokens()).isEqualTo(512);
              assertThat(first.temperature()).isEqualTo(0.2);
              assertThat(config.defaultChain().get(1).enabled()).isFalse();
              assertThat(config.enabled()).isFalse();
              assertThat(config.degradedMessage()).isEqualTo("Busy, try again soon.");
            });
  }

  @Test
  void withoutChainsTheKitHasNoModelConfiguration() {
    Runners.runner()
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(ModelConfigSource.class);
              assertThatThrownBy(() -> context.getBean(BedrockKit.class).modelConfig())
                  .isInstanceOf(ConfigurationException.class);
            });
  }

  @Test
  void callPolicyFromResilienceProperties() {
    Runners.runner()
        .withPropertyValues(
            "bedrock-kit.resilience.attempt-timeout=5s",
            "bedrock-kit.resilience.deadline=20s",
            "bedrock-kit.resilience.max-attempts=2",
            "bedrock-kit.resilience.backoff.base=100ms",
            "bedrock-kit.resilience.backoff.max=2s",
            "bedrock-kit.resilience.retry-budget.ratio=0.3",
            "bedrock-kit.resilience.retry-budget.min-per-second=3",
            "bedrock-kit.resilience.circuit-breaker.failure-threshold=10",
            "bedrock-kit.resilience.circuit-breaker.failure-window=2m",
            "bedrock-kit.resilience.circuit-breaker.failure-rate-percent=50",
            "bedrock-kit.resilience.circuit-breaker.open-delay=15s",
            "bedrock-kit.resilience.circuit-breaker.half-open-probes=2",
            "bedrock-kit.resilience.bulkhead.max-concurrent-calls-per-model=32",
            "bedrock-kit.resilience.on-error.THROTTLED=NEXT_MODEL")
        .run(
            context -> {
              CallPolicy p = context.getBean(CallPolicy.class);
              assertThat(p.attemptTimeout()).isEqualTo(Duration.ofSeconds(5));
              assertThat(p.deadline()).isEqualTo(Duration.ofSeconds(20));
              assertThat(p.maxAttempts()).isEqualTo(2);
              assertThat(p.backoffBase()).isEqualTo(Duration.ofMillis(100));
              assertThat(p.backoffMax()).isEqualTo(Duration.ofSeconds(2));
              assertThat(p.retryBudgetRatio()).isEqualTo(0.3);
              assertThat(p.retryBudgetMinPerSecond()).isEqualTo(3);
              assertThat(p.circuitBreaker())
                  .isEqualTo(
                      new CallPolicy.CircuitBreakerSettings(
                          10, Duration.ofMinutes(2), 50, Duration.ofSeconds(15), 2, 90));
              assertThat(p.maxConcurrentCallsPerModel()).isEqualTo(32);
              assertThat(p.actionFor(Outcome.THROTTLED)).isEqualTo(OnError.NEXT_MODEL);
              assertThat(p.actionFor(Outcome.SERVER_ERROR))
                  .isEqualTo(OnError.RETRY_THEN_NEXT_REGION);
            });
  }

  @Test
  void propertyDefaultsAreCoresDefaults() {
    Runners.runner()
        .run(context -> assertThat(context.getBean(CallPolicy.class)).isEqualTo(CallPolicy.ofDefaults()));
  }
}
