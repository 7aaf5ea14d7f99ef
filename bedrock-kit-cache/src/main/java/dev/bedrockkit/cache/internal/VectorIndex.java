package dev.bedrockkit.cache.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Internal: the semantic cache's in-memory vectors, one partition per exact context (scope,
 * model, system prompt, parameters, template and typed values), with cosine search inside one
 * partition only.
 *
 * <p>Each vector is stored as int8 with one float scale (symmetric quantisation of the normalised
 * vector: 1 byte per dimension; the cosine estimate is off by a few thousandths) and a 512-bit
 * random-hyperplane signature. A search first compares signatures (Hamming distance, eight {@code
 * popcount}s per entry) and computes the int8 cosine only for entries whose distance is within
 * six standard deviations of what the threshold allows: an entry exactly at the threshold is
 * skipped with probability below 1e-9, more similar ones even less, and less similar ones are
 * the only ones skipped. The prefilter can therefore cost recall in theory, never precision:
 * every answer returned has an int8 cosine at or above the threshold. Small partitions are
 * scanned in full.
 *
 * <p>Bounded: at most {@code maxEntries} in all partitions; the oldest entry goes first (entries
 * share one TTL, so first in is also first to expire), and expired entries are never returned.
 *
 * <p>Thread-safe: searches of a partition run in parallel; adds and removals lock it briefly.
 */
public final class VectorIndex {
  /** Bits of the random-hyperplane signature. */
  public static final int SIGNATURE_BITS = 512;

  private static final int WORDS = SIGNATURE_BITS / 64;
  /** Partitions up to this size skip the signature prefilter. */
  private static final int FULL_SCAN_BELOW = 2048;
  /** Same planes in every task, so that signatures are comparable across restarts. */
  private static final long PLANES_SEED = 0x5EED_CAFE_B0CAL;

  private final int dims;
  private final float[] planes; // SIGNATURE_BITS x dims, row-major
  private final int maxEntries;
  private final ConcurrentHashMap<Object, Partition> partitions = new ConcurrentHashMap<>();
  private final ArrayDeque<Entry> order = new ArrayDeque<>();
  private final AtomicInteger size = new AtomicInteger();

  public VectorIndex(int dims, int maxEntries) {
    if (dims <= 0) {
      throw new IllegalArgumentException("dims must be > 0 but was " + dims);
    }
    this.dims = dims;
    this.maxEntries = maxEntries;
    this.planes = new float[SIGNATURE_BITS * dims];
    Random random = new Random(PLANES_SEED ^ dims);
    for (int i = 0; i < planes.length; i++) {
      planes[i] = (float) random.nextGaussian();
    }
  }

  /** A vector in the index's form: int8 values, their scale, and the signature. */
  public record Vector(byte[] values, float scale, long[] signature) {}

  /** A search result: the entry and its (int8) cosine similarity to the query. */
  public record Match(Entry entry, double similarity) {}

  /** One cached question. */
  public static final class Entry {
    final Object partition;
    final String id;
    final String text;
    final byte[] payload;
    final long expiresAtMillis;
    int slot = -1;
    volatile boolean removed;

    Entry(Object partition, String id, String text, byte[] payload, long expiresAtMillis) {
      this.partition = partition;
      this.id = id;
      this.text = text;
      this.payload = payload;
      this.expiresAtMillis = expiresAtMillis;
    }

    public String id() {
      return id;
    }

    public String text() {
      return text;
    }

    public byte[] payload() {
      return payload;
    }

    public long expiresAtMillis() {
      return expiresAtMillis;
    }

    public Object partition() {
      return partition;
    }
  }

  public int dims() {
    return dims;
  }

  /** Entries held now, in all partitions. */
  public int size() {
    return size.get();
  }

  /** Normalises to unit length; null when the vector has the wrong size, a NaN, or is zero. */
  public float[] normalize(float[] v) {
    if (v == null || v.length != dims) {
      return null;
    }
    double sum = 0;
    for (float x : v) {
      if (!Float.isFinite(x)) {
        return null;
      }
      sum += (double) x * x;
    }
    if (sum == 0) {
      return null;
    }
    float inv = (float) (1.0 / Math.sqrt(sum));
    float[] out = new float[dims];
    for (int i = 0; i < dims; i++) {
      out[i] = v[i] * inv;
    }
    return out;
  }

