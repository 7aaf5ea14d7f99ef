package dev.bedrockkit.benchmarks.cache;

import dev.bedrockkit.cache.SemanticCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * Heap retained by a semantic cache holding 100k entries (384-dimension vectors, ~60-character
 * questions, ~600-character answers): used heap after a full GC, minus the same before filling.
 * Target: at most 200 MB. Not a JMH benchmark; run it with a plain {@code java} command (see
 * the cache module's README).
 */
public final class SemanticMemoryFootprint {
  private SemanticMemoryFootprint() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Random random = new Random(42);
    SemanticLookupBenchmark.Precomputed embedder = new SemanticLookupBenchmark.Precomputed();
    float[][] topics = new float[2000][];
    for (int t = 0; t < topics.length; t++) {
      topics[t] = SemanticLookupBenchmark.unit(SemanticLookupBenchmark.gaussian(random));
    }
    String[] texts = new String[entries];
    for (int i = 0; i < entries; i++) {
      texts[i] = "How do I track parcel number " + i + " for my account?";
      embedder.vectors.put(texts[i],
          SemanticLookupBenchmark.near(random, topics[i % topics.length], 0.7));
    }
    long before = usedAfterGc();
    SemanticCache cache =
        SemanticCache.builder().embedder(embedder).untemplated().maxEntries(entries)
            .meterRegistry(new SimpleMeterRegistry()).build();
    for (int i = 0; i < entries; i++) {
      cache.store(Requests.question(texts[i], "acme"), Requests.answer(Requests.answerText(i)));
    }
    // The texts and test vectors were already there for "before"; only the cache is new.
    long after = usedAfterGc();
    System.out.printf(Locale.ROOT,
        "semantic cache: %d entries retain %.1f MB of heap (%.0f bytes per entry)%n",
        cache.size(), (after - before) / 1e6, (after - before) / (double) cache.size());
    if (embedder.vectors.size() != entries || texts.length != entries) {
      throw new IllegalStateException("inputs must stay reachable until measured");
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
