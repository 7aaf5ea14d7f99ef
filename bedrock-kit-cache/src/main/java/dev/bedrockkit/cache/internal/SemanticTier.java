package dev.bedrockkit.cache.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.internal.CacheMetrics.Result;
import dev.bedrockkit.cache.internal.CacheMetrics.Tier;
import io.lettuce.core.StreamMessage;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/**
 * Internal: the semantic cache. A request is eligible when it is a single user turn of text with
 * no tools, inside a scope, and its template opted in (or, for requests without a template, the
 * untemplated rule is on). Everything but the free text becomes an exact partition key (scope,
 * embedder, chain or model, system prompt, parameters, template id and version, the typed template
 * values, and the user message with the free text masked). Only the free text is embedded and
 * compared, inside its partition, and a candidate above the threshold is served only when the
 * {@link TextSignature lexical guards} find no difference in numbers, units, negation, names,
 * dates or opposites.
 *
 * <p>With Redis, each stored entry is also appended to a stream per partition (trimmed to the TTL);
 * a lookup first reads what other tasks appended since its last read, so an entry stored by any
 * task is found by every task.
 *
 * <p>Thread-safe.
 */
public final class SemanticTier {
  private static final Logger log = LoggerFactory.getLogger(SemanticTier.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Candidates above the threshold checked by the guards before giving up. */
  static final int CANDIDATES = 8;
  /** Stream entries read from Redis per lookup. */
  static final int SYNC_BATCH = 256;
  static final String KEY_FORMAT = "bedrock-kit semantic-key v1";
  /**
   * Answers kept in memory are deflated above this size: an answer of a few hundred words takes
   * less than half the room, for a few microseconds per hit.
   */
  static final int LOCAL_COMPRESS_ABOVE = 256;

  /** When a template (or untemplated requests) may be answered semantically. */
  public record Rule(double threshold, List<String> freeText) {}

  /** The partition of a request: exact context, kept readable for invalidation. */
  public record PartitionKey(
      long h0, long h1, long h2, long h3, CacheScope scope, String templateId,
      String templateVersion) {
    String hex() {
      HexFormat hex = HexFormat.of();
      return hex.toHexDigits(h0) + hex.toHexDigits(h1) + hex.toHexDigits(h2) + hex.toHexDigits(h3);
    }
  }

  /** An eligible request: where to look, what to compare, how close it must be. */
  public static final class Query {
    final PartitionKey partition;
    final String text;
    final double threshold;
    VectorIndex.Vector vector;

    Query(PartitionKey partition, String text, double threshold) {
      this.partition = partition;
      this.text = text;
      this.threshold = threshold;
    }

    public String text() {
      return text;
    }

    public double threshold() {
      return threshold;
    }
  }

  /** What a lookup found: the stored answer and how similar its question was. */
  public record Hit(ChatResponse original, double similarity, String cachedQuestion) {}

  private final Embedder embedder;
  private final Map<String, Rule> templates;
  private final Rule untemplated;
  private final dev.bedrockkit.cache.CachePolicy policy;
  private final VectorIndex index;
  private final Duration ttl;
  private final RedisStore redis;
  private final int compressAbove;
  private final Clock clock;
  private final CacheMetrics metrics;
  private final Cache<String, VectorIndex.Vector> recentVectors =
      Caffeine.newBuilder().maximumSize(1024).expireAfterWrite(Duration.ofMinutes(5)).build();
  private final Cache<PartitionKey, String> streamCursors =
      Caffeine.newBuilder().maximumSize(100_000).build();
  private final AtomicBoolean embedFailureLogged = new AtomicBoolean();

  public SemanticTier(
      Embedder embedder,
      Map<String, Rule> templates,
      Rule untemplated,
      dev.bedrockkit.cache.CachePolicy policy,
      int maxEntries,
      Duration ttl,
      RedisStore redis,
      int compressAbove,
      Clock clock,
      CacheMetrics metrics) {
    this.embedder = embedder;
    this.templates = Map.copyOf(templates);
    this.untemplated = untemplated;
    this.policy = policy;
    this.index = new VectorIndex(embedder.dimensions(), maxEntries);
    this.ttl = ttl;
    this.redis = redis;
    this.compressAbove = compressAbove;
    this.clock = clock;
    this.metrics = metrics;
    if (redis != null) {
      redis.onInvalidation(this::invalidateLocally);
      redis.onMissedInvalidations(
          () -> {
            index.removeIf(k -> true);
            streamCursors.invalidateAll();
          });
    }
  }

  public CacheMetrics metrics() {
    return metrics;
  }

  public VectorIndex index() {
    return index;
  }

  public Embedder embedder() {
    return embedder;
  }

  // ------------------------------------------------------------------------------- eligibility

  /** The query for an eligible request, or null when the semantic cache must not answer it. */
  public Query query(ChatRequest r) {
    if (!policy.cacheable(r) || r.toolConfig() != null || r.messages().size() != 1) {
      return null;
    }
    Message m = r.messages().get(0);
    if (m.role() != ConversationRole.USER) {
      return null;
    }
    StringBuilder user = new StringBuilder();
    for (ContentBlock b : m.content()) {
      if (b.text() != null) {
        user.append(b.text());
      } else if (b.cachePoint() == null) {
        return null; // images, documents, tool results: not free text
      }
    }
    Rule rule;
    String text;
    Map<String, String> typed = new TreeMap<>();
    String masked = null;
    if (r.templateId() == null) {
      rule = untemplated;
      text = user.toString();
    } else {
      rule = templates.get(r.templateId());
      if (rule == null) {
        return null;
      }
      typed.putAll(r.templateValues());
      StringBuilder free = new StringBuilder();
      masked = user.toString();
      for (String name : rule.freeText()) {
        String value = typed.remove(name);
        if (value == null) {
          return null; // values not passed: cannot tell typed values from free text
        }
        if (free.length() > 0) {
          free.append('\n');
        }
        free.append(value);
        if (!value.isEmpty()) {
          masked = masked.replace(value, "\u0000" + name + "\u0000");
        }
      }
      text = free.toString();
    }
    if (rule == null || text.isBlank()) {
      return null;
    }
    Canonical c = Canonical.forThread().field(KEY_FORMAT);
    c.field("scope").string(r.cacheScope().key());
    c.field("embedder").string(embedder.id());
    c.field("chain").string(r.chain());
    c.field("model").string(r.modelId());
    c.field("system").pojos(r.system());
    c.field("maxTokens").number(r.maxTokens());
    c.field("temperature").number(r.temperature());
    c.field("topP").number(r.topP());
    c.field("stopSequences").strings(r.stopSequences());
    c.field("latencyOptimized").bool(r.latencyOptimized());
    c.field("additionalModelRequestFields").document(r.additionalModelRequestFields());
    c.field("templateId").string(r.templateId());
    c.field("templateVersion").string(r.templateVersion());
    c.field("typedValues").stringMap(typed);
    c.field("maskedUser").string(masked);
    ByteBuffer d = ByteBuffer.wrap(c.digest());
    PartitionKey key =
        new PartitionKey(d.getLong(), d.getLong(), d.getLong(), d.getLong(), r.cacheScope(),
            r.templateId(), r.templateVersion());
    return new Query(key, text.strip(), rule.threshold());
  }

  // ------------------------------------------------------------------------------- lookup

  /** The best guarded match, counted; or null (miss, rejected by a guard, or error). */
  public Hit lookup(Query q) {
    VectorIndex.Vector v = vector(q);
    if (v == null) {
      metrics.count(Tier.SEMANTIC, Result.ERROR);
      return null;
    }
    if (redis != null) {
      sync(q.partition);
    }
    long now = clock.millis();
    List<VectorIndex.Match> matches = index.search(q.partition, v, q.threshold, CANDIDATES, now);
    if (matches.isEmpty()) {
      metrics.count(Tier.SEMANTIC, Result.MISS);
      return null;
    }
    TextSignature mine = TextSignature.of(q.text);
    for (VectorIndex.Match m : matches) {
      String conflict = mine.conflict(TextSignature.of(m.entry().text()));
      if (conflict != null) {
        log.debug("Semantic candidate {} refused by the {} guard", m.similarity(), conflict);
        continue;
      }
      Envelope.Stored stored;
      try {
        stored = Envelope.decode(m.entry().payload());
      } catch (Envelope.Unreadable e) {
        continue;
      }
      metrics.hit(Tier.SEMANTIC, stored.response());
      return new Hit(stored.response(), m.similarity(), m.entry().text());
    }
    metrics.count(Tier.SEMANTIC, Result.REJECTED);
    return null;
  }

  /** Embeds the free text (or reuses a recent vector); null on failure. */
  VectorIndex.Vector vector(Query q) {
    if (q.vector != null) {
      return q.vector;
    }
    String memo = embedder.id() + "\u0000" + q.text;
    VectorIndex.Vector v = recentVectors.getIfPresent(memo);
    if (v == null) {
      float[] raw;
      try {
        raw = embedder.embed(q.text);
      } catch (RuntimeException e) {
        if (embedFailureLogged.compareAndSet(false, true)) {
          log.warn("Embedder {} failed; semantic lookups miss while it fails (logged once)",
              embedder.id(), e);
        }
        return null;
      }
      float[] unit = index.normalize(raw);
      if (unit == null) {
        if (embedFailureLogged.compareAndSet(false, true)) {
          log.warn("Embedder {} returned an unusable vector (expected {} finite dimensions)",
              embedder.id(), embedder.dimensions());
        }
        return null;
      }
      v = index.prepare(unit);
      recentVectors.put(memo, v);
    }
    q.vector = v;
    return v;
  }

  // ------------------------------------------------------------------------------- store

  /** Stores an answer the caller has checked is cacheable. */
  public void store(Query q, ChatResponse response) {
    VectorIndex.Vector v = vector(q);
    if (v == null) {
      return;
    }
    long now = clock.millis();
    long expires = now + ttl.toMillis();
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    byte[] local = Envelope.encode(response, now, expires, null, LOCAL_COMPRESS_ABOVE);
    index.add(q.partition, id, q.text, local, expires, v, now);
    if (redis != null) {
      ObjectNode meta = NODES.objectNode();
      meta.put("id", id);
      meta.put("text", q.text);
      meta.put("embedder", embedder.id());
      meta.put("scale", v.scale());
      meta.put("vector", Base64.getEncoder().encodeToString(v.values()));
      byte[] shared = Envelope.encode(response, now, expires, meta, compressAbove);
      redis.streamAppend(streamKey(q.partition), "e", shared, now, ttl);
    }
  }

  // ------------------------------------------------------------------------------- sharing

  private void sync(PartitionKey partition) {
    String cursor = streamCursors.getIfPresent(partition);
    List<StreamMessage<String, byte[]>> messages;
    try {
      messages = redis.streamAfter(streamKey(partition), cursor == null ? "0-0" : cursor,
          SYNC_BATCH);
    } catch (RedisStore.Failure e) {
      metrics.count(Tier.REDIS, Result.ERROR);
      return;
    }
    long now = clock.millis();
    for (StreamMessage<String, byte[]> m : messages) {
      importEntry(partition, m.getBody().get("e"), now);
      cursor = m.getId();
    }
    if (cursor != null) {
      streamCursors.put(partition, cursor);
    }
  }

  private void importEntry(PartitionKey partition, byte[] value, long now) {
    if (value == null) {
      return;
    }
    Envelope.Stored stored;
    try {
      stored = Envelope.decode(value);
    } catch (Envelope.Unreadable e) {
      metrics.count(Tier.REDIS, Result.INVALID);
      return;
    }
    JsonNode meta = stored.meta();
    if (meta == null || !embedder.id().equals(meta.path("embedder").asText())
        || stored.freshUntilMillis() <= now) {
      return;
    }
    String id = meta.path("id").asText();
    if (id.isEmpty() || index.contains(partition, id)) {
      return;
    }
    VectorIndex.Vector v;
    try {
      v = index.fromStored(
          Base64.getDecoder().decode(meta.path("vector").asText()),
          (float) meta.path("scale").asDouble());
    } catch (IllegalArgumentException e) {
      v = null;
    }
    if (v == null) {
      metrics.count(Tier.REDIS, Result.INVALID);
      return;
    }
    byte[] local =
        Envelope.encode(stored.response(), stored.createdMillis(), stored.freshUntilMillis(), null,
            LOCAL_COMPRESS_ABOVE);
    index.add(partition, id, meta.path("text").asText(), local, stored.freshUntilMillis(), v, now);
  }

  /** {@code <prefix>s:<scope tag>:<template tag>:<partition hash>}. */
  String streamKey(PartitionKey p) {
    return redis.prefix() + "s:" + Tags.scope(p.scope()) + ":"
        + Tags.template(p.templateId(), p.templateVersion()) + ":" + p.hex();
  }

  // ------------------------------------------------------------------------------- invalidation

  /** Removes matching partitions here, in Redis, and (by broadcast) in every other task. */
  public CompletableFuture<Void> invalidate(RedisStore.Invalidation what) {
    invalidateLocally(what);
    if (redis == null) {
      return CompletableFuture.completedFuture(null);
    }
    // Again once Redis is clean: a lookup running meanwhile may have copied an entry back.
    return redis.invalidate(what).thenRun(() -> invalidateLocally(what));
  }

  private void invalidateLocally(RedisStore.Invalidation what) {
    if (what.kinds().indexOf('s') < 0) {
      return;
    }
    Map<CacheScope, String> scopeTags = new java.util.HashMap<>();
    java.util.function.Predicate<Object> matches =
        k -> {
          PartitionKey p = (PartitionKey) k;
          return what.matches(
              's',
              scopeTags.computeIfAbsent(p.scope(), Tags::scope),
              Tags.template(p.templateId(), p.templateVersion()));
        };
    index.removeIf(matches);
    streamCursors.asMap().keySet().removeIf(matches::test);
  }
}