  /** Quantises a normalised vector and signs it. */
  public Vector prepare(float[] unit) {
    float max = 0;
    for (float x : unit) {
      max = Math.max(max, Math.abs(x));
    }
    float scale = max / 127f;
    byte[] q = new byte[dims];
    for (int i = 0; i < dims; i++) {
      q[i] = (byte) Math.round(unit[i] / scale);
    }
    return new Vector(q, scale, signature(unit));
  }

  /** Rebuilds a vector read back from its int8 form (signature from the dequantised values). */
  public Vector fromStored(byte[] values, float scale) {
    if (values.length != dims || !(scale > 0) || !Float.isFinite(scale)) {
      return null;
    }
    float[] unit = new float[dims];
    for (int i = 0; i < dims; i++) {
      unit[i] = values[i] * scale;
    }
    return new Vector(values.clone(), scale, signature(unit));
  }

  private long[] signature(float[] unit) {
    long[] sig = new long[WORDS];
    for (int b = 0; b < SIGNATURE_BITS; b++) {
      int row = b * dims;
      float dot = 0;
      for (int i = 0; i < dims; i++) {
        dot += planes[row + i] * unit[i];
      }
      if (dot >= 0) {
        sig[b >>> 6] |= 1L << (b & 63);
      }
    }
    return sig;
  }

  /** The int8 cosine similarity of two prepared vectors, as a search computes it. */
  public static double similarity(Vector a, Vector b) {
    return Partition.dot(a.values(), b.values(), 0, a.values().length)
        * (double) a.scale()
        * b.scale();
  }

  /**
   * The largest Hamming distance an entry with cosine {@code threshold} reaches with probability
   * above 1e-9 (binomial tail, six standard deviations).
   */
  static int hammingCutoff(double threshold) {
    if (threshold <= 0) {
      return SIGNATURE_BITS;
    }
    double p = Math.acos(Math.min(1.0, threshold)) / Math.PI;
    double mean = SIGNATURE_BITS * p;
    double sd = Math.sqrt(SIGNATURE_BITS * p * (1 - p));
    return (int) Math.min(SIGNATURE_BITS, Math.ceil(mean + 6 * sd + 1));
  }

  /** Whether the partition already holds an entry with this id. */
  public boolean contains(Object partition, String id) {
    Partition p = partitions.get(partition);
    return p != null && p.contains(id);
  }

  /**
   * Adds an entry unless the partition already holds one with the same id; evicts the oldest
   * entries beyond the bound and expired ones. Returns the entry, or null when it was a
   * duplicate.
   */
  public Entry add(
      Object partition, String id, String text, byte[] payload, long expiresAtMillis, Vector v,
      long nowMillis) {
    Entry entry = new Entry(partition, id, text, payload, expiresAtMillis);
    boolean[] added = new boolean[1];
    partitions.compute(
        partition,
        (k, p) -> {
          if (p == null) {
            p = new Partition(dims);
          }
          added[0] = p.add(entry, v);
          return p;
        });
    if (!added[0]) {
      return null;
    }
    size.incrementAndGet();
    List<Entry> evict = new ArrayList<>();
    synchronized (order) {
      order.addLast(entry);
      while (!order.isEmpty()) {
        Entry head = order.peekFirst();
        if (head.removed) {
          order.pollFirst();
        } else if (size.get() - evict.size() > maxEntries || head.expiresAtMillis <= nowMillis) {
          evict.add(order.pollFirst());
        } else {
          break;
        }
      }
    }
    evict.forEach(this::remove);
    return entry;
  }

  private void remove(Entry e) {
    Partition p = partitions.get(e.partition);
    if (p != null && p.remove(e)) {
      size.decrementAndGet();
      partitions.computeIfPresent(e.partition, (k, q) -> q.isEmpty() ? null : q);
    }
    e.removed = true;
  }

  /**
   * Entries of one partition with cosine similarity at least {@code threshold} and not expired,
   * most similar first, at most {@code limit}.
   */
  public List<Match> search(
      Object partition, Vector query, double threshold, int limit, long nowMillis) {
    Partition p = partitions.get(partition);
    if (p == null) {
      return List.of();
    }
    return p.search(query, threshold, hammingCutoff(threshold), limit, nowMillis);
  }

  /** Removes every partition whose key matches; returns how many entries went. */
  public int removeIf(Predicate<Object> matches) {
    int removed = 0;
    for (Map.Entry<Object, Partition> e : partitions.entrySet()) {
      if (matches.test(e.getKey()) && partitions.remove(e.getKey(), e.getValue())) {
        int n = e.getValue().clearAll();
        size.addAndGet(-n);
        removed += n;
      }
    }
    if (removed > 0) {
      synchronized (order) {
        order.removeIf(x -> x.removed);
      }
    }
    return removed;
  }

