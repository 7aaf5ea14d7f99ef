package dev.bedrockkit.internal;

import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ContextWindowExceededException;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.ModelCatalog;
import dev.bedrockkit.ModelInfo;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.internal.ContextFitter.Fitted;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.ApiName;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfigLatency;
import software.amazon.awssdk.services.bedrockruntime.model.PerformanceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Internal: one Converse attempt against one target: fits the conversation into the model's
 * context window, builds the SDK request with the target's inference defaults and the attempt's
 * timeout, and, when Bedrock still answers "input is too long", trims harder and tries once more.
 *
 * <p>Thread-safe.
 */
public final class ConverseCaller {
  /** Identifies bedrock-kit traffic in the SDK's user agent. */
  public static final ApiName API_NAME =
      ApiName.builder().name("bedrock-kit").version("0.1.0").build();
  /** After Bedrock rejects a fitted input, the next budget is this share of the estimate. */
  static final double SHRINK_AFTER_REJECTION = 0.75;

  private final Clients clients;
  private final ModelCatalog catalog;

  public ConverseCaller(Clients clients, ModelCatalog catalog) {
    this.clients = clients;
    this.catalog = catalog;
  }

  /** A Converse answer and how many turns were dropped to get it. */
  public record Result(ConverseResponse response, int droppedTurns) {}

