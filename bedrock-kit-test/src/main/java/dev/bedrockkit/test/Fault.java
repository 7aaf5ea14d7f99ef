package dev.bedrockkit.test;

/**
 * A handle on one injected fault, returned by every {@link Faults} method that adds one: how often
 * it fired, how many firings are left, and a way to lift it.
 *
 * <p>Thread-safe: counters are updated by server threads while tests read them.
 */
public interface Fault {

  /**
   * Describes the fault, e.g. {@code "throttleNext(3) model=anthropic.claude-3-haiku-20240307-v1:0"}.
   *
   * @return a human-readable description
   */
  String description();

  /**
   * Returns how many requests this fault has affected.
   *
   * @return the count
   */
  int triggered();

  /**
   * Returns how many more requests it will affect.
   *
   * @return the remaining count, or -1 when it lasts until cancelled or reset
   */
  int remaining();

  /**
   * Returns whether it can still fire.
   *
   * @return false once used up or cancelled
   */
  boolean isActive();

  /** Lifts the fault; requests already affected stay affected. */
  void cancel();
}
