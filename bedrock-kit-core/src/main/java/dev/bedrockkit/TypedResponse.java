package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;

/**
 * The result of a typed template call: the value parsed and validated into the template's
 * output type, and the chat response it came from.
 *
 * <p>Immutable and thread-safe when {@code O} is.
 *
 * @param value the parsed value; for a degraded answer of a non-text template, {@code null}
 * @param response the underlying response (usage, cost, model, attempts, flags); when a repair
 *     round was needed its usage covers both calls
 * @param <O> the template's output type
 */
public record TypedResponse<O>(O value, ChatResponse response) {
  public TypedResponse {
    Checks.notNull(response, "response");
  }
}