  /** Number of partitions. */
  public int partitions() {
    return partitions.size();
  }

  // ------------------------------------------------------------------------------- partition

  private static final class Partition {
    private final int dims;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private long[] signatures;
    private byte[] values;
    private float[] scales;
    private Entry[] entries;
    private int high;
    private int live;
    private int[] free = new int[8];
    private int freeCount;
    private final Map<String, Entry> byId = new HashMap<>();

    Partition(int dims) {
      this.dims = dims;
      int capacity = 8;
      signatures = new long[capacity * WORDS];
      values = new byte[capacity * dims];
      scales = new float[capacity];
      entries = new Entry[capacity];
    }

    boolean contains(String id) {
      lock.readLock().lock();
      try {
        return byId.containsKey(id);
      } finally {
        lock.readLock().unlock();
      }
    }

    boolean isEmpty() {
      lock.readLock().lock();
      try {
        return live == 0;
      } finally {
        lock.readLock().unlock();
      }
    }

    boolean add(Entry e, Vector v) {
      lock.writeLock().lock();
      try {
        if (byId.containsKey(e.id)) {
          return false;
        }
        int slot;
        if (freeCount > 0) {
          slot = free[--freeCount];
        } else {
          if (high == entries.length) {
            int capacity = entries.length + (entries.length >> 1); // 1.5x: less slack at 100k
            signatures = Arrays.copyOf(signatures, capacity * WORDS);
            values = Arrays.copyOf(values, capacity * dims);
            scales = Arrays.copyOf(scales, capacity);
            entries = Arrays.copyOf(entries, capacity);
          }
          slot = high++;
        }
        System.arraycopy(v.signature(), 0, signatures, slot * WORDS, WORDS);
        System.arraycopy(v.values(), 0, values, slot * dims, dims);
        scales[slot] = v.scale();
        entries[slot] = e;
        e.slot = slot;
        byId.put(e.id, e);
        live++;
        return true;
      } finally {
        lock.writeLock().unlock();
      }
    }

    boolean remove(Entry e) {
      lock.writeLock().lock();
      try {
        int slot = e.slot;
        if (slot < 0 || slot >= high || entries[slot] != e) {
          return false;
        }
        entries[slot] = null;
        byId.remove(e.id);
        if (freeCount == free.length) {
          free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
        live--;
        return true;
      } finally {
        lock.writeLock().unlock();
      }
    }

    int clearAll() {
      lock.writeLock().lock();
      try {
        int n = live;
        for (int i = 0; i < high; i++) {
          if (entries[i] != null) {
            entries[i].removed = true;
            entries[i] = null;
          }
        }
        byId.clear();
        live = 0;
        high = 0;
        freeCount = 0;
        return n;
      } finally {
        lock.writeLock().unlock();
      }
    }

    List<Match> search(Vector q, double threshold, int cutoff, int limit, long nowMillis) {
      lock.readLock().lock();
      try {
        boolean prefilter = live >= FULL_SCAN_BELOW;
        long[] qs = q.signature();
        byte[] qv = q.values();
        float qScale = q.scale();
        List<Match> out = new ArrayList<>();
        for (int s = 0; s < high; s++) {
          Entry e = entries[s];
          if (e == null) {
            continue;
          }
          if (prefilter) {
            int base = s * WORDS;
            int distance = 0;
            for (int w = 0; w < WORDS; w++) {
              distance += Long.bitCount(qs[w] ^ signatures[base + w]);
            }
            if (distance > cutoff) {
              continue;
            }
          }
          double similarity = dot(qv, values, s * dims, dims) * (double) qScale * scales[s];
          if (similarity >= threshold && e.expiresAtMillis > nowMillis) {
            out.add(new Match(e, similarity));
          }
        }
        out.sort((a, b) -> Double.compare(b.similarity(), a.similarity()));
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
      } finally {
        lock.readLock().unlock();
      }
    }

    private static int dot(byte[] q, byte[] all, int offset, int n) {
      int s0 = 0;
      int s1 = 0;
      int s2 = 0;
      int s3 = 0;
      int i = 0;
      for (; i + 3 < n; i += 4) {
        s0 += q[i] * all[offset + i];
        s1 += q[i + 1] * all[offset + i + 1];
        s2 += q[i + 2] * all[offset + i + 2];
        s3 += q[i + 3] * all[offset + i + 3];
      }
      for (; i < n; i++) {
        s0 += q[i] * all[offset + i];
      }
      return s0 + s1 + s2 + s3;
    }
  }
}
