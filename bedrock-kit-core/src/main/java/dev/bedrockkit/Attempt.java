package dev.bedrockkit;

import java.time.Duration;
import java.util.Objects;

/**
 * One try of one model in one region within a request: what happened and how long it took.
 *
 * @param modelId the model tried
 * @param region the region tried, or {@code null} when the client's region is unknown
 * @param outcome what happened
 * @param duration time spent on this attempt (zero when skipped without a call)
 * @param errorType the AWS error code or exception simple name, or {@code null} on success
 */
public record Attempt(
    String modelId, String region, Outcome outcome, Duration duration, String errorType) {

  /** What happened in one attempt. */
  public enum Outcome {
    SUCCESS,
    THROTTLED,
    SERVER_ERROR,
    NOT_READY,
    TIMEOUT,
    STREAM_ERROR,
    CONNECTION_ERROR,
    CIRCUIT_OPEN,
    BULKHEAD_FULL,
    CONTEXT_WINDOW_EXCEEDED,
    INVALID_REQUEST,
    ACCESS_DENIED,
    NOT_FOUND,
    DISABLED,
    FAILED;

    /** Whether this outcome made no network call (the model was skipped). */
    public boolean skipped() {
      return this == CIRCUIT_OPEN || this == BULKHEAD_FULL || this == DISABLED;
    }
  }

  public Attempt {
    Objects.requireNonNull(modelId, "modelId cannot be null");
    Objects.requireNonNull(outcome, "outcome cannot be null");
    Objects.requireNonNull(duration, "duration cannot be null");
  }
}
