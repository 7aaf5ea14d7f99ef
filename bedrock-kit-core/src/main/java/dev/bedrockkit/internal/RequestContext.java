package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.BedrockKitListener.Operation;
import dev.bedrockkit.MetricNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Internal: the state of one request as it moves through the chain: its deadline, the attempts
 * made so far, the last failure. Attempts may be recorded from SDK threads.
 *
 * <p>Thread-safe.
 */
public final class RequestContext {
  private final Operation operation;
  private final String chain;
  private final String attribution;
  private final String templateId;
  private final Clock clock;
  private final long deadlineMillis;
  private final long startNanos = System.nanoTime();
  private final List<Attempt> attempts = new ArrayList<>(2);
  private final BedrockKitListener listener;
  private volatile Failure lastFailure;
  private volatile Target lastTarget;
  private volatile String requestedModelId;
  private final Observation observation;
  private final ObservationRegistry observations;

  public RequestContext(
      Operation operation,
      String chain,
      String attribution,
      String templateId,
      Clock clock,
      Duration deadline,
      BedrockKitListener listener,
      ObservationRegistry observations) {
    this.operation = operation;
    this.chain = chain;
    this.attribution = attribution;
    this.templateId = templateId;
    this.clock = clock;
    this.deadlineMillis = clock.millis() + deadline.toMillis();
    this.listener = listener;
    this.observations = observations;
    this.observation =
        observations.isNoop()
            ? Observation.NOOP
            : Observation.createNotStarted(MetricNames.OBSERVATION_REQUEST, observations)
                .contextualName(operation.otelName() + " " + chain)
                .lowCardinalityKeyValue(MetricNames.OPERATION_NAME, operation.otelName())
                .lowCardinalityKeyValue(MetricNames.PROVIDER_NAME, MetricNames.PROVIDER_AWS_BEDROCK)
                .start();
  }

  /** The registry for child observations (attempts). */
  public ObservationRegistry observations() {
    return observations;
  }

  /** This request's observation, the parent of its attempts' ({@code NOOP} when off). */
  public Observation observation() {
    return observation;
  }

  /** Ends the request's observation. */
  public void stopObservation(String responseModelId, Throwable error) {
    if (observation.isNoop()) {
      return;
    }
    if (requestedModelId != null) {
      observation.lowCardinalityKeyValue(MetricNames.REQUEST_MODEL, requestedModelId);
    }
    if (responseModelId != null) {
      observation.lowCardinalityKeyValue(MetricNames.RESPONSE_MODEL, responseModelId);
    }
    if (error != null) {
      observation.error(error);
    }
    observation.stop();
  }

  public Operation operation() {
    return operation;
  }

  public String chain() {
    return chain;
  }

  public String attribution() {
    return attribution;
  }

  public String templateId() {
    return templateId;
  }

  /** Time left before the deadline (negative when passed). */
  public Duration remaining() {
    return Duration.ofMillis(deadlineMillis - clock.millis());
  }

  public boolean deadlinePassed() {
    return clock.millis() >= deadlineMillis;
  }

  /** Wall time since the request started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /** Records an attempt and tells the listeners. */
  public void record(Attempt attempt) {
    synchronized (attempts) {
      attempts.add(attempt);
    }
    listener.onAttempt(new BedrockKitListener.AttemptEvent(operation, attempt, attribution));
  }

  /** The attempts so far, in order. */
  public List<Attempt> attempts() {
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  public Failure lastFailure() {
    return lastFailure;
  }

  /** The target of the last failure. */
  public Target lastTarget() {
    return lastTarget;
  }

  public void lastFailure(Failure failure, Target target) {
    this.lastFailure = failure;
    this.lastTarget = target;
  }

  public String requestedModelId() {
    return requestedModelId;
  }

  public void requestedModelId(String modelId) {
    this.requestedModelId = modelId;
  }
}
