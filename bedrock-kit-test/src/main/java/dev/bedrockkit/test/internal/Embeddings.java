package dev.bedrockkit.test.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Deterministic text embeddings by feature hashing: each lower-cased word and each character
 * trigram adds a signed weight to a hashed dimension, so texts sharing words get similar vectors.
 * Stateless.
 */
final class Embeddings {
  private Embeddings() {}

  static float[] embed(String text, int dimensions, boolean normalize) {
    double[] v = new double[dimensions];
    String[] words = text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+");
    boolean any = false;
    for (String w : words) {
      if (w.isEmpty()) {
        continue;
      }
      any = true;
      add(v, "w:" + w, 1.0);
      String padded = "^" + w + "$";
      for (int i = 0; i + 3 <= padded.length(); i++) {
        add(v, "t:" + padded.substring(i, i + 3), 0.25);
      }
    }
    if (!any) {
      v[0] = 1.0;
    }
    double norm = 0;
    for (double x : v) {
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    float[] out = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      out[i] = (float) (normalize ? v[i] / norm : v[i] / 10.0);
    }
    return out;
  }

  private static void add(double[] v, String feature, double weight) {
    long h = fnv1a(feature);
    int index = (int) Long.remainderUnsigned(h, v.length);
    v[index] += ((h >>> 63) == 0 ? 1 : -1) * weight;
  }

  private static long fnv1a(String s) {
    long h = 0xcbf29ce484222325L;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }
}
