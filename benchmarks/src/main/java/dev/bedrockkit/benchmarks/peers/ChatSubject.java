package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.benchmarks.harness.Workload;

/**
 * One library under test, sending the same Converse turn through its own API. Implementations are
 * thread-safe: many caller threads call {@link #chat} at once.
 */
public interface ChatSubject extends AutoCloseable {

  /** Short name for tables, e.g. {@code raw-sdk}. */
  String name();

  /** The model expected to answer (the fallback model for a fallback path). */
  String answeringModel(Workload w);

  /** Sends the turn and returns the answer text; throws on failure. */
  String chat(Workload w);

  @Override
  default void close() {}
}
