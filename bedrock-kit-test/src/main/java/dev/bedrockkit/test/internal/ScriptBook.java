package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.ScriptedReply;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** The active scripted replies and their positions. Thread-safe. */
public final class ScriptBook {
  private final List<ScriptedReply> baseline;
  private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

  /**
   * Creates a book.
   *
   * @param baseline scripts that survive {@link #reset()}
   */
  public ScriptBook(List<ScriptedReply> baseline) {
    this.baseline = List.copyOf(baseline);
    reset();
  }

  /**
   * Adds a script; newer scripts win over older ones.
   *
   * @param script the script
   */
  public void add(ScriptedReply script) {
    entries.add(new Entry(script, new AtomicInteger()));
  }

  /** Restores the baseline scripts with fresh positions. */
  public synchronized void reset() {
    entries.clear();
    baseline.forEach(this::add);
  }

  /**
   * Takes the next reply of the newest matching script.
   *
   * @param modelId model ID as requested
   * @param lastUserText last user text
   * @return the reply, or null when no script matches
   */
  public ScriptedReply.Reply next(String modelId, String lastUserText) {
    for (int i = entries.size() - 1; i >= 0; i--) {
      Entry e = entries.get(i);
      if (e.script.matches(modelId, lastUserText)) {
        List<ScriptedReply.Reply> replies = e.script.replies();
        return replies.get(Math.min(e.position.getAndIncrement(), replies.size() - 1));
      }
    }
    return null;
  }

  private record Entry(ScriptedReply script, AtomicInteger position) {}
}
