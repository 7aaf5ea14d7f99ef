package dev.bedrockkit.cache.eval;

import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.LocalEmbedder;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.internal.TextSignature;
import dev.bedrockkit.cache.internal.VectorIndex;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evaluation harness of the semantic cache: reads the labelled pairs of {@code
 * semantic-eval.tsv} (paraphrases that should hit, near-misses that must not), scores each pair
 * the way the cache does (embedding, normalisation, int8 cosine, lexical guards) and reports
 * precision and recall at several thresholds, with and without the guards.
 *
 * <p>Run it with {@code mvn -pl bedrock-kit-cache -am test -Dtest=SemanticEvaluationTest} (the
 * report is printed and written to {@code target/semantic-eval.md}), or call {@link #run} with
 * another {@link Embedder} to calibrate it.
 */
public final class SemanticEvaluation {
  /** Thresholds reported. */
  public static final double[] THRESHOLDS = {0.80, 0.82, 0.84, 0.85, 0.86, 0.87, 0.88, 0.89,
      0.90, 0.91, 0.92, 0.94, 0.96};

  /** One labelled pair. */
  public record Pair(boolean shouldHit, String category, String a, String b) {}

  /** A scored pair: its similarity and the guard that refused it, if any. */
  public record Scored(Pair pair, double similarity, String conflict) {
    public boolean predictedHit(double threshold, boolean guards) {
      return similarity >= threshold && (!guards || conflict == null);
    }
  }

  /** Precision and recall at one threshold. */
  public record Point(double threshold, boolean guards, int tp, int fp, int fn, int tn) {
    public double precision() {
      return tp + fp == 0 ? 1.0 : tp / (double) (tp + fp);
    }

    public double recall() {
      return tp + fn == 0 ? 0.0 : tp / (double) (tp + fn);
    }
  }

  private SemanticEvaluation() {}

  /** The labelled pairs shipped with the module. */
  public static List<Pair> pairs() throws IOException {
    List<Pair> pairs = new ArrayList<>();
    try (InputStream in = SemanticEvaluation.class.getResourceAsStream("/semantic-eval.tsv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.startsWith("label\t") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        if (f.length != 4 || !(f[0].equals("hit") || f[0].equals("miss"))) {
          throw new IllegalStateException("malformed evaluation line: " + line);
        }
        pairs.add(new Pair(f[0].equals("hit"), f[1], f[2], f[3]));
      }
    }
    return pairs;
  }

  /** Scores every pair with {@code embedder}, as the cache would. */
  public static List<Scored> score(List<Pair> pairs, Embedder embedder) {
    VectorIndex index = new VectorIndex(embedder.dimensions(), 1);
    Map<String, VectorIndex.Vector> vectors = new HashMap<>();
    List<Scored> out = new ArrayList<>();
    for (Pair p : pairs) {
      VectorIndex.Vector a = vectors.computeIfAbsent(p.a(), t -> prepare(index, embedder, t));
      VectorIndex.Vector b = vectors.computeIfAbsent(p.b(), t -> prepare(index, embedder, t));
      out.add(new Scored(p, VectorIndex.similarity(a, b),
          TextSignature.of(p.a()).conflict(TextSignature.of(p.b()))));
    }
    return out;
  }

  private static VectorIndex.Vector prepare(VectorIndex index, Embedder e, String text) {
    return index.prepare(index.normalize(e.embed(text.strip())));
  }

  /** Precision and recall at one threshold. */
  public static Point at(List<Scored> scored, double threshold, boolean guards) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    int tn = 0;
    for (Scored s : scored) {
      boolean hit = s.predictedHit(threshold, guards);
      if (s.pair().shouldHit()) {
        if (hit) {
          tp++;
        } else {
          fn++;
        }
      } else if (hit) {
        fp++;
      } else {
        tn++;
      }
    }
    return new Point(threshold, guards, tp, fp, fn, tn);
  }

  /** The report as Markdown. */
  public static String report(List<Scored> scored, String embedderId) {
    StringBuilder sb = new StringBuilder();
    long hits = scored.stream().filter(s -> s.pair().shouldHit()).count();
    sb.append("Semantic cache evaluation: ").append(scored.size()).append(" pairs (")
        .append(hits).append(" should hit, ").append(scored.size() - hits)
        .append(" must not), embedder ").append(embedderId).append(", default threshold ")
        .append(SemanticCache.DEFAULT_THRESHOLD).append("\n\n");
    sb.append("| threshold | precision | recall | TP | FP | FN | precision without guards |"
        + " recall without guards | FP without guards |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (double t : THRESHOLDS) {
      Point g = at(scored, t, true);
      Point n = at(scored, t, false);
      sb.append(String.format(Locale.ROOT, "| %.2f%s | %.3f | %.3f | %d | %d | %d | %.3f | %.3f | %d |%n",
          t, Math.abs(t - SemanticCache.DEFAULT_THRESHOLD) < 1e-9 ? " (default)" : "",
          g.precision(), g.recall(), g.tp(), g.fp(), g.fn(), n.precision(), n.recall(), n.fp()));
    }
    sb.append("\nNear-misses refused by each guard (any similarity):\n\n");
    Map<String, Integer> byGuard = new TreeMap<>();
    Map<String, int[]> byCategory = new TreeMap<>();
    for (Scored s : scored) {
      if (!s.pair().shouldHit() && s.conflict() != null) {
        byGuard.merge(s.conflict(), 1, Integer::sum);
      }
      if (!s.pair().shouldHit()) {
        int[] c = byCategory.computeIfAbsent(s.pair().category(), k -> new int[3]);
        c[0]++;
        if (s.conflict() != null) {
          c[1]++;
        } else if (s.similarity() < SemanticCache.DEFAULT_THRESHOLD) {
          c[2]++;
        }
      }
    }
    byGuard.forEach((g, n) -> sb.append("- ").append(g).append(": ").append(n).append('\n'));
    sb.append("\nNear-misses by category (total / refused by a guard / below the default"
        + " threshold):\n\n");
    byCategory.forEach((c, n) -> sb.append("- ").append(c).append(": ").append(n[0]).append(" / ")
        .append(n[1]).append(" / ").append(n[2]).append('\n'));
    sb.append("\nWrong hits at the default threshold:\n\n");
    boolean none = true;
    for (Scored s : scored) {
      if (!s.pair().shouldHit() && s.predictedHit(SemanticCache.DEFAULT_THRESHOLD, true)) {
        none = false;
        sb.append(String.format(Locale.ROOT, "- %.4f %s: \"%s\" / \"%s\"%n", s.similarity(),
            s.pair().category(), s.pair().a(), s.pair().b()));
      }
    }
    if (none) {
      sb.append("- none\n");
    }
    sb.append("\nParaphrases refused by a guard (recall the guards cost):\n\n");
    for (Scored s : scored) {
      if (s.pair().shouldHit() && s.conflict() != null) {
        sb.append(String.format(Locale.ROOT, "- %s: \"%s\" / \"%s\"%n", s.conflict(),
            s.pair().a(), s.pair().b()));
      }
    }
    sb.append("\nClosest near-misses that only the threshold separates (no guard fires):\n\n");
    scored.stream()
        .filter(s -> !s.pair().shouldHit() && s.conflict() == null)
        .sorted((x, y) -> Double.compare(y.similarity(), x.similarity()))
        .limit(8)
        .forEach(s -> sb.append(String.format(Locale.ROOT, "- %.4f %s: \"%s\" / \"%s\"%n",
            s.similarity(), s.pair().category(), s.pair().a(), s.pair().b())));
    return sb.toString();
  }

  /** Runs the evaluation with {@code embedder} and returns the report. */
  public static String run(Embedder embedder) throws IOException {
    return report(score(pairs(), embedder), embedder.id());
  }

  /** Prints the report for the local model. */
  public static void main(String[] args) throws IOException {
    System.out.println(run(LocalEmbedder.create()));
  }
}
