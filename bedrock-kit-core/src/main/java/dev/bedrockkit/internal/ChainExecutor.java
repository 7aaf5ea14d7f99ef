package dev.bedrockkit.internal;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.Attempt;
import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CallPolicy.OnError;
import dev.bedrockkit.KillSwitchEngagedException;
import dev.bedrockkit.MetricNames;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelTarget;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import io.micrometer.observation.Observation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Internal: runs one request through its chain of targets (models x regions). For each target,
 * a Failsafe executor composes retry (exponential backoff, full jitter, retry budget, deadline)
 * around the target's circuit breaker (when it can change the outcome: see {@link
 * ModelGuards.Guard}), and each attempt holds a permit of its model's bulkhead; between targets, the
 * {@link CallPolicy} decides whether a failure moves to the next region, the next model, or
 * fails the request.
 *
 * <p>The chain loop is written once over futures: in sync mode each target runs on the caller's
 * thread and returns a completed future, so the loop continues inline with no thread hop.
 *
 * <p>Before every attempt (retries and fallbacks included) the configuration in force is read
 * again: a kill switch engaged while the request is in flight ends it with {@link
 * KillSwitchEngagedException}, and a model switched off in the request's chain is skipped, so no
 * call leaves after a switch took effect. Other changes (a new chain) apply to the next request.
 *
 * <p>Thread-safe; one instance per kit.
 */
public final class ChainExecutor {

  /** One attempt on one target. {@code timeout} is what is left for this attempt. */
  @FunctionalInterface
  public interface AttemptCall<T> {
    CompletableFuture<T> call(Target target, Duration timeout);
  }

  /** A successful result and the target that produced it. */
  public record Success<T>(T value, Target target) {}

  private final CallPolicy policy;
  private final ModelGuards guards;
  private final RetryBudget budget;
  private final ScheduledExecutorService scheduler;
  private final BedrockKitListener listener;
  private final Supplier<ModelConfig> liveConfig;

  /**
   * @param liveConfig the configuration in force now (a memory read), or {@code null} when the
   *     kit has none
   */
  public ChainExecutor(
      CallPolicy policy,
      ModelGuards guards,
      RetryBudget budget,
      ScheduledExecutorService scheduler,
      BedrockKitListener listener,
      Supplier<ModelConfig> liveConfig) {
    this.policy = policy;
    this.guards = guards;
    this.budget = budget;
    this.scheduler = scheduler;
    this.listener = listener;
    this.liveConfig = liveConfig;
  }

  /**
   * Tries the targets in order until one succeeds. Fails with the public exception of a failure
   * whose action is {@link OnError#FAIL}, or with {@link AllModelsFailedException} when the
   * chain is exhausted or the deadline passed.
   */
  public <T> CompletableFuture<Success<T>> run(
      RequestContext ctx, List<Target> targets, AttemptCall<T> call, boolean sync) {
    budget.deposit();
    return from(0, ctx, targets, call, sync);
  }

  private <T> CompletableFuture<Success<T>> from(
      int index, RequestContext ctx, List<Target> targets, AttemptCall<T> call, boolean sync) {
    ModelConfig now = liveConfig();
    if (now != null && !now.enabled()) {
      return CompletableFuture.failedFuture(killSwitch(now));
    }
    if (index >= targets.size() || ctx.deadlinePassed()) {
      return CompletableFuture.failedFuture(exhausted(ctx));
    }
    Target target = targets.get(index);
    AttemptFailure switchedOff = disabledNow(now, ctx, target);
    if (!target.model().enabled() || switchedOff != null) {
      Failure disabled =
          new Failure(
              Outcome.DISABLED,
              "ModelDisabled",
              switchedOff != null
                  ? switchedOff
                  : new AttemptFailure(
                      Outcome.DISABLED,
                      "ModelDisabled",
                      "model " + target.modelId() + " is disabled in the model configuration",
                      null));
      ctx.record(new Attempt(target.modelId(), target.region(), Outcome.DISABLED, Duration.ZERO,
          "ModelDisabled"));
      return moveOn(index, disabled, ctx, targets, call, sync);
    }
    CompletableFuture<T> attempt = sync ? runSync(ctx, target, call) : runAsync(ctx, target, call);
    return attempt
        .handle(
            (value, error) -> {
              if (error == null) {
                return CompletableFuture.completedFuture(new Success<>(value, target));
              }
              Failure failure = ErrorClassifier.classify(error);
              if (failure.outcome().skipped()) {
                ctx.record(new Attempt(target.modelId(), target.region(), failure.outcome(),
                    Duration.ZERO, failure.errorType()));
              }
              return moveOn(index, failure, ctx, targets, call, sync);
            })
        .thenCompose(Function.identity());
  }

