package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt.Outcome;

/**
 * Internal: a classified failure of one attempt.
 *
 * @param outcome what kind of failure it was
 * @param errorType the AWS error code or exception simple name
 * @param cause the original exception, unwrapped from {@code CompletionException}
 */
public record Failure(Outcome outcome, String errorType, Throwable cause) {}
