package dev.bedrockkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class VectorIndexTest {
  private static final int DIMS = 384;
  private final Random random = new Random(7);

  private float[] randomUnit(VectorIndex index) {
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) random.nextGaussian();
    }
    return index.normalize(v);
  }

  /** A unit vector at cosine about {@code cos} from {@code center}. */
  private float[] near(VectorIndex index, float[] center, double cos) {
    float[] noise = randomUnit(index);
    double dot = 0;
    for (int i = 0; i < DIMS; i++) {
      dot += noise[i] * center[i];
    }
    float[] orth = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      orth[i] = (float) (noise[i] - dot * center[i]);
    }
    orth = index.normalize(orth);
    double sin = Math.sqrt(1 - cos * cos);
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) (cos * center[i] + sin * orth[i]);
    }
    return index.normalize(v);
  }

  @Test
  void prefilteredSearchFindsEveryEntryAboveTheThresholdThatAFullScanFinds() {
    VectorIndex index = new VectorIndex(DIMS, 100_000);
    float[] query = randomUnit(index);
    VectorIndex.Vector q = index.prepare(query);
    List<VectorIndex.Vector> stored = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      // mostly unrelated entries, and a band of near ones around the threshold
      float[] v = i % 50 == 0 ? near(index, query, 0.80 + random.nextDouble() * 0.2)
          : i % 7 == 0 ? near(index, query, 0.4 + random.nextDouble() * 0.3) : randomUnit(index);
      VectorIndex.Vector pv = index.prepare(v);
      stored.add(pv);
      index.add("p", "id" + i, "t" + i, new byte[0], Long.MAX_VALUE, pv, 0);
    }

    for (double threshold : new double[] {0.80, 0.85, 0.90, 0.95}) {
      Set<String> expected = new java.util.HashSet<>();
      for (int i = 0; i < stored.size(); i++) {
        if (VectorIndex.similarity(q, stored.get(i)) >= threshold) {
          expected.add("id" + i);
        }
      }
      Set<String> found =
          index.search("p", q, threshold, Integer.MAX_VALUE, 0).stream()
              .map(m -> m.entry().id())
              .collect(Collectors.toSet());
      assertThat(expected).isNotEmpty();
      assertThat(found).as("threshold " + threshold).isEqualTo(expected);
    }
  }

  @Test
  void int8CosineIsWithinAFewThousandthsOfTheFloatCosine() {
    VectorIndex index = new VectorIndex(DIMS, 10);
    double worst = 0;
    for (int i = 0; i < 500; i++) {
      float[] a = randomUnit(index);
      float[] b = near(index, a, 0.5 + random.nextDouble() * 0.5);
      double exact = 0;
      for (int k = 0; k < DIMS; k++) {
        exact += a[k] * b[k];
      }
      worst = Math.max(worst,
          Math.abs(exact - VectorIndex.similarity(index.prepare(a), index.prepare(b))));
    }
    assertThat(worst).isLessThan(0.01);
  }

  @Test
  void searchStaysInsideItsPartitionAndSkipsExpiredEntries() {
    VectorIndex index = new VectorIndex(DIMS, 100);
    float[] v = randomUnit(index);
    VectorIndex.Vector pv = index.prepare(v);
    index.add("a", "1", "x", new byte[0], 1_000, pv, 0);
    index.add("b", "2", "x", new byte[0], 5_000, pv, 0);

    assertThat(index.search("a", pv, 0.99, 8, 500)).extracting(m -> m.entry().id())
        .containsExactly("1");
    assertThat(index.search("a", pv, 0.99, 8, 1_000)).isEmpty();
    assertThat(index.search("c", pv, 0.99, 8, 0)).isEmpty();
  }

  @Test
  void oldestEntriesGoFirstBeyondTheBoundAndDuplicatesAreIgnored() {
    VectorIndex index = new VectorIndex(DIMS, 3);
    for (int i = 0; i < 5; i++) {
      index.add("p", "id" + i, "t", new byte[0], Long.MAX_VALUE, index.prepare(randomUnit(index)),
          0);
    }
    assertThat(index.size()).isEqualTo(3);
    assertThat(index.contains("p", "id0")).isFalse();
    assertThat(index.contains("p", "id1")).isFalse();
    assertThat(index.contains("p", "id4")).isTrue();
    assertThat(index.add("p", "id4", "t", new byte[0], Long.MAX_VALUE,
        index.prepare(randomUnit(index)), 0)).isNull();
    assertThat(index.size()).isEqualTo(3);
  }

  @Test
  void removingPartitionsFreesTheirEntries() {
    VectorIndex index = new VectorIndex(DIMS, 10);
    index.add("keep", "1", "t", new byte[0], Long.MAX_VALUE, index.prepare(randomUnit(index)), 0);
    index.add("drop", "2", "t", new byte[0], Long.MAX_VALUE, index.prepare(randomUnit(index)), 0);

    assertThat(index.removeIf("drop"::equals)).isEqualTo(1);
    assertThat(index.size()).isEqualTo(1);
    assertThat(index.partitions()).isEqualTo(1);
  }

  @Test
  void hammingCutoffWidensAsTheThresholdDrops() {
    assertThat(VectorIndex.hammingCutoff(0.95)).isLessThan(VectorIndex.hammingCutoff(0.85));
    assertThat(VectorIndex.hammingCutoff(0.0)).isEqualTo(VectorIndex.SIGNATURE_BITS);
  }
}