  private <T> CompletableFuture<Success<T>> moveOn(
      int index,
      Failure failure,
      RequestContext ctx,
      List<Target> targets,
      AttemptCall<T> call,
      boolean sync) {
    ctx.lastFailure(failure, targets.get(index));
    OnError action = policy.actionFor(failure.outcome());
    if (action == OnError.FAIL) {
      return CompletableFuture.failedFuture(Failures.toPublic(failure, targets.get(index)));
    }
    int next =
        (action == OnError.NEXT_MODEL || action == OnError.RETRY_THEN_NEXT_MODEL)
            ? nextModel(index, targets)
            : index + 1;
    if (next < targets.size() && !ctx.deadlinePassed()) {
      Target from = targets.get(index);
      Target to = targets.get(next);
      listener.onFallback(
          new BedrockKitListener.FallbackEvent(
              ctx.operation(), from.modelId(), from.region(), to.modelId(), to.region(),
              failure.outcome()));
    }
    return from(next, ctx, targets, call, sync);
  }

  private static int nextModel(int index, List<Target> targets) {
    String model = targets.get(index).modelId();
    int i = index + 1;
    while (i < targets.size() && targets.get(i).modelId().equals(model)) {
      i++;
    }
    return i;
  }

  private AllModelsFailedException exhausted(RequestContext ctx) {
    Failure last = ctx.lastFailure();
    Throwable cause = null;
    if (last != null) {
      cause = Failures.toPublic(last, ctx.lastTarget());
    } else if (ctx.deadlinePassed()) {
      cause = Failures.deadline(ctx);
    }
    return new AllModelsFailedException(ctx.chain(), ctx.attempts(), cause);
  }

