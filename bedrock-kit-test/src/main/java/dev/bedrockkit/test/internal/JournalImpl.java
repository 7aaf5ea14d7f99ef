package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.Journal;
import dev.bedrockkit.test.Operation;
import dev.bedrockkit.test.RecordedCall;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/** A bounded, synchronized {@link Journal}. Thread-safe. */
public final class JournalImpl implements Journal {
  private final int capacity;
  private final ArrayDeque<RecordedCall> calls = new ArrayDeque<>();

  /**
   * Creates a journal.
   *
   * @param capacity most calls kept; older ones are dropped
   */
  public JournalImpl(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records a call.
   *
   * @param call the call
   */
  public synchronized void record(RecordedCall call) {
    if (calls.size() == capacity) {
      calls.removeFirst();
    }
    calls.addLast(call);
  }

  @Override
  public synchronized List<RecordedCall> all() {
    return List.copyOf(calls);
  }

  @Override
  public List<RecordedCall> calls(Operation operation) {
    return filter(c -> c.operation() == operation);
  }

  @Override
  public List<RecordedCall> calls(String modelId) {
    return filter(c -> Objects.equals(c.modelId(), modelId));
  }

  @Override
  public List<RecordedCall> callsFrom(String region) {
    return filter(c -> Objects.equals(c.region(), region));
  }

  @Override
  public int count(String modelId) {
    return calls(modelId).size();
  }

  @Override
  public int count(Operation operation) {
    return calls(operation).size();
  }

  @Override
  public synchronized int size() {
    return calls.size();
  }

  @Override
  public synchronized RecordedCall last() {
    if (calls.isEmpty()) {
      throw new IllegalStateException("The journal is empty: the emulator has received no request since the last reset.");
    }
    return calls.getLast();
  }

  @Override
  public synchronized void clear() {
    calls.clear();
  }

  private synchronized List<RecordedCall> filter(Predicate<RecordedCall> p) {
    return calls.stream().filter(p).toList();
  }
}
