package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BudgetExceededException;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.MetricNames;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.TypedResponse;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * A whole Spring Boot application, auto-configured (bedrock-kit-cache included), calling the
 * emulator over HTTP.
 */
@SpringBootTest(
    classes = BedrockKitSpringBootTest.App.class,
    properties = {
      "bedrock-kit.aws.region=us-east-1",
      "bedrock-kit.models=" + HAIKU,
      "bedrock-kit.resilience.max-attempts=1",
      "bedrock-kit.attribution.allowed=search,support",
      "bedrock-kit.budgets.limits.support=0.00000001",
      "bedrock-kit.budgets.hard-limit=true"
    })
class BedrockKitSpringBootTest {
  static final BedrockEmulator EMULATOR = BedrockEmulator.builder().port(0).start();

  record Person(String name) {}

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    /** Test-only credentials: dummy static keys. */
    @Bean
    AwsCredentialsProvider testCredentials() {
      return Runners.testCredentials();
    }

    @Bean
    PromptTemplate<Person, String> greeting(PromptTemplates templates) {
      return templates.get("greeting", Person.class, String.class);
    }

    /** Boot registers every ObservationHandler bean with its ObservationRegistry. */
    @Bean
    ObservationHandler<Observation.Context> recordingHandler() {
      return new ObservationHandler<>() {
        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }

        @Override
        public void onStop(Observation.Context context) {
          OBSERVED.add(context.getName());
        }
      };
    }
  }

  static final List<String> OBSERVED = new CopyOnWriteArrayList<>();

  @DynamicPropertySource
  static void emulator(DynamicPropertyRegistry registry) {
    registry.add("bedrock-kit.aws.endpoint", () -> EMULATOR.endpoint().toString());
  }

  @AfterAll
  static void stopEmulator() {
    EMULATOR.close();
  }

  @Autowired BedrockKit kit;
  @Autowired PromptTemplate<Person, String> greeting;
  @Autowired MeterRegistry registry;
  @Autowired ResponseCache cache;

  @BeforeEach
  void clearJournal() {
    EMULATOR.journal().clear();
  }

  @Test
  void chatGoesThroughTheAutoConfiguredKitWithTheApplicationsCredentials() {
    ChatResponse answer = kit.chat(ChatRequest.of("hello from Spring"));

    assertThat(answer.text()).isEqualTo("[" + HAIKU + "] echo: hello from Spring");
    assertThat(answer.modelId()).isEqualTo(HAIKU);
    assertThat(EMULATOR.journal().all()).hasSize(1);
    RecordedCall call = EMULATOR.journal().last();
    assertThat(call.operation()).isEqualTo(Operation.CONVERSE);
    assertThat(call.modelId()).isEqualTo(HAIKU);
    assertThat(call.region()).isEqualTo("us-east-1");
    assertThat(call.header("Authorization")).contains("Credential=AKIDSPRINGTEST/");
    assertThat(call.body().at("/messages/0/content/0/text").asText()).isEqualTo("hello from Spring");
  }

  @Test
  void aSecondIdenticalScopedChatIsServedByTheAutoConfiguredCache() {
    ChatRequest question =
        ChatRequest.builder().user("cache me").cacheScope(CacheScope.tenant("acme")).build();

    ChatResponse first = kit.chat(question);
    ChatResponse second = kit.chat(question);

    assertThat(cache).isInstanceOf(ExactCache.class);
    assertThat(first.fromCache()).isFalse();
    assertThat(second.fromCache()).isTrue();
    assertThat(second.text()).isEqualTo(first.text());
    assertThat(EMULATOR.journal().calls(Operation.CONVERSE)).hasSize(1);
    assertThat(
            registry
                .get(MetricNames.CACHE_REQUESTS)
                .tag(MetricNames.TAG_TIER, MetricNames.CACHE_TIER_LOCAL)
                .tag(MetricNames.TAG_RESULT, MetricNames.CACHE_RESULT_HIT)
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void metricsAndObservationsReachTheApplicationsRegistries() {
    kit.chat(ChatRequest.builder().user("count me").attribution("search").build());

    Timer duration =
        registry.find(MetricNames.OPERATION_DURATION).tag(MetricNames.TAG_ATTRIBUTION, "search").timer();
    assertThat(duration).isNotNull();
    assertThat(duration.count()).isEqualTo(1);
    assertThat(registry.find(MetricNames.COST).tag(MetricNames.TAG_ATTRIBUTION, "search").counter().count())
        .isPositive();
    assertThat(OBSERVED).contains(MetricNames.OBSERVATION_REQUEST);
  }

  @Test
  void budgetsAndTheAttributionAllowListGuardRequests() {
    ChatResponse first =
        kit.chat(ChatRequest.builder().user("spend it").attribution("support").build());
    assertThat(first.costUsd()).isPresent();

    assertThatThrownBy(
            () -> kit.chat(ChatRequest.builder().user("again").attribution("support").build()))
        .isInstanceOf(BudgetExceededException.class);
    assertThatThrownBy(
            () -> kit.chat(ChatRequest.builder().user("who?").attribution("marketing").build()))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(EMULATOR.journal().all()).hasSize(1);
  }

  @Test
  void streamsThroughTheLazyAsyncClient() throws Exception {
    StringBuilder text = new StringBuilder();
    ChatResponse answer =
        kit.stream(ChatRequest.of("stream this"), text::append).get(30, TimeUnit.SECONDS);

    assertThat(text.toString()).isEqualTo("[" + HAIKU + "] echo: stream this");
    assertThat(answer.text()).isEqualTo(text.toString());
    assertThat(EMULATOR.journal().calls(Operation.CONVERSE_STREAM)).hasSize(1);
  }

  @Test
  void templateDeclaredAsABeanRendersIntoTheRequest() {
    TypedResponse<String> answer = kit.call(greeting, new Person("Ada"));

    assertThat(answer.value()).contains("Say hello to <name>Ada</name>.");
    RecordedCall call = EMULATOR.journal().last();
    assertThat(call.body().at("/messages/0/content/0/text").asText())
        .isEqualTo("Say hello to <name>Ada</name>.");
  }
}