  private <T> CompletableFuture<T> runSync(RequestContext ctx, Target target, AttemptCall<T> call) {
    ModelGuards.Guard guard = guards.guard(target.modelId(), target.region());
    boolean viaBreaker = guard.breakerNeeded();
    try {
      Object value =
          executor(ctx, guard, viaBreaker)
              .get(ec -> attempt(ctx, target, guard, viaBreaker, call, ec.getAttemptCount()).join());
      @SuppressWarnings("unchecked") // policies are untyped (Object); the value is the call's T
      T typed = (T) value;
      return CompletableFuture.completedFuture(typed);
    } catch (CompletionException e) {
      return CompletableFuture.failedFuture(ErrorClassifier.unwrap(e));
    } catch (RuntimeException | Error e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  @SuppressWarnings("unchecked") // policies are untyped (Object); the value is the call's T
  private <T> CompletableFuture<T> runAsync(
      RequestContext ctx, Target target, AttemptCall<T> call) {
    ModelGuards.Guard guard = guards.guard(target.modelId(), target.region());
    boolean viaBreaker = guard.breakerNeeded();
    CompletableFuture<Object> f =
        executor(ctx, guard, viaBreaker)
            .with(scheduler)
            .getStageAsync(
                ec ->
                    (CompletableFuture<Object>)
                        (CompletableFuture<?>)
                            attempt(ctx, target, guard, viaBreaker, call, ec.getAttemptCount()))
            .toCompletableFuture();
    return (CompletableFuture<T>) (CompletableFuture<?>) f;
  }

  /**
   * One attempt: checks the circuit when its breaker is not in the executor, spends retry budget
   * for retries, bounds the timeout by the deadline, holds a bulkhead permit, records.
   */
  private <T> CompletableFuture<T> attempt(
      RequestContext ctx,
      Target target,
      ModelGuards.Guard guard,
      boolean viaBreaker,
      AttemptCall<T> call,
      int previousAttempts) {
    if (!viaBreaker && !guard.breaker().isClosed()) {
      // Opened by an earlier attempt of this execution: fail as the breaker would have.
      return CompletableFuture.failedFuture(new CircuitBreakerOpenException(guard.breaker()));
    }
    // The switches may have moved since the request looked: during a retry's backoff, or while an
    // async attempt waited for the scheduler. Look again right before the call.
    ModelConfig now = liveConfig();
    if (now != null && !now.enabled()) {
      return CompletableFuture.failedFuture(killSwitch(now));
    }
    AttemptFailure switchedOff = disabledNow(now, ctx, target);
    if (switchedOff != null) {
      return CompletableFuture.failedFuture(switchedOff);
    }
    if (previousAttempts > 0) {
      budget.tryAcquire();
    }
    Duration remaining = ctx.remaining();
    if (remaining.isNegative() || remaining.isZero()) {
      return CompletableFuture.failedFuture(Failures.deadline(ctx));
    }
    Duration timeout =
        remaining.compareTo(policy.attemptTimeout()) < 0 ? remaining : policy.attemptTimeout();
    if (!guard.tryAcquirePermit()) {
      return CompletableFuture.failedFuture(
          new AttemptFailure(
              Outcome.BULKHEAD_FULL,
              "BulkheadFullException",
              policy.maxConcurrentCallsPerModel() + " calls to " + target.modelId()
                  + " are in flight already",
              null));
    }
    long start = System.nanoTime();
    Observation observation = startAttemptObservation(ctx, target);
    CompletableFuture<T> result;
    try {
      result = call.call(target, timeout);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    return result.whenComplete(
        (value, error) -> {
          guard.releasePermit();
          Duration took = Duration.ofNanos(System.nanoTime() - start);
          Attempt attempt;
          if (error == null) {
            attempt = new Attempt(target.modelId(), target.region(), Outcome.SUCCESS, took, null);
          } else {
            Failure f = ErrorClassifier.classify(error);
            attempt = new Attempt(target.modelId(), target.region(), f.outcome(), took, f.errorType());
          }
          ctx.record(attempt);
          guard.record(attempt.outcome());
          if (!observation.isNoop()) {
            observation.lowCardinalityKeyValue(
                MetricNames.TAG_OUTCOME, attempt.outcome().name().toLowerCase(java.util.Locale.ROOT));
            if (error != null) {
              observation.error(ErrorClassifier.unwrap(error));
            }
            observation.stop();
          }
        });
  }

  /** The configuration in force now, or {@code null} when the kit has none or cannot say. */
  private ModelConfig liveConfig() {
    if (liveConfig == null) {
      return null;
    }
    try {
      return liveConfig.get();
    } catch (RuntimeException e) {
      return null; // keep the configuration the request started with
    }
  }

  private static KillSwitchEngagedException killSwitch(ModelConfig now) {
    return new KillSwitchEngagedException(
        now.version(),
        "Model calls were switched off (\"enabled\": false in model configuration version "
            + now.version() + ") while the request was in flight; no further attempt was made."
            + " Set \"enabled\": true to resume, or configure a \"degradedMessage\" to answer"
            + " callers meanwhile.");
  }

  /** The failure to skip {@code target} with when {@code now} switches it off in this chain. */
  private static AttemptFailure disabledNow(ModelConfig now, RequestContext ctx, Target target) {
    if (now == null) {
      return null;
    }
    List<ModelTarget> chain = now.chains().get(ctx.chain());
    if (chain == null) {
      return null;
    }
    for (ModelTarget m : chain) {
      if (!m.enabled() && m.modelId().equals(target.modelId())) {
        return new AttemptFailure(
            Outcome.DISABLED,
            "ModelDisabled",
            "model " + target.modelId() + " was disabled in model configuration version "
                + now.version() + " while the request was in flight",
            null);
      }
    }
    return null;
  }

  private static Observation startAttemptObservation(RequestContext ctx, Target target) {
    if (ctx.observations().isNoop()) {
      return Observation.NOOP;
    }
    return Observation.createNotStarted(MetricNames.OBSERVATION_ATTEMPT, ctx.observations())
        .parentObservation(ctx.observation())
        .contextualName("attempt " + target.modelId())
        .lowCardinalityKeyValue(MetricNames.REQUEST_MODEL, target.modelId())
        .lowCardinalityKeyValue(MetricNames.TAG_REGION, target.region())
        .start();
  }

  private FailsafeExecutor<Object> executor(
      RequestContext ctx, ModelGuards.Guard guard, boolean viaBreaker) {
    // Set by the delay function when the drawn backoff would not end before the deadline. Failsafe
    // computes the delay before it asks abortIf, so that retry is abandoned instead of sleeping to
    // the deadline and waking up past it; the failure moves on to the next target at once.
    AtomicBoolean backoffReachesDeadline = new AtomicBoolean();
    RetryPolicy<Object> retry =
        RetryPolicy.builder()
            .handleIf(
                (Throwable t) ->
                    policy.actionFor(ErrorClassifier.classify(t).outcome()).retries())
            .abortIf(
                (Object r, Throwable t) ->
                    t != null
                        && (ctx.deadlinePassed()
                            || backoffReachesDeadline.get()
                            || !budget.canRetry()))
            .withMaxAttempts(policy.maxAttempts())
            .withDelayFn(
                ec -> {
                  Duration remaining = ctx.remaining();
                  Duration delay = backoff(ec.getAttemptCount());
                  if (delay.compareTo(remaining) >= 0) {
                    backoffReachesDeadline.set(true);
                    return Duration.ZERO;
                  }
                  return delay;
                })
            .build();
    return viaBreaker ? Failsafe.with(retry).compose(guard.breaker()) : Failsafe.with(retry);
  }

  /** Full jitter: random in [0, min(max, base * 2^(n-1))]. */
  private Duration backoff(int attemptsSoFar) {
    long base = policy.backoffBase().toMillis();
    long max = policy.backoffMax().toMillis();
    int exponent = Math.min(Math.max(attemptsSoFar - 1, 0), 30);
    long cap = Math.min(max, base << exponent);
    long delay = cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    return Duration.ofMillis(delay);
  }
}
