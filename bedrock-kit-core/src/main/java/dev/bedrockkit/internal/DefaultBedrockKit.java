package dev.bedrockkit.internal;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.Attempt;
import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitException;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.BedrockKitListener.Operation;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ChatStreamEvent;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.Embedding;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.InvokeRequest;
import dev.bedrockkit.InvokeResponse;
import dev.bedrockkit.KillSwitchEngagedException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.ModelTarget;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.RenderedPrompt;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.StreamListener;
import dev.bedrockkit.TokenUsage;
import dev.bedrockkit.TypedResponse;
import dev.bedrockkit.internal.ChainExecutor.Success;
import dev.bedrockkit.internal.json.Json;
import dev.bedrockkit.internal.structured.ParseResult;
import dev.bedrockkit.internal.structured.StructuredOutput;
import dev.bedrockkit.internal.structured.TemplateOutputs;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelWithResponseStreamRequest;

/**
 * Internal: the {@link BedrockKit} implementation. The path of one request: validate (done by
 * {@link ChatRequest.Builder#build()}), run the request guard (budgets), read the model
 * configuration (kill switch, chain), consult the response cache, run the chain through
 * {@link ChainExecutor}, then price the answer, tell the listeners and return it, or a degraded
 * answer when configured.
 *
 * <p>Thread-safe.
 */
public final class DefaultBedrockKit implements BedrockKit {
  private static final Logger log = LoggerFactory.getLogger(DefaultBedrockKit.class);
  static final String DEFAULT_CHAIN = "default";

  private final Clients clients;
  private final ModelConfigSource configSource;
  private final boolean ownsConfigSource;
  private final CallPolicy policy;
  private final ResponseCache cache;
  private final Listeners listeners;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final ExecutorService blockingExecutor;
  private final ModelGuards modelGuards;
  private final ChainExecutor chainExecutor;
  private final ConverseCaller converse;
  private final String embeddingModelId;
  private final dev.bedrockkit.CostCalculator costs;
  private final List<dev.bedrockkit.RequestGuard> guards;
  private final io.micrometer.observation.ObservationRegistry observations;
  private final boolean logContentAtTrace;

  public DefaultBedrockKit(KitSettings s) {
    this.clients = new Clients(s.clients(), s.asyncClients(), s.clientFactory(), s.asyncClientFactory());
    this.configSource = s.modelConfig();
    this.ownsConfigSource =
        configSource instanceof ParameterStoreConfigSource ps && !ps.isStarted();
    if (ownsConfigSource) {
      ((ParameterStoreConfigSource) configSource).start();
    }
    this.policy = s.callPolicy();
    this.cache = s.responseCache();
    this.listeners = new Listeners(withRequestLog(s.listeners()));
    this.clock = s.clock();
    this.ownsScheduler = s.scheduler() == null;
    this.scheduler = ownsScheduler ? newScheduler() : s.scheduler();
    this.blockingExecutor = Executors.newCachedThreadPool(daemon("bedrock-kit-blocking"));
    this.modelGuards =
        new ModelGuards(policy.circuitBreaker(), policy.maxConcurrentCallsPerModel(), clock, listeners);
    this.chainExecutor =
        new ChainExecutor(
            policy,
            modelGuards,
            new RetryBudget(policy.retryBudgetRatio(), policy.retryBudgetMinPerSecond(), clock),
            scheduler,
            listeners,
            configSource == null ? null : configSource::current);
    this.converse = new ConverseCaller(clients, s.modelCatalog());
    this.embeddingModelId = s.embeddingModelId();
    this.costs = s.costCalculator();
    this.guards = s.requestGuards();
    this.observations = s.observationRegistry();
    this.logContentAtTrace = s.logContentAtTrace();
    warnAboutSdkRetries(s.clients(), s.asyncClients());
  }

  // ---------------------------------------------------------------- chat

  @Override
  public ChatResponse chat(ChatRequest request) {
    if (!clients.hasSync()) {
      return join(chatAsync(request));
    }
    return join(chat(request, true));
  }

