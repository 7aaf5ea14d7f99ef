package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per model, the calls bedrock-kit made (retries included) and how many of them Bedrock
 * throttled, from the kit's attempt events. Attempts skipped without a call (open circuit, full
 * bulkhead, disabled model) are not counted.
 *
 * <p>Thread-safe: events arrive on SDK I/O threads.
 */
final class AttemptCounter implements BedrockKitListener {

  /** Calls and throttled calls of one model. */
  record Counts(long attempts, long throttled) {}

  private final Map<String, LongAdder[]> byModel = new ConcurrentHashMap<>();

  @Override
  public void onAttempt(AttemptEvent event) {
    Outcome outcome = event.attempt().outcome();
    if (outcome.skipped()) {
      return;
    }
    LongAdder[] c =
        byModel.computeIfAbsent(event.attempt().modelId(), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
    c[0].increment();
    if (outcome == Outcome.THROTTLED) {
      c[1].increment();
    }
  }

  /** The counts of {@code modelId} so far. */
  Counts counts(String modelId) {
    LongAdder[] c = byModel.get(modelId);
    return c == null ? new Counts(0, 0) : new Counts(c[0].sum(), c[1].sum());
  }

  /** Forgets everything (after the warm-up). */
  void reset() {
    byModel.clear();
  }
}
