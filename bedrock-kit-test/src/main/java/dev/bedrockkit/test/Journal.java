package dev.bedrockkit.test;

import java.util.List;

/**
 * The requests the emulator received, oldest first, for assertions on what a client sent.
 *
 * <p>Thread-safe: requests are recorded from server threads while tests read; every method
 * returns a snapshot. The journal keeps the most recent calls up to the capacity set with {@link
 * BedrockEmulator.Builder#journalCapacity(int)}.
 */
public interface Journal {

  /**
   * Returns every recorded call.
   *
   * @return an immutable snapshot, oldest first
   */
  List<RecordedCall> all();

  /**
   * Returns the calls of one operation.
   *
   * @param operation the operation
   * @return an immutable snapshot, oldest first
   */
  List<RecordedCall> calls(Operation operation);

  /**
   * Returns the calls to one model ID, compared with the URL-decoded ID from the path.
   *
   * @param modelId the model ID as the client sent it
   * @return an immutable snapshot, oldest first
   */
  List<RecordedCall> calls(String modelId);

  /**
   * Returns the calls made from one region.
   *
   * @param region the region of the signing scope, e.g. {@code us-west-2}
   * @return an immutable snapshot, oldest first
   */
  List<RecordedCall> callsFrom(String region);

  /**
   * Counts the calls to one model ID.
   *
   * @param modelId the model ID as the client sent it
   * @return the count
   */
  int count(String modelId);

  /**
   * Counts the calls of one operation.
   *
   * @param operation the operation
   * @return the count
   */
  int count(Operation operation);

  /**
   * Counts all calls.
   *
   * @return the count
   */
  int size();

  /**
   * Returns the most recent call.
   *
   * @return the call
   * @throws IllegalStateException when the journal is empty
   */
  RecordedCall last();

  /** Forgets every recorded call. */
  void clear();
}