  /** One attempt; sync mode runs on the caller's thread and returns a completed future. */
  public CompletableFuture<Result> call(
      ChatRequest request, Target target, Duration timeout, boolean sync) {
    Fitted fitted = fit(request, target, null);
    if (sync) {
      try {
        return CompletableFuture.completedFuture(callSync(request, target, timeout, fitted));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    var client = clients.async(target.region());
    var override = clients.timeoutOverride(client, timeout);
    return client
        .converse(converseRequest(request, target, fitted.messages(), override))
        .thenApply(r -> new Result(r, fitted.droppedTurns()))
        .exceptionallyCompose(
            e -> {
              Fitted tighter = refitAfterRejection(request, target, fitted, e);
              return client
                  .converse(converseRequest(request, target, tighter.messages(), override))
                  .thenApply(r -> new Result(r, tighter.droppedTurns()))
                  .exceptionallyCompose(
                      e2 -> CompletableFuture.failedFuture(
                          stillTooLong(target, tighter, ErrorClassifier.unwrap(e2))));
            });
  }

  private Result callSync(ChatRequest request, Target target, Duration timeout, Fitted fitted) {
    var client = clients.sync(target.region());
    var override = clients.timeoutOverride(client, timeout);
    try {
      return new Result(
          client.converse(converseRequest(request, target, fitted.messages(), override)),
          fitted.droppedTurns());
    } catch (ValidationException e) {
      Fitted tighter = refitAfterRejection(request, target, fitted, e);
      try {
        return new Result(
            client.converse(converseRequest(request, target, tighter.messages(), override)),
            tighter.droppedTurns());
      } catch (ValidationException e2) {
        throw stillTooLong(target, tighter, e2);
      }
    }
  }

  /**
   * Rethrows anything but a context-window rejection; otherwise fits into a smaller budget, or
   * fails with {@link ContextWindowExceededException} when nothing more can be dropped.
   */
  Fitted refitAfterRejection(ChatRequest request, Target target, Fitted fitted, Throwable error) {
    Throwable e = ErrorClassifier.unwrap(error);
    if (!(e instanceof ValidationException) || !ErrorClassifier.isContextWindowMessage(e.getMessage())) {
      throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    int smaller = (int) (fitted.estimatedTokens() * SHRINK_AFTER_REJECTION);
    Fitted tighter = fit(request, target, smaller);
    if (tighter.droppedTurns() <= fitted.droppedTurns()) {
      throw stillTooLong(target, fitted, e);
    }
    return tighter;
  }

  private RuntimeException stillTooLong(Target target, Fitted fitted, Throwable e) {
    if (!(e instanceof ValidationException) || !ErrorClassifier.isContextWindowMessage(e.getMessage())) {
      return e instanceof RuntimeException re ? re : new IllegalStateException(e);
    }
    int window = catalog.find(target.modelId()).map(ModelInfo::contextWindowTokens).orElse(-1);
    return new ContextWindowExceededException(
        target.modelId(),
        fitted.estimatedTokens(),
        window,
        "Bedrock says the input is too long for " + target.modelId() + " even after dropping "
            + fitted.droppedTurns() + " of the oldest messages (about " + fitted.estimatedTokens()
            + " tokens left" + (window > 0 ? ", window " + window : "") + "). Shorten the latest"
            + " turn or the system prompt, or use a model with a larger context window.",
        e);
  }

  /** Fits the request into the model's window, or into {@code budgetOverride} when given. */
  public Fitted fit(ChatRequest request, Target target, Integer budgetOverride) {
    Optional<ModelInfo> info = catalog.find(target.modelId());
    if (info.isEmpty() && budgetOverride == null) {
      return new Fitted(
          request.messages(), 0, ContextFitter.estimate(request.system(), request.messages()));
    }
    int window = info.map(ModelInfo::contextWindowTokens).orElse(-1);
    Integer requested = maxTokens(request, target.model());
    if (info.isPresent() && requested != null && requested > info.get().maxOutputTokens()) {
      throw new InvalidRequestException(
          "inferenceConfig.maxTokens",
          "inferenceConfig.maxTokens must be <= " + info.get().maxOutputTokens() + " for "
              + target.modelId() + " but was " + requested);
    }
    int budget;
    if (budgetOverride != null) {
      budget = budgetOverride;
    } else {
      int reserve = requested != null ? requested : defaultReserve(info.get());
      budget = Math.max(1, window - reserve);
    }
    return ContextFitter.fit(target.modelId(), request.system(), request.messages(), budget, window);
  }

  /**
   * Output tokens to keep free when the request sets no maxTokens: the model's output limit,
   * but never more than a quarter of its window, since some models (Titan Text) allow an answer
   * as long as the whole window and would otherwise leave no room for the prompt.
   */
  static int defaultReserve(ModelInfo info) {
    return Math.min(info.maxOutputTokens(), info.contextWindowTokens() / 4);
  }

  /** The Converse request for a target, with {@code override} (may be null: see Clients). */
  public static ConverseRequest converseRequest(
      ChatRequest r, Target target, List<Message> messages, AwsRequestOverrideConfiguration override) {
    ConverseRequest.Builder b =
        ConverseRequest.builder()
            .modelId(target.modelId())
            .messages(messages);
    if (override != null) {
      b.overrideConfiguration(override);
    }
    if (!r.system().isEmpty()) {
      b.system(r.system());
    }
    InferenceConfiguration inference = inference(r, target.model());
    if (inference != null) {
      b.inferenceConfig(inference);
    }
    if (r.toolConfig() != null) {
      b.toolConfig(r.toolConfig());
    }
    if (r.latencyOptimized()) {
      b.performanceConfig(
          PerformanceConfiguration.builder().latency(PerformanceConfigLatency.OPTIMIZED).build());
    }
    if (r.additionalModelRequestFields() != null) {
      b.additionalModelRequestFields(r.additionalModelRequestFields());
    }
    return b.build();
  }

  /** The ConverseStream request for a target; the stream's timeouts are enforced by the caller. */
  public static ConverseStreamRequest converseStreamRequest(
      ChatRequest r, Target target, List<Message> messages) {
    ConverseStreamRequest.Builder b =
        ConverseStreamRequest.builder()
            .modelId(target.modelId())
            .messages(messages)
            .overrideConfiguration(o -> o.addApiName(API_NAME));
    if (!r.system().isEmpty()) {
      b.system(r.system());
    }
    InferenceConfiguration inference = inference(r, target.model());
    if (inference != null) {
      b.inferenceConfig(inference);
    }
    if (r.toolConfig() != null) {
      b.toolConfig(r.toolConfig());
    }
    if (r.latencyOptimized()) {
      b.performanceConfig(
          PerformanceConfiguration.builder().latency(PerformanceConfigLatency.OPTIMIZED).build());
    }
    if (r.additionalModelRequestFields() != null) {
      b.additionalModelRequestFields(r.additionalModelRequestFields());
    }
    return b.build();
  }

  /**
   * The attempt's SDK timeout and our user-agent name. Only the API-call timeout: bedrock-kit is
   * the retry owner, so one SDK call is one attempt, and a client that retries anyway is still
   * bounded as a whole. One SDK timer per call, not two.
   */
  public static AwsRequestOverrideConfiguration override(Duration timeout) {
    return AwsRequestOverrideConfiguration.builder()
        .apiCallTimeout(timeout)
        .addApiName(API_NAME)
        .build();
  }

  private static Integer maxTokens(ChatRequest r, ModelTarget t) {
    return r.maxTokens() != null ? r.maxTokens() : t.maxTokens();
  }

  private static InferenceConfiguration inference(ChatRequest r, ModelTarget t) {
    Integer maxTokens = maxTokens(r, t);
    Float temperature =
        r.temperature() != null ? r.temperature() : toFloat(t.temperature());
    Float topP = r.topP() != null ? r.topP() : toFloat(t.topP());
    List<String> stops = !r.stopSequences().isEmpty() ? r.stopSequences() : t.stopSequences();
    if (maxTokens == null && temperature == null && topP == null && stops.isEmpty()) {
      return null;
    }
    InferenceConfiguration.Builder b = InferenceConfiguration.builder();
    if (maxTokens != null) {
      b.maxTokens(maxTokens);
    }
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (topP != null) {
      b.topP(topP);
    }
    if (!stops.isEmpty()) {
      b.stopSequences(stops);
    }
    return b.build();
  }

  private static Float toFloat(Double d) {
    return d == null ? null : d.floatValue();
  }
}
