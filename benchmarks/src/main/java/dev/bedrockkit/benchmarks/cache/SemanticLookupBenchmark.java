package dev.bedrockkit.benchmarks.cache;

import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.SemanticCache;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A semantic lookup in one partition of 100k entries (the worst case: one tenant, one template),
 * excluding the embedding: the {@link Embedder} returns precomputed 384-dimension vectors, so what
 * is measured is eligibility, the partition key, normalising, quantising and signing the query,
 * the signature prefilter, the int8 cosine of the candidates, the guards and decoding the hit.
 * Queries cycle through 16,384 distinct questions, so the cache's memo of recent vectors does not
 * help. Target: p99 below 2 ms.
 *
 * <p>The vectors are clustered like questions of one domain: 2,000 topics, entries at cosine
 * ~0.6-0.8 from their topic (so ~0.4-0.65 from each other), queries at 0.95 from an entry.
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main SemanticLookupBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SemanticLookupBenchmark {
  static final int DIMS = 384;

  @Param({"100000"})
  public int entries;

  /** Distinct queries cycled through, more than the cache's memo of recent vectors holds. */
  static final int QUERIES = 16_384;

  private SemanticCache cache;
  private ChatRequest[] hitQueries;
  private ChatRequest[] missQueries;
  private int next;

  /** An embedder that looks vectors up; the cost of embedding is left out on purpose. */
  static final class Precomputed implements Embedder {
    final Map<String, float[]> vectors = new ConcurrentHashMap<>();

    @Override
    public String id() {
      return "precomputed-384";
    }

    @Override
    public int dimensions() {
      return DIMS;
    }

    @Override
    public float[] embed(String text) {
      float[] v = vectors.get(text);
      if (v == null) {
        throw new IllegalStateException("no vector for " + text);
      }
      return v;
    }
  }

  @Setup
  public void setUp() {
    Random random = new Random(42);
    Precomputed embedder = new Precomputed();
    cache =
        SemanticCache.builder().embedder(embedder).untemplated().maxEntries(entries)
            .meterRegistry(new SimpleMeterRegistry()).build();
    float[][] topics = new float[2000][];
    for (int t = 0; t < topics.length; t++) {
      topics[t] = unit(gaussian(random));
    }
    float[][] stored = new float[entries][];
    for (int i = 0; i < entries; i++) {
      float[] v = near(random, topics[i % topics.length], 0.6 + 0.2 * random.nextDouble());
      String text = "How do I track parcel number " + i + " for my account?";
      embedder.vectors.put(text, v);
      cache.store(Requests.question(text, "acme"), Requests.answer(Requests.answerText(i)));
      stored[i] = v;
    }
    // Every lookup embeds (here: looks up) a question the cache has not seen recently, so it
    // normalises, quantises and signs it: the whole lookup but the model's embedding.
    hitQueries = new ChatRequest[QUERIES];
    missQueries = new ChatRequest[QUERIES];
    for (int q = 0; q < QUERIES; q++) {
      int target = random.nextInt(entries);
      String paraphrase = "How do I track parcel number " + target + " for my account ?";
      embedder.vectors.put(paraphrase, near(random, stored[target], 0.95));
      hitQueries[q] = Requests.question(paraphrase, "acme");
      String stranger = "Can I change the delivery address of parcel " + q + "?";
      embedder.vectors.put(stranger, unit(gaussian(random)));
      missQueries[q] = Requests.question(stranger, "acme");
    }
    if (cache.size() != entries || cache.lookup(hitQueries[0]).isEmpty()
        || cache.lookup(missQueries[0]).isPresent()) {
      throw new IllegalStateException("benchmark data is not what it should be");
    }
  }

  @Benchmark
  public Object hit() {
    int q = next++ & (QUERIES - 1);
    return cache.lookup(hitQueries[q]).orElseThrow();
  }

  @Benchmark
  public Object miss() {
    int q = next++ & (QUERIES - 1);
    return cache.lookup(missQueries[q]);
  }

  static float[] gaussian(Random r) {
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  static float[] unit(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    float inv = (float) (1 / Math.sqrt(s));
    float[] out = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** A unit vector at cosine {@code cos} from {@code center}. */
  static float[] near(Random r, float[] center, double cos) {
    float[] noise = unit(gaussian(r));
    double dot = 0;
    for (int i = 0; i < DIMS; i++) {
      dot += noise[i] * center[i];
    }
    float[] orth = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      orth[i] = (float) (noise[i] - dot * center[i]);
    }
    orth = unit(orth);
    double sin = Math.sqrt(1 - cos * cos);
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) (cos * center[i] + sin * orth[i]);
    }
    return unit(v);
  }
}
