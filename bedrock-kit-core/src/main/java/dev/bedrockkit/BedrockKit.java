package dev.bedrockkit;

import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.DefaultBedrockKit;
import dev.bedrockkit.internal.KitSettings;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * The production-grade way to call Amazon Bedrock: model fallback chains from configuration,
 * retries with jitter, per-model circuit breakers, context-window fitting, typed templates with
 * structured output, streaming, and a listener for metrics and cost.
 *
 * <p>Build one per application from existing AWS SDK clients (credentials come from the SDK's
 * default provider chain, e.g. the Fargate task role) and share it: it is thread-safe. Every
 * blocking call has an async twin. Failures are {@link BedrockKitException}s.
 *
 * <pre>{@code
 * BedrockKit kit = BedrockKit.builder()
 *     .client(BedrockClients.sync(Region.US_EAST_1))
 *     .models("anthropic.claude-3-5-haiku-20241022-v1:0", "anthropic.claude-3-haiku-20240307-v1:0")
 *     .build();
 * ChatResponse answer = kit.chat(ChatRequest.of("What is Amazon Bedrock?"));
 * }</pre>
 */
public interface BedrockKit extends AutoCloseable {

  /** A builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Sends a conversation turn through the model chain (Converse) and waits for the answer. */
  ChatResponse chat(ChatRequest request);

  /** Async twin of {@link #chat}; failures complete the future with a BedrockKitException. */
  CompletableFuture<ChatResponse> chatAsync(ChatRequest request);

  /**
   * Renders a typed template with {@code input}, calls the chain and parses the answer into the
   * template's output type, repairing once when the model's output does not validate.
   */
  <I, O> TypedResponse<O> call(PromptTemplate<I, O> template, I input);

  /** Like {@link #call(PromptTemplate, Object)}, with request options (cache scope, attribution...). */
  <I, O> TypedResponse<O> call(
      PromptTemplate<I, O> template, I input, UnaryOperator<ChatRequest.Builder> options);

  /** Async twin of {@link #call(PromptTemplate, Object, UnaryOperator)}. */
  <I, O> CompletableFuture<TypedResponse<O>> callAsync(
      PromptTemplate<I, O> template, I input, UnaryOperator<ChatRequest.Builder> options);

  /**
   * Streams an answer (ConverseStream) to {@code listener}. Retries and fallbacks apply until
   * the first token; after that a failure ends the stream with a typed error. The future
   * completes with the full response when the stream ends.
   */
  CompletableFuture<ChatResponse> stream(ChatRequest request, StreamListener listener);

  /**
   * Streams an answer as a cold publisher of {@link ChatStreamEvent}s: each subscription makes
   * one request; the last event is {@link ChatStreamEvent.Completed}.
   */
  Flow.Publisher<ChatStreamEvent> stream(ChatRequest request);

  /** Calls InvokeModel with a model-native body. */
  InvokeResponse invoke(InvokeRequest request);

  /** Async twin of {@link #invoke}. */
  CompletableFuture<InvokeResponse> invokeAsync(InvokeRequest request);

  /**
   * Calls InvokeModelWithResponseStream; {@code chunkListener} receives each chunk's JSON in
   * order (on an I/O thread). Retries apply until the first chunk.
   */
  CompletableFuture<InvokeResponse> invokeStream(
      InvokeRequest request, java.util.function.Consumer<String> chunkListener);

  /** Embeds text with Amazon Titan Text Embeddings v2 (1024 dimensions, normalized). */
  Embedding embed(String text);

  /** Embeds text with Titan Text Embeddings v2 with the given dimensions (256, 512 or 1024). */
  Embedding embed(String text, int dimensions, boolean normalize);

  /** Async twin of {@link #embed(String, int, boolean)}. */
  CompletableFuture<Embedding> embedAsync(String text, int dimensions, boolean normalize);

  /** The model configuration in force now. */
  ModelConfig modelConfig();

  /** State of every circuit breaker seen so far, keyed {@code modelId@region}. */
  Map<String, CircuitState> circuitStates();

  /** Stops the kit's own threads. The AWS clients it was given are not closed. */
  @Override
  void close();

  /**
   * Builds a {@link BedrockKit}. Not thread-safe; {@link #build()} may be called more than once
   * and gives independent kits.
   */
  final class Builder {
    private final List<BedrockRuntimeClient> clients = new ArrayList<>();
    private final List<BedrockRuntimeAsyncClient> asyncClients = new ArrayList<>();
    private Function<String, BedrockRuntimeClient> clientFactory;
    private Function<String, BedrockRuntimeAsyncClient> asyncClientFactory;
    private ModelConfigSource modelConfig;
    private CallPolicy callPolicy = CallPolicy.ofDefaults();
    private ModelCatalog modelCatalog = ModelCatalog.ofDefaults();
    private ResponseCache responseCache;
    private final List<BedrockKitListener> listeners = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService scheduler;
    private String embeddingModelId = "amazon.titan-embed-text-v2:0";
    private CostCalculator costCalculator = CostCalculator.NONE;
    private final List<RequestGuard> requestGuards = new ArrayList<>();
    private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
    private boolean logContentAtTrace;

    Builder() {}

    /**
     * Adds a synchronous client. The first client's region is the default region; add one per
     * region your chains use. Build clients with retries off ({@link BedrockClients} does).
     */
    public Builder client(BedrockRuntimeClient client) {
      clients.add(Checks.notNull(client, "client"));
      return this;
    }

