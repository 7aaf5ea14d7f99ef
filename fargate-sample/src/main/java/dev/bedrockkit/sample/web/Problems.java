package dev.bedrockkit.sample.web;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.BedrockKitException;
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
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Turns failures into problem details for clients: the type, a detail that says what to do, the
 * request id, and for invalid requests every field with what is wrong. Model errors are told in
 * the request's own terms; stack traces, raw model output and spending never reach a client (they
 * go to the log with the request id).
 *
 * <p>Stateless and thread-safe.
 */
@Component
public class Problems {
  private static final Logger log = LoggerFactory.getLogger(Problems.class);

  private final SampleProperties.RetryAfter retryAfter;

  public Problems(SampleProperties properties) {
    this.retryAfter = properties.retryAfter();
  }

  /**
   * The problem for a failure of a request.
   *
   * @param error what went wrong (a {@link CompletionException} is unwrapped)
   * @param instance the request path
   * @param requestId the request id
   * @return the problem
   */
  public Problem of(Throwable error, String instance, String requestId) {
    Throwable e = unwrap(error);
    Problem problem = map(e);
    ProblemDetail body = problem.body();
    if (instance != null) {
      body.setInstance(URI.create(instance));
    }
    if (requestId != null) {
      body.setProperty("requestId", requestId);
    }
    if (e instanceof ApiException api && api.type() == ProblemType.RATE_LIMITED) {
      // An abusive client would otherwise fill the log; each 429 is still in the access log.
      log.debug("{} answered 429: {}", instance, e.getMessage());
    } else if (body.getStatus() >= 500) {
      log.warn("{} answered {} ({}): {}", instance, body.getStatus(), e.getClass().getSimpleName(),
          e.getMessage(), body.getStatus() == 500 ? e : null);
    } else {
      log.info("{} answered {} ({}): {}", instance, body.getStatus(), e.getClass().getSimpleName(),
          e.getMessage());
    }
    return problem;
  }

  /** The problem for one of this service's own failures. */
  public Problem of(ProblemType type, String detail, String instance, String requestId) {
    return of(new ApiException(type, detail, List.of(), null), instance, requestId);
  }

  private Problem map(Throwable e) {
    if (e instanceof ApiException api) {
      ProblemDetail p = detail(api.type(), api.getMessage());
      if (!api.errors().isEmpty()) {
        p.setProperty("field", api.errors().get(0).field());
        p.setProperty("errors", api.errors());
      }
      return new Problem(p, api.retryAfter());
    }
    if (e instanceof BedrockKitException kit) {
      return mapKit(kit);
    }
    return new Problem(
        detail(
            ProblemType.INTERNAL_ERROR,
            "Something unexpected went wrong; quote the request id when reporting it."),
        null);
  }

  private Problem mapKit(BedrockKitException e) {
    if (e instanceof InvalidRequestException invalid) {
      String field = ApiFields.fromKit(invalid.field());
      String message = invalid.getMessage();
      if (message.startsWith(invalid.field() + " ")) {
        message = message.substring(invalid.field().length() + 1);
      }
      ProblemDetail p = detail(ProblemType.INVALID_REQUEST, field + " " + message);
      p.setProperty("field", field);
      p.setProperty("errors", List.of(new FieldProblem(field, message)));
      return new Problem(p, null);
    }
    if (e instanceof ContextWindowExceededException tooLong) {
      StringBuilder d = new StringBuilder("The conversation");
      if (tooLong.estimatedInputTokens() >= 0) {
        d.append(" (about ").append(tooLong.estimatedInputTokens()).append(" tokens)");
      }
      d.append(" does not fit the model's context window");
      if (tooLong.contextWindowTokens() > 0) {
        d.append(" of ").append(tooLong.contextWindowTokens()).append(" tokens");
      }
      d.append("; shorten the history or the message.");
      ProblemDetail p = detail(ProblemType.CONVERSATION_TOO_LONG, d.toString());
      if (tooLong.estimatedInputTokens() >= 0) {
        p.setProperty("estimatedInputTokens", tooLong.estimatedInputTokens());
      }
      if (tooLong.contextWindowTokens() > 0) {
        p.setProperty("contextWindowTokens", tooLong.contextWindowTokens());
      }
      return new Problem(p, null);
    }
    if (e instanceof StructuredOutputException invalidOutput) {
      ProblemDetail p =
          detail(
              ProblemType.INVALID_MODEL_OUTPUT,
              "The model's answer did not have the expected structure, even after one repair;"
                  + " try again.");
      p.setProperty("problems", invalidOutput.errors().size());
      return new Problem(p, null);
    }
    if (e instanceof AllModelsFailedException all) {
      ProblemDetail p = unavailable();
      p.setProperty("attempts", all.attempts().size());
      return new Problem(p, retryAfter.unavailable());
    }
    if (e instanceof ThrottledException
        || e instanceof CircuitOpenException
        || e instanceof ModelUnavailableException) {
      return new Problem(unavailable(), retryAfter.unavailable());
    }
    if (e instanceof KillSwitchEngagedException) {
      return new Problem(
          detail(
              ProblemType.ASSISTANT_DISABLED,
              "The operators have switched model calls off; try again later."),
          retryAfter.killSwitch());
    }
    if (e instanceof BudgetExceededException) {
      return new Problem(
          detail(
              ProblemType.BUDGET_EXHAUSTED,
              "The model budget of this feature is spent for the current period; try again in"
                  + " the next period or ask the operators to raise it."),
          null);
    }
    if (e instanceof ConfigurationException config
        && config.path() != null
        && config.path().startsWith("chains.")) {
      // The chain was removed from the configuration between validation and the call.
      String message = "must name a configured chain";
      ProblemDetail p = detail(ProblemType.INVALID_REQUEST, "chain " + message);
      p.setProperty("field", "chain");
      p.setProperty("errors", List.of(new FieldProblem("chain", message)));
      return new Problem(p, null);
    }
    if (e instanceof TemplateException || e instanceof ConfigurationException) {
      return new Problem(
          detail(
              ProblemType.INTERNAL_ERROR,
              "The service is misconfigured; quote the request id when reporting it."),
          null);
    }
    return new Problem(
        detail(
            ProblemType.INTERNAL_ERROR,
            "Something unexpected went wrong; quote the request id when reporting it."),
        null);
  }

  private ProblemDetail unavailable() {
    return detail(
        ProblemType.MODELS_UNAVAILABLE,
        "Every model is busy or failing right now; try again in "
            + seconds(retryAfter.unavailable())
            + " seconds.");
  }

  private static ProblemDetail detail(ProblemType type, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
    p.setType(type.uri());
    p.setTitle(type.title());
    return p;
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000);
  }

  /** Strips the wrappers that futures put around the real failure. */
  public static Throwable unwrap(Throwable error) {
    Throwable e = error;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