  @Override
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    if (!clients.hasAsync()) {
      return CompletableFuture.supplyAsync(() -> chat(request), blockingExecutor);
    }
    return chat(request, false);
  }

  private CompletableFuture<ChatResponse> chat(ChatRequest request, boolean sync) {
    return chat(request, sync, (ctx, r) -> CompletableFuture.completedFuture(r));
  }

  /** Checks or completes an answer before it may be cached (structured output repair). */
  @FunctionalInterface
  private interface PostProcess {
    CompletableFuture<ChatResponse> apply(RequestContext ctx, ChatResponse response);
  }

  private CompletableFuture<ChatResponse> chat(
      ChatRequest request, boolean sync, PostProcess postProcess) {
    RequestContext ctx = context(Operation.CHAT, request);
    try {
      checkGuards(Operation.CHAT, request.attribution());
      ModelConfig config = config(request);
      if (config != null && !config.enabled()) {
        return finish(ctx, request, killSwitch(ctx, request, config), null);
      }
      Function<ChatRequest, CompletableFuture<ChatResponse>> load =
          r -> converseChain(ctx, r, config, sync).thenCompose(answer -> postProcess.apply(ctx, answer));
      CompletableFuture<ChatResponse> answer =
          cache != null && request.cacheScope() != null ? cache.get(request, load) : load.apply(request);
      return finish(ctx, request, answer, config);
    } catch (RuntimeException e) {
      return finish(ctx, request, CompletableFuture.failedFuture(e), null);
    }
  }

  private CompletableFuture<ChatResponse> converseChain(
      RequestContext ctx, ChatRequest request, ModelConfig config, boolean sync) {
    List<Target> targets = plan(request, config);
    ctx.requestedModelId(targets.get(0).modelId());
    return chainExecutor
        .run(ctx, targets, (t, timeout) -> converse.call(request, t, timeout, sync), sync)
        .thenApply(s -> toChatResponse(ctx, s));
  }

  private ChatResponse toChatResponse(RequestContext ctx, Success<ConverseCaller.Result> s) {
    ConverseResponse r = s.value().response();
    var message = r.output() == null ? null : r.output().message();
    TokenUsage usage = Responses.usage(r.usage());
    return new ChatResponse(
        Responses.text(message),
        Responses.toolUses(message),
        message,
        r.stopReason(),
        usage,
        ctx.elapsed(),
        s.target().modelId(),
        s.target().region(),
        ctx.attempts(),
        false,
        false,
        cost(s.target(), usage),
        s.value().droppedTurns(),
        r.responseMetadata() == null ? null : r.responseMetadata().requestId());
  }

  /** Publishes the request event and turns exhaustion into a degraded answer when configured. */
  private CompletableFuture<ChatResponse> finish(
      RequestContext ctx,
      ChatRequest request,
      CompletableFuture<ChatResponse> answer,
      ModelConfig config) {
    return answer
        .handle(
            (response, error) -> {
              if (error == null) {
                publish(ctx, response, null, 0);
                traceContent(ctx, request, response);
                return CompletableFuture.completedFuture(response);
              }
              Throwable cause = ErrorClassifier.unwrap(error);
              ModelConfig degradeWith = configForDegraded(cause, config);
              if (degradeWith != null) {
                Optional<ChatResponse> degraded = degraded(ctx, request, degradeWith);
                if (degraded.isPresent()) {
                  if (cause instanceof AllModelsFailedException) {
                    log.warn(
                        "All models of chain '{}' failed after {} attempt(s); answering degraded",
                        ctx.chain(), ctx.attempts().size());
                  }
                  publish(ctx, degraded.get(), null, 0);
                  return CompletableFuture.completedFuture(degraded.get());
                }
              }
              publishFailure(ctx, cause);
              return CompletableFuture.<ChatResponse>failedFuture(cause);
            })
        .thenCompose(Function.identity());
  }

  private CompletableFuture<ChatResponse> killSwitch(
      RequestContext ctx, ChatRequest request, ModelConfig config) {
    Optional<ChatResponse> degraded = degraded(ctx, request, config);
    if (degraded.isPresent()) {
      return CompletableFuture.completedFuture(degraded.get());
    }
    return CompletableFuture.failedFuture(
        new KillSwitchEngagedException(
            config.version(),
            "Model calls are switched off (\"enabled\": false in model configuration version "
                + config.version() + "). Set \"enabled\": true to resume, or configure a"
                + " \"degradedMessage\" to answer callers meanwhile."));
  }

  /**
   * The configuration whose degraded answer replaces this failure: the request's own when every
   * model failed, the one in force now when the kill switch was engaged while the request was in
   * flight; {@code null} when the failure is not answered degraded.
   */
  private ModelConfig configForDegraded(Throwable cause, ModelConfig requestConfig) {
    if (cause instanceof AllModelsFailedException) {
      return requestConfig;
    }
    if (cause instanceof KillSwitchEngagedException && configSource != null) {
      try {
        return configSource.current();
      } catch (RuntimeException e) {
        return null;
      }
    }
    return null;
  }

  /** The last cached answer for this request, else the configured message, else empty. */
  private Optional<ChatResponse> degraded(
      RequestContext ctx, ChatRequest request, ModelConfig config) {
    if (config.degradedMessage() == null) {
      return Optional.empty();
    }
    if (cache != null && request.cacheScope() != null) {
      try {
        Optional<ChatResponse> stale = cache.lastKnown(request);
        if (stale.isPresent()) {
          ChatResponse c = stale.get();
          return Optional.of(
              new ChatResponse(c.text(), c.toolUses(), c.message(), c.stopReason(),
                  TokenUsage.ZERO, ctx.elapsed(), c.modelId(), c.region(), ctx.attempts(), true,
                  true, Optional.of(BigDecimal.ZERO), c.droppedTurns(), c.requestId()));
        }
      } catch (RuntimeException e) {
        log.debug("Response cache failed looking up a degraded answer", e);
      }
    }
    return Optional.of(
        new ChatResponse(config.degradedMessage(), List.of(), null, null, TokenUsage.ZERO,
            ctx.elapsed(), null, null, ctx.attempts(), false, true,
            Optional.of(BigDecimal.ZERO), 0, null));
  }

  // ---------------------------------------------------------------- typed templates

  @Override
  public <I, O> TypedResponse<O> call(PromptTemplate<I, O> template, I input) {
    return call(template, input, UnaryOperator.identity());
  }

  @Override
  public <I, O> TypedResponse<O> call(
      PromptTemplate<I, O> template, I input, UnaryOperator<ChatRequest.Builder> options) {
    if (!clients.hasSync()) {
      return join(callAsync(template, input, options));
    }
    return join(call(template, input, options, true));
  }

  @Override
  public <I, O> CompletableFuture<TypedResponse<O>> callAsync(
      PromptTemplate<I, O> template, I input, UnaryOperator<ChatRequest.Builder> options) {
    if (!clients.hasAsync()) {
      return CompletableFuture.supplyAsync(() -> call(template, input, options), blockingExecutor);
    }
    return call(template, input, options, false);
  }

  private <I, O> CompletableFuture<TypedResponse<O>> call(
      PromptTemplate<I, O> template,
      I input,
      UnaryOperator<ChatRequest.Builder> options,
      boolean sync) {
    StructuredOutput<O> output = TemplateOutputs.of(template);
    ChatRequest request;
    try {
      RenderedPrompt prompt = template.render(input);
      ChatRequest.Builder b = ChatRequest.builder();
      if (prompt.system() != null && !prompt.system().isEmpty()) {
        b.system(prompt.system());
      }
      b.user(prompt.user()).template(template.id(), template.version(), template.values(input));
      output.toolConfiguration().ifPresent(b::tools);
      request = dev.bedrockkit.internal.Checks.notNull(options.apply(b), "options result").build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return chat(request, sync, (ctx, answer) -> validateOrRepair(ctx, request, answer, output, sync))
        .thenApply(answer -> new TypedResponse<>(valueOf(answer, output), answer));
  }

  /**
   * Accepts an answer that parses into the output type; otherwise feeds the problems back to
   * the model once and accepts the repaired answer, or fails with StructuredOutputException.
   */
  private <O> CompletableFuture<ChatResponse> validateOrRepair(
      RequestContext ctx,
      ChatRequest request,
      ChatResponse answer,
      StructuredOutput<O> output,
      boolean sync) {
    ParseResult<O> first = output.parse(answer.message());
    if (first.isValid()) {
      return CompletableFuture.completedFuture(answer);
    }
    ChatRequest repair =
        request.toBuilder().messages(output.repairTurn(answer.message(), first.errors())).build();
    return converseChain(ctx, repair, configOrNull(repair), sync)
        .thenApply(
            repaired -> {
              ParseResult<O> second = output.parse(repaired.message());
              if (!second.isValid()) {
                throw output.failure(second, 1);
              }
              return combined(answer, repaired);
            });
  }

  /** The repaired answer, carrying the usage and cost of both rounds. */
  private static ChatResponse combined(ChatResponse first, ChatResponse repaired) {
    Optional<BigDecimal> cost =
        first.costUsd().isPresent() && repaired.costUsd().isPresent()
            ? Optional.of(first.costUsd().get().add(repaired.costUsd().get()))
            : Optional.empty();
    return new ChatResponse(
        repaired.text(), repaired.toolUses(), repaired.message(), repaired.stopReason(),
        first.usage().plus(repaired.usage()), repaired.latency(), repaired.modelId(),
        repaired.region(), repaired.attempts(), false, false, cost,
        Math.max(first.droppedTurns(), repaired.droppedTurns()), repaired.requestId());
  }

  private static <O> O valueOf(ChatResponse answer, StructuredOutput<O> output) {
    if (answer.message() == null) {
      // A degraded answer: only text output has a value.
      @SuppressWarnings("unchecked") // isText() means O is String
      O text = output.isText() ? (O) answer.text() : null;
      return text;
    }
    ParseResult<O> parsed = output.parse(answer.message());
    if (!parsed.isValid()) {
      throw output.failure(parsed, 0);
    }
    return parsed.value();
  }

  private ModelConfig configOrNull(ChatRequest request) {
    return configSource == null ? null : config(request);
  }

  // ---------------------------------------------------------------- streaming

  @Override
  public CompletableFuture<ChatResponse> stream(ChatRequest request, StreamListener listener) {
    dev.bedrockkit.internal.Checks.notNull(listener, "listener");
    RequestContext ctx = context(Operation.CHAT_STREAM, request);
    List<StreamSession> sessions = new ArrayList<>();
    CompletableFuture<ChatResponse> result;
    try {
      if (!clients.hasAsync()) {
        throw new ConfigurationException(
            "asyncClient",
            "streaming needs a BedrockRuntimeAsyncClient: add one with"
                + " BedrockKit.builder().asyncClient(BedrockClients.async(region))");
      }
      checkGuards(Operation.CHAT_STREAM, request.attribution());
      ModelConfig config = config(request);
      Optional<ChatResponse> hit = Optional.empty();
      if (config != null && !config.enabled()) {
        result = killSwitch(ctx, request, config).thenApply(r -> replay(r, listener));
      } else if (cache != null && request.cacheScope() != null
          && (hit = lookupQuietly(request)).isPresent()) {
        result = CompletableFuture.completedFuture(replay(hit.get(), listener));
      } else {
        List<Target> targets = plan(request, config);
        ctx.requestedModelId(targets.get(0).modelId());
        result =
            chainExecutor
                .run(ctx, targets, (t, timeout) -> startStream(request, t, listener, sessions), false)
                .thenCompose(s -> completeStream(ctx, request, s));
        if (config != null) {
          result = degradeStream(ctx, request, config, result, listener);
        }
      }
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<ChatResponse> published =
        result.whenComplete(
            (r, e) -> {
              if (e == null) {
                ConverseStreamSession last = lastSession(sessions);
                publish(ctx, r, last == null ? null : last.timeToFirstContent(),
                    last == null ? 0 : last.chunks());
                traceContent(ctx, request, r);
              } else {
                publishFailure(ctx, ErrorClassifier.unwrap(e));
              }
            });
    CompletableFuture<ChatResponse> forCaller = new CompletableFuture<>();
    published.whenComplete(
        (r, e) -> {
          if (e == null) {
            forCaller.complete(r);
          } else {
            forCaller.completeExceptionally(ErrorClassifier.unwrap(e));
          }
        });
    forCaller.whenComplete(
        (r, e) -> {
          if (forCaller.isCancelled()) {
            synchronized (sessions) {
              sessions.forEach(StreamSession::cancel);
            }
          }
        });
    return forCaller;
  }

  private CompletableFuture<StreamSession> startStream(
      ChatRequest request, Target target, StreamListener listener, List<StreamSession> sessions) {
    ContextFitter.Fitted fitted = converse.fit(request, target, null);
    ConverseStreamSession session =
        new ConverseStreamSession(scheduler, policy.attemptTimeout(), listener);
    synchronized (sessions) {
      sessions.add(session);
    }
    BedrockRuntimeAsyncClient client = clients.async(target.region());
    session.start(
        () ->
            client.converseStream(
                ConverseCaller.converseStreamRequest(request, target, fitted.messages()),
                session.handler()));
    return session.committed();
  }

  private CompletableFuture<ChatResponse> completeStream(
      RequestContext ctx, ChatRequest request, Success<StreamSession> s) {
    ConverseStreamSession session = (ConverseStreamSession) s.value();
    return session
        .done()
        .handle(
            (v, error) -> {
              if (error != null) {
                Throwable cause = ErrorClassifier.unwrap(error);
                Failure f = ErrorClassifier.classify(cause);
                ctx.lastFailure(f, s.target());
                throw new CompletionException(Failures.toPublic(f, s.target()));
              }
              ChatResponse response =
                  new ChatResponse(
                      session.text(),
                      session.toolUses(),
                      session.message(),
                      session.stopReason(),
                      session.usage(),
                      ctx.elapsed(),
                      s.target().modelId(),
                      s.target().region(),
                      ctx.attempts(),
                      false,
                      false,
                      cost(s.target(), session.usage()),
                      0,
                      session.requestId());
              if (cache != null && request.cacheScope() != null) {
                try {
                  cache.store(request, response);
                } catch (RuntimeException e) {
                  log.debug("Response cache failed storing a streamed answer", e);
                }
              }
              return response;
            });
  }

  private CompletableFuture<ChatResponse> degradeStream(
      RequestContext ctx,
      ChatRequest request,
      ModelConfig config,
      CompletableFuture<ChatResponse> result,
      StreamListener listener) {
    return result
        .handle(
            (r, e) -> {
              if (e == null) {
                return CompletableFuture.completedFuture(r);
              }
              Throwable cause = ErrorClassifier.unwrap(e);
              ModelConfig degradeWith = configForDegraded(cause, config);
              if (degradeWith != null) {
                Optional<ChatResponse> degraded = degraded(ctx, request, degradeWith);
                if (degraded.isPresent()) {
                  return CompletableFuture.completedFuture(replay(degraded.get(), listener));
                }
              }
              return CompletableFuture.<ChatResponse>failedFuture(cause);
            })
        .thenCompose(Function.identity());
  }

  /** Delivers a finished answer (a cache hit or a degraded answer) as a stream. */
  private static ChatResponse replay(ChatResponse response, StreamListener listener) {
    String text = response.text();
    int i = 0;
    while (i < text.length()) {
      int next = text.indexOf(' ', i + 1);
      int end = next < 0 ? text.length() : next;
      listener.onText(text.substring(i, end));
      i = end;
    }
    return response;
  }

  private Optional<ChatResponse> lookupQuietly(ChatRequest request) {
    try {
      return cache.lookup(request);
    } catch (RuntimeException e) {
      log.debug("Response cache lookup failed; calling the model", e);
      return Optional.empty();
    }
  }

  private static ConverseStreamSession lastSession(List<StreamSession> sessions) {
    synchronized (sessions) {
      for (int i = sessions.size() - 1; i >= 0; i--) {
        if (sessions.get(i) instanceof ConverseStreamSession c && c.committed().isDone()
            && !c.committed().isCompletedExceptionally()) {
          return c;
        }
      }
    }
    return null;
  }

  @Override
  public Flow.Publisher<ChatStreamEvent> stream(ChatRequest request) {
    return subscriber -> {
      EventSubscription subscription = new EventSubscription(subscriber);
      CompletableFuture<ChatResponse> running =
          stream(
              request,
              new StreamListener() {
                @Override
                public void onText(String delta) {
                  subscription.emit(new ChatStreamEvent.TextDelta(delta));
                }

                @Override
                public void onToolUseStart(String toolUseId, String name) {
                  subscription.emit(new ChatStreamEvent.ToolUseStart(0, toolUseId, name));
                }

                @Override
                public void onToolUseDelta(String inputJsonFragment) {
                  subscription.emit(new ChatStreamEvent.ToolUseDelta(0, inputJsonFragment));
                }
              });
      subscription.onCancel(() -> running.cancel(true));
      running.whenComplete(
          (r, e) -> {
            if (e == null) {
              subscription.emit(new ChatStreamEvent.Completed(r));
              subscription.complete();
            } else {
              subscription.error(ErrorClassifier.unwrap(e));
            }
          });
    };
  }

  // ---------------------------------------------------------------- invoke

  @Override
  public InvokeResponse invoke(InvokeRequest request) {
    if (!clients.hasSync()) {
      return join(invokeAsync(request));
    }
    return join(invoke(request, Operation.INVOKE, true));
  }

  @Override
  public CompletableFuture<InvokeResponse> invokeAsync(InvokeRequest request) {
    if (!clients.hasAsync()) {
      return CompletableFuture.supplyAsync(() -> invoke(request), blockingExecutor);
    }
    return invoke(request, Operation.INVOKE, false);
  }

  private CompletableFuture<InvokeResponse> invoke(
      InvokeRequest request, Operation operation, boolean sync) {
    RequestContext ctx =
        new RequestContext(operation, request.modelId(), request.attribution(), null, clock,
            request.deadline() != null ? request.deadline() : policy.deadline(), listeners,
            observations);
    CompletableFuture<InvokeResponse> result;
    try {
      checkGuards(operation, request.attribution());
      checkKillSwitch();
      List<Target> targets = singleModel(request.modelId(), request.regions());
      ctx.requestedModelId(request.modelId());
      result =
          chainExecutor
              .run(ctx, targets, (t, timeout) -> invokeOnce(request, t, timeout, sync), sync)
              .thenApply(s -> toInvokeResponse(ctx, s));
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete(
        (r, e) -> {
          if (e == null) {
            publishInvoke(ctx, r);
          } else {
            publishFailure(ctx, ErrorClassifier.unwrap(e));
          }
        });
  }

  private CompletableFuture<InvokeModelResponse> invokeOnce(
      InvokeRequest request, Target target, Duration timeout, boolean sync) {
    InvokeModelRequest.Builder sdk =
        InvokeModelRequest.builder()
            .modelId(target.modelId())
            .contentType("application/json")
            .accept("application/json")
            .body(SdkBytes.fromByteArrayUnsafe(request.bodyBytes()));
    if (sync) {
      try {
        var client = clients.sync(target.region());
        return CompletableFuture.completedFuture(
            client.invokeModel(
                sdk.overrideConfiguration(clients.timeoutOverride(client, timeout)).build()));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    var client = clients.async(target.region());
    return client.invokeModel(
        sdk.overrideConfiguration(clients.timeoutOverride(client, timeout)).build());
  }

  private InvokeResponse toInvokeResponse(RequestContext ctx, Success<InvokeModelResponse> s) {
    InvokeModelResponse r = s.value();
    var http = r.sdkHttpResponse();
    int in = Math.max(0, header(http, "X-Amzn-Bedrock-Input-Token-Count"));
    int out = Math.max(0, header(http, "X-Amzn-Bedrock-Output-Token-Count"));
    int latencyMs = header(http, "X-Amzn-Bedrock-Invocation-Latency");
    TokenUsage usage = new TokenUsage(in, out, 0, 0);
    return new InvokeResponse(
        r.body().asUtf8String(),
        usage,
        latencyMs >= 0 ? Duration.ofMillis(latencyMs) : null,
        ctx.elapsed(),
        s.target().modelId(),
        s.target().region(),
        ctx.attempts(),
        cost(s.target(), usage));
  }

  /** A numeric response header, or -1 when absent or not a number. */
  private static int header(software.amazon.awssdk.http.SdkHttpResponse http, String name) {
    if (http == null) {
      return -1;
    }
    return http.firstMatchingHeader(name).map(DefaultBedrockKit::parseIntOrMinusOne).orElse(-1);
  }

  private static int parseIntOrMinusOne(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public CompletableFuture<InvokeResponse> invokeStream(
      InvokeRequest request, java.util.function.Consumer<String> chunkListener) {
    dev.bedrockkit.internal.Checks.notNull(chunkListener, "chunkListener");
    RequestContext ctx =
        new RequestContext(Operation.INVOKE_STREAM, request.modelId(), request.attribution(), null,
            clock, request.deadline() != null ? request.deadline() : policy.deadline(), listeners,
            observations);
    List<InvokeStreamSession> sessions = new ArrayList<>();
    CompletableFuture<InvokeResponse> result;
    try {
      if (!clients.hasAsync()) {
        throw new ConfigurationException(
            "asyncClient",
            "streaming needs a BedrockRuntimeAsyncClient: add one with"
                + " BedrockKit.builder().asyncClient(BedrockClients.async(region))");
      }
      checkGuards(Operation.INVOKE_STREAM, request.attribution());
      checkKillSwitch();
      List<Target> targets = singleModel(request.modelId(), request.regions());
      ctx.requestedModelId(request.modelId());
      result =
          chainExecutor
              .run(
                  ctx,
                  targets,
                  (t, timeout) -> {
                    InvokeStreamSession session =
                        new InvokeStreamSession(scheduler, policy.attemptTimeout(), chunkListener);
                    synchronized (sessions) {
                      sessions.add(session);
                    }
                    InvokeModelWithResponseStreamRequest sdk =
                        InvokeModelWithResponseStreamRequest.builder()
                            .modelId(t.modelId())
                            .contentType("application/json")
                            .accept("application/json")
                            .body(SdkBytes.fromByteArrayUnsafe(request.bodyBytes()))
                            .overrideConfiguration(o -> o.addApiName(ConverseCaller.API_NAME))
                            .build();
                    session.start(
                        () ->
                            clients
                                .async(t.region())
                                .invokeModelWithResponseStream(sdk, session.handler()));
                    return session.committed();
                  },
                  false)
              .thenCompose(
                  s -> {
                    InvokeStreamSession session = (InvokeStreamSession) s.value();
                    return session
                        .done()
                        .handle(
                            (v, error) -> {
                              if (error != null) {
                                Failure f = ErrorClassifier.classify(error);
                                throw new CompletionException(Failures.toPublic(f, s.target()));
                              }
                              return new InvokeResponse(
                                  session.body(),
                                  session.usage(),
                                  session.invocationLatency(),
                                  ctx.elapsed(),
                                  s.target().modelId(),
                                  s.target().region(),
                                  ctx.attempts(),
                                  cost(s.target(), session.usage()));
                            });
                  });
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<InvokeResponse> forCaller = new CompletableFuture<>();
    result.whenComplete(
        (r, e) -> {
          if (e == null) {
            publishInvoke(ctx, r);
            forCaller.complete(r);
          } else {
            Throwable cause = ErrorClassifier.unwrap(e);
            publishFailure(ctx, cause);
            forCaller.completeExceptionally(cause);
          }
        });
    forCaller.whenComplete(
        (r, e) -> {
          if (forCaller.isCancelled()) {
            synchronized (sessions) {
              sessions.forEach(StreamSession::cancel);
            }
          }
        });
    return forCaller;
  }

  // ---------------------------------------------------------------- embeddings

  @Override
  public Embedding embed(String text) {
    return embed(text, 1024, true);
  }

  @Override
  public Embedding embed(String text, int dimensions, boolean normalize) {
    return join(embed(text, dimensions, normalize, clients.hasSync()));
  }

  @Override
  public CompletableFuture<Embedding> embedAsync(String text, int dimensions, boolean normalize) {
    if (!clients.hasAsync()) {
      return CompletableFuture.supplyAsync(() -> embed(text, dimensions, normalize), blockingExecutor);
    }
    return embed(text, dimensions, normalize, false);
  }

  private CompletableFuture<Embedding> embed(
      String text, int dimensions, boolean normalize, boolean sync) {
    if (text == null || text.isBlank()) {
      return CompletableFuture.failedFuture(
          new InvalidRequestException("inputText", "inputText must not be blank"));
    }
    if (dimensions != 256 && dimensions != 512 && dimensions != 1024) {
      return CompletableFuture.failedFuture(
          new InvalidRequestException(
              "dimensions", "dimensions must be 256, 512 or 1024 but was " + dimensions));
    }
    var body = Json.MAPPER.createObjectNode();
    body.put("inputText", text);
    body.put("dimensions", dimensions);
    body.put("normalize", normalize);
    InvokeRequest request = InvokeRequest.of(embeddingModelId, body.toString());
    return invoke(request, Operation.EMBED, sync)
        .thenApply(
            r -> {
              com.fasterxml.jackson.databind.JsonNode json;
              try {
                json = Json.read(r.body());
              } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw notAnEmbeddingModel("answered with invalid JSON");
              }
              var vector = json.get("embedding");
              if (vector == null || !vector.isArray()) {
                throw notAnEmbeddingModel("answered without an 'embedding'");
              }
              float[] out = new float[vector.size()];
              for (int i = 0; i < out.length; i++) {
                out[i] = (float) vector.get(i).asDouble();
              }
              int tokens =
                  json.has("inputTextTokenCount")
                      ? json.get("inputTextTokenCount").asInt()
                      : r.usage().inputTokens();
              return new Embedding(out, tokens, embeddingModelId);
            });
  }

  /** The embedding model answered something that is not an embedding: a misconfiguration. */
  private ConfigurationException notAnEmbeddingModel(String what) {
    return new ConfigurationException(
        "embeddingModel",
        "the embedding model " + embeddingModelId + " " + what + "; set"
            + " BedrockKit.builder().embeddingModel(...) to a Titan Text Embeddings model such as"
            + " amazon.titan-embed-text-v2:0");
  }

  // ---------------------------------------------------------------- state

  @Override
  public ModelConfig modelConfig() {
    if (configSource == null) {
      throw noConfig();
    }
    return configSource.current();
  }

  @Override
  public Map<String, CircuitState> circuitStates() {
    return modelGuards.states();
  }

  @Override
  public void close() {
    if (ownsConfigSource) {
      configSource.close();
    }
    if (ownsScheduler) {
      scheduler.shutdownNow();
    }
    blockingExecutor.shutdownNow();
  }

  // ---------------------------------------------------------------- helpers

  private RequestContext context(Operation operation, ChatRequest request) {
    String chain =
        request.modelId() != null
            ? request.modelId()
            : (request.chain() != null ? request.chain() : DEFAULT_CHAIN);
    return new RequestContext(
        operation,
        chain,
        request.attribution(),
        request.templateId(),
        clock,
        request.deadline() != null ? request.deadline() : policy.deadline(),
        listeners,
        observations);
  }

  /** The configuration, or null when none is set and the request names its own model. */
  private ModelConfig config(ChatRequest request) {
    if (configSource == null) {
      if (request.modelId() == null) {
        throw noConfig();
      }
      return null;
    }
    return configSource.current();
  }

  private void checkGuards(Operation operation, String attribution) {
    for (var g : guards) {
      g.check(operation, attribution);
    }
  }

  private void checkKillSwitch() {
    if (configSource != null) {
      ModelConfig config = configSource.current();
      if (!config.enabled()) {
        throw new KillSwitchEngagedException(
            config.version(),
            "Model calls are switched off (\"enabled\": false in model configuration version "
                + config.version() + "). Set \"enabled\": true to resume.");
      }
    }
  }

  private static ConfigurationException noConfig() {
    return new ConfigurationException(
        "modelConfig",
        "no model configuration: give BedrockKit.builder().models(...) or .modelConfig(...),"
            + " or name one model with ChatRequest.builder().model(...)");
  }

  /** The chain as (model, region) targets, in order. */
  private List<Target> plan(ChatRequest request, ModelConfig config) {
    if (request.modelId() != null) {
      return singleModel(request.modelId(), List.of());
    }
    String chainName = request.chain() != null ? request.chain() : DEFAULT_CHAIN;
    List<Target> targets = new ArrayList<>();
    for (ModelTarget m : config.chain(chainName)) {
      if (m.regions().isEmpty()) {
        targets.add(new Target(m, clients.defaultRegion()));
      } else {
        for (String region : m.regions()) {
          targets.add(new Target(m, region));
        }
      }
    }
    return targets;
  }

  private List<Target> singleModel(String modelId, List<String> regions) {
    ModelTarget m = ModelTarget.of(modelId);
    if (regions.isEmpty()) {
      return List.of(new Target(m, clients.defaultRegion()));
    }
    return regions.stream().map(r -> new Target(m, r)).toList();
  }

  private Optional<BigDecimal> cost(Target target, TokenUsage usage) {
    try {
      return costs.cost(target.modelId(), target.region(), usage);
    } catch (RuntimeException e) {
      log.debug("Cost calculator failed; cost unknown", e);
      return Optional.empty();
    }
  }

  private void publish(RequestContext ctx, ChatResponse r, Duration ttft, int chunks) {
    ctx.stopObservation(r.modelId(), null);
    listeners.onRequest(
        new BedrockKitListener.RequestEvent(
            ctx.operation(),
            ctx.chain(),
            ctx.requestedModelId(),
            r.modelId(),
            r.region(),
            ctx.templateId(),
            ctx.attribution(),
            Outcome.SUCCESS,
            null,
            r.usage(),
            r.costUsd(),
            r.latency(),
            ttft,
            chunks,
            r.fromCache(),
            r.degraded(),
            r.attempts(),
            r.requestId()));
  }

  /** Prompt and answer text, only at TRACE and only when the kit was built to log them. */
  private void traceContent(RequestContext ctx, ChatRequest request, ChatResponse response) {
    if (logContentAtTrace && log.isTraceEnabled()) {
      log.trace(
          "Bedrock content: chain={} model={} prompt=\"{}\" answer=\"{}\"",
          ctx.chain(), response.modelId(), request.lastUserText(), response.text());
    }
  }

  private void publishInvoke(RequestContext ctx, InvokeResponse r) {
    ctx.stopObservation(r.modelId(), null);
    listeners.onRequest(
        new BedrockKitListener.RequestEvent(
            ctx.operation(),
            ctx.chain(),
            ctx.requestedModelId(),
            r.modelId(),
            r.region(),
            null,
            ctx.attribution(),
            Outcome.SUCCESS,
            null,
            r.usage(),
            r.costUsd(),
            r.latency(),
            null,
            0,
            false,
            false,
            r.attempts(),
            null));
  }

  private void publishFailure(RequestContext ctx, Throwable error) {
    Failure f = ErrorClassifier.classify(error);
    Outcome outcome = error instanceof AllModelsFailedException && ctx.lastFailure() != null
        ? ctx.lastFailure().outcome()
        : f.outcome();
    String errorType =
        error instanceof BedrockKitException ? error.getClass().getSimpleName() : f.errorType();
    List<Attempt> attempts = ctx.attempts();
    ctx.stopObservation(null, error);
    if (log.isWarnEnabled()) {
      log.warn(
          "Bedrock request failed: operation={} chain={} error={} attempts={}",
          ctx.operation().name().toLowerCase(java.util.Locale.ROOT),
          ctx.chain(),
          errorType,
          attempts.size());
    }
    listeners.onRequest(
        new BedrockKitListener.RequestEvent(
            ctx.operation(), ctx.chain(), ctx.requestedModelId(), null, null, ctx.templateId(),
            ctx.attribution(), outcome == Outcome.SUCCESS ? Outcome.FAILED : outcome, errorType,
            TokenUsage.ZERO, Optional.empty(), ctx.elapsed(), null, 0, false, false, attempts,
            null));
  }

  /** Waits for a future and rethrows its cause unwrapped (our exceptions are unchecked). */
  static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = ErrorClassifier.unwrap(e);
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  private void warnAboutSdkRetries(
      List<BedrockRuntimeClient> sync, List<BedrockRuntimeAsyncClient> async) {
    List<software.amazon.awssdk.core.SdkClient> all = new ArrayList<>(sync);
    all.addAll(async);
    for (var client : all) {
      var override = client.serviceClientConfiguration().overrideConfiguration();
      var strategy = override.retryStrategy().orElse(null);
      boolean retries = strategy == null || strategy.maxAttempts() > 1;
      if (retries) {
        log.warn(
            "A Bedrock client given to BedrockKit retries by itself; bedrock-kit owns retries, so"
                + " calls may be retried twice and streams replayed. Build clients with"
                + " BedrockClients or .overrideConfiguration(BedrockClients.noRetries()).");
        return;
      }
    }
  }

  /** The request log (one DEBUG line per request) comes first, then the caller's listeners. */
  private static List<BedrockKitListener> withRequestLog(List<BedrockKitListener> given) {
    List<BedrockKitListener> all = new ArrayList<>(given.size() + 1);
    all.add(dev.bedrockkit.RequestLogListener.create());
    all.addAll(given);
    return all;
  }

  private static ScheduledExecutorService newScheduler() {
    ScheduledThreadPoolExecutor s =
        new ScheduledThreadPoolExecutor(2, daemon("bedrock-kit-scheduler"));
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
