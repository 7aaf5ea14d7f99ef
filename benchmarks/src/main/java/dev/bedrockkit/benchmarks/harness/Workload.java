package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.ModelCatalog;

/**
 * The one Converse turn every library sends: a system prompt, a user message, a token limit, to
 * one model. Immutable.
 *
 * @param modelId the model called (the first of a chain)
 * @param system the system prompt
 * @param user the user message
 * @param maxTokens the output token limit
 */
public record Workload(String modelId, String system, String user, int maxTokens) {

  /** A support-desk sized turn to Claude 3 Haiku (about 60 input tokens). */
  public static Workload standard() {
    return new Workload(
        ModelCatalog.CLAUDE_3_HAIKU,
        "You are the support assistant of ACME Cloud. Answer in two sentences, politely.",
        "My deployment to eu-west-1 has been stuck in PENDING for twenty minutes after I changed"
            + " the instance type. What should I check first?",
        256);
  }

  /** The same turn to another model. */
  public Workload withModel(String id) {
    return new Workload(id, system, user, maxTokens);
  }

  /** Whether {@code answer} is the emulator's answer of {@code expectedModel} to this turn. */
  public boolean answeredBy(String answer, String expectedModel) {
    return answer != null && answer.startsWith("[" + expectedModel + "] ");
  }
}
