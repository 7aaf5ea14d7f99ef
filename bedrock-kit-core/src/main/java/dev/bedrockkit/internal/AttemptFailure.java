package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt.Outcome;

/**
 * Internal: a failure bedrock-kit itself detected during an attempt (deadline passed, retry
 * budget spent, no client for a region, a broken stream), with its outcome decided up front.
 */
public final class AttemptFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Outcome outcome;
  private final String errorType;

  public AttemptFailure(Outcome outcome, String errorType, String message, Throwable cause) {
    super(message, cause, false, false);
    this.outcome = outcome;
    this.errorType = errorType;
  }

  public Outcome outcome() {
    return outcome;
  }

  public String errorType() {
    return errorType;
  }
}
