package dev.bedrockkit.sample.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.Attempt;
import dev.bedrockkit.BudgetExceededException;
import dev.bedrockkit.CircuitOpenException;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ContextWindowExceededException;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.KillSwitchEngagedException;
import dev.bedrockkit.ModelUnavailableException;
import dev.bedrockkit.StructuredOutputException;
import dev.bedrockkit.TemplateException;
import dev.bedrockkit.ThrottledException;
import dev.bedrockkit.sample.SampleProperties;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ProblemDetail;

/** How each bedrock-kit exception reaches a client. */
class ProblemsTest {
  private static final String M = "anthropic.claude-3-haiku-20240307-v1:0";

  private final Problems problems =
      new Problems(
          new SampleProperties(
              new SampleProperties.Chat(8000, 20, 4096, "chat"),
              new SampleProperties.Stream(
                  Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(5), 16),
              new SampleProperties.RateLimit(true, 60, 20, 100_000, 0),
              new SampleProperties.RetryAfter(Duration.ofSeconds(10), Duration.ofSeconds(60)),
              new SampleProperties.Cache(SampleProperties.CacheScopeKind.CLIENT, "X-Tenant-Id"),
              new SampleProperties.Metrics(
                  new SampleProperties.Emf(
                      false, "BedrockKit/Sample", Duration.ofSeconds(60), List.of()))));

  private Problem of(Throwable e) {
    return problems.of(e, "/v1/chat", "r-1");
  }

  private static void assertType(Problem p, int status, String slug) {
    assertThat(p.body().getStatus()).isEqualTo(status);
    assertThat(p.body().getType()).isEqualTo(URI.create(ProblemType.BASE + slug));
    assertThat(p.body().getInstance()).isEqualTo(URI.create("/v1/chat"));
    assertThat(p.body().getProperties()).containsEntry("requestId", "r-1");
  }

  @Test
  void invalidRequestIs400NamingTheApisField() {
    Problem p =
        of(new InvalidRequestException(
            "inferenceConfig.maxTokens", "inferenceConfig.maxTokens must be <= 4096 but was 5000"));

    assertType(p, 400, "invalid-request");
    assertThat(p.body().getDetail()).isEqualTo("maxTokens must be <= 4096 but was 5000");
    assertThat(p.body().getProperties())
        .containsEntry("field", "maxTokens")
        .containsEntry(
            "errors", List.of(new FieldProblem("maxTokens", "must be <= 4096 but was 5000")));
    assertThat(p.retryAfter()).isNull();
  }

  @Test
  void throttledIs503WithRetryAfter() {
    Problem p = of(new ThrottledException(M, "us-east-1", "Rate exceeded", null));

    assertType(p, 503, "models-unavailable");
    assertThat(p.body().getDetail())
        .isEqualTo("Every model is busy or failing right now; try again in 10 seconds.");
    assertThat(p.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.toResponse().getHeaders().getFirst("Retry-After")).isEqualTo("10");
  }

  @Test
  void allModelsFailedIs503WithTheNumberOfAttempts() {
    List<Attempt> attempts =
        List.of(
            new Attempt(M, "us-east-1", Attempt.Outcome.THROTTLED, Duration.ofMillis(5), "ThrottlingException"),
            new Attempt(M, "us-west-2", Attempt.Outcome.SERVER_ERROR, Duration.ofMillis(5), "InternalServerException"));

    Problem p = of(new CompletionException(new AllModelsFailedException("default", attempts, null)));

    assertType(p, 503, "models-unavailable");
    assertThat(p.body().getProperties()).containsEntry("attempts", 2);
    assertThat(p.retryAfter()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void openCircuitsAndUnavailableModelsAre503() {
    assertType(of(new CircuitOpenException(M, "us-east-1", "open")), 503, "models-unavailable");
    assertType(
        of(new ModelUnavailableException(
            M, "us-east-1", ModelUnavailableException.Reason.values()[0], "gone", null)),
        503,
        "models-unavailable");
  }

  @Test
  void killSwitchIs503WithALongerRetryAfter() {
    Problem p = of(new KillSwitchEngagedException("7", "switched off"));

    assertType(p, 503, "assistant-disabled");
    assertThat(p.body().getTitle()).isEqualTo("Assistant switched off");
    assertThat(p.retryAfter()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void budgetExceededIs429WithoutTheAmounts() {
    Problem p =
        of(new BudgetExceededException(
            "chat", new BigDecimal("501.25"), new BigDecimal("500"), "Budget of chat spent"));

    assertType(p, 429, "budget-exhausted");
    assertThat(p.body().getDetail())
        .isEqualTo(
            "The model budget of this feature is spent for the current period; try again in the"
                + " next period or ask the operators to raise it.");
    assertThat(p.body().getProperties()).containsOnlyKeys("requestId");
    assertThat(p.retryAfter()).isNull();
  }

  @Test
  void contextWindowExceededIs413WithTheSizes() {
    Problem p = of(new ContextWindowExceededException(M, 210_000, 200_000, "too long", null));

    assertType(p, 413, "conversation-too-long");
    assertThat(p.body().getDetail())
        .isEqualTo(
            "The conversation (about 210000 tokens) does not fit the model's context window of"
                + " 200000 tokens; shorten the history or the message.");
    assertThat(p.body().getProperties())
        .containsEntry("estimatedInputTokens", 210_000)
        .containsEntry("contextWindowTokens", 200_000);
  }

  @Test
  void invalidStructuredOutputIs502WithoutTheRawText() {
    Problem p =
        of(new StructuredOutputException(
            "{\"secret\": \"raw model text\"}", List.of("$.category: missing"), "invalid"));

    assertType(p, 502, "invalid-model-output");
    assertThat(p.body().getProperties()).containsEntry("problems", 1);
    assertThat(p.body().toString()).doesNotContain("raw model text");
  }

  @Test
  void aChainRemovedFromTheConfigurationIs400OnTheChainField() {
    Problem p = of(new ConfigurationException("chains.cheap", "chains.cheap: no model chain named 'cheap'"));

    assertType(p, 400, "invalid-request");
    assertThat(p.body().getProperties()).containsEntry("field", "chain");
  }

  @Test
  void ourOwnMistakesAre500WithoutDetails() {
    ProblemDetail template = of(new TemplateException("ticket-triage", "subject", "missing")).body();
    ProblemDetail unexpected = of(new IllegalStateException("boom in SecretClass.java:42")).body();

    assertThat(template.getStatus()).isEqualTo(500);
    assertThat(template.getDetail())
        .isEqualTo("The service is misconfigured; quote the request id when reporting it.");
    assertThat(unexpected.getStatus()).isEqualTo(500);
    assertThat(unexpected.getDetail())
        .isEqualTo("Something unexpected went wrong; quote the request id when reporting it.");
    assertThat(unexpected.toString()).doesNotContain("boom", "SecretClass");
    assertThat(unexpected.getProperties()).isEqualTo(Map.of("requestId", "r-1"));
  }
}