    /** Adds an async client (needed for streaming); one per region, like {@link #client}. */
    public Builder asyncClient(BedrockRuntimeAsyncClient client) {
      asyncClients.add(Checks.notNull(client, "asyncClient"));
      return this;
    }

    /** Creates sync clients on demand for regions that have none. */
    public Builder clientFactory(Function<String, BedrockRuntimeClient> factory) {
      this.clientFactory = Checks.notNull(factory, "clientFactory");
      return this;
    }

    /** Creates async clients on demand for regions that have none. */
    public Builder asyncClientFactory(Function<String, BedrockRuntimeAsyncClient> factory) {
      this.asyncClientFactory = Checks.notNull(factory, "asyncClientFactory");
      return this;
    }

    /** Where model chains come from: Parameter Store, or static configuration. */
    public Builder modelConfig(ModelConfigSource source) {
      this.modelConfig = Checks.notNull(source, "modelConfig");
      return this;
    }

    /** Shortcut: a static {@code default} chain of these pinned models, tried in order. */
    public Builder models(String... pinnedModelIds) {
      this.modelConfig = ModelConfigSource.of(ModelConfig.of(pinnedModelIds));
      return this;
    }

    /** Timeouts, retries, circuit breakers, bulkheads and error handling. */
    public Builder callPolicy(CallPolicy policy) {
      this.callPolicy = Checks.notNull(policy, "callPolicy");
      return this;
    }

    /** Context windows of models; defaults to {@link ModelCatalog#ofDefaults()}. */
    public Builder modelCatalog(ModelCatalog catalog) {
      this.modelCatalog = Checks.notNull(catalog, "modelCatalog");
      return this;
    }

    /** A response cache; used for requests that carry a {@link CacheScope}. */
    public Builder responseCache(ResponseCache cache) {
      this.responseCache = Checks.notNull(cache, "responseCache");
      return this;
    }

    /** Adds a listener for attempts, fallbacks, circuit transitions and requests. */
    public Builder listener(BedrockKitListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** Computes each call's cost; see {@code PricingCatalog}. */
    public Builder costCalculator(CostCalculator calculator) {
      this.costCalculator = Checks.notNull(calculator, "costCalculator");
      return this;
    }

    /** Adds a check run before any model call (budgets, attribution allow-lists). */
    public Builder requestGuard(RequestGuard guard) {
      requestGuards.add(Checks.notNull(guard, "requestGuard"));
      return this;
    }

    /**
     * Micrometer Observation support: one observation (a span, when the application has
     * tracing) per request and one child per attempt, named after the GenAI conventions.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = Checks.notNull(registry, "observationRegistry");
      return this;
    }

    /**
     * Whether to log prompt and answer text at TRACE (off by default; bedrock-kit never logs
     * text at any other level). Turn on only where logs may hold user data.
     */
    public Builder logContentAtTrace(boolean enabled) {
      this.logContentAtTrace = enabled;
      return this;
    }

    /**
     * Records metrics on {@code registry}: adds {@link BedrockKitMetrics#of} as a listener (call
     * once; for options such as allowed attributions add {@code BedrockKitMetrics.builder(...)}
     * with {@link #listener} instead).
     */
    public Builder meterRegistry(io.micrometer.core.instrument.MeterRegistry registry) {
      return listener(BedrockKitMetrics.of(Checks.notNull(registry, "meterRegistry")));
    }

    /** Prices calls with {@code pricing}: the same as {@link #costCalculator}. */
    public Builder pricing(PricingCatalog pricing) {
      return costCalculator(Checks.notNull(pricing, "pricing"));
    }

    /** Adds {@code budgets} both as a listener (to count spend) and as a request guard. */
    public Builder budgets(Budgets budgets) {
      return listener(Checks.notNull(budgets, "budgets")).requestGuard(budgets);
    }

    /** The clock for circuit breakers, deadlines and budgets (tests inject their own). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Scheduler for async retry delays and stream timeouts. By default the kit owns a small
     * daemon pool and shuts it down on {@link BedrockKit#close()}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Checks.notNull(scheduler, "scheduler");
      return this;
    }

    /** The embedding model used by {@link BedrockKit#embed} (default Titan v2). */
    public Builder embeddingModel(String pinnedModelId) {
      this.embeddingModelId = Checks.notBlank(pinnedModelId, "embeddingModel");
      return this;
    }

    /** Builds the kit; fails with {@link ConfigurationException} when a client is missing. */
    public BedrockKit build() {
      if (clients.isEmpty() && asyncClients.isEmpty()) {
        throw new ConfigurationException(
            "client",
            "BedrockKit needs a Bedrock Runtime client: add one with builder().client(...) or"
                + " .asyncClient(...), e.g. BedrockClients.sync(Region.US_EAST_1)");
      }
      return new DefaultBedrockKit(
          new KitSettings(
              List.copyOf(clients),
              List.copyOf(asyncClients),
              clientFactory,
              asyncClientFactory,
              modelConfig,
              callPolicy,
              modelCatalog,
              responseCache,
              List.copyOf(listeners),
              clock,
              scheduler,
              embeddingModelId,
              costCalculator,
              List.copyOf(requestGuards),
              observationRegistry,
              logContentAtTrace));
    }

  }
}
