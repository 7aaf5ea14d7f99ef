package dev.bedrockkit.cache.internal;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * Internal: the exact-cache key of a request: SHA-256 of the canonical form of everything that
 * changes the answer (scope, chain or model, system prompt, every message block, inference
 * parameters, tools and their schemas, additional model fields, latency optimisation, template id,
 * version and values). Attribution and deadline are left out: they change who pays and how long
 * to wait, not the answer. Scope, template id and version are also kept as they are, for
 * invalidation.
 *
 * <p>Immutable and thread-safe.
 */
public record ExactKey(
    long h0, long h1, long h2, long h3, CacheScope scope, String templateId, String templateVersion) {

  /** Bumped when the canonical form changes, so old and new releases never share a key. */
  static final String KEY_FORMAT = "bedrock-kit exact-key v1";

  /** The key of {@code request}, which must have a cache scope. */
  public static ExactKey of(ChatRequest r) {
    Canonical c = Canonical.forThread().field(KEY_FORMAT);
    c.field("scope").string(r.cacheScope().key());
    c.field("chain").string(r.chain());
    c.field("model").string(r.modelId());
    c.field("system").pojos(r.system());
    c.field("messages").pojos(r.messages());
    c.field("maxTokens").number(r.maxTokens());
    c.field("temperature").number(r.temperature());
    c.field("topP").number(r.topP());
    c.field("stopSequences").strings(r.stopSequences());
    c.field("toolConfig").pojo(r.toolConfig());
    c.field("latencyOptimized").bool(r.latencyOptimized());
    c.field("additionalModelRequestFields").document(r.additionalModelRequestFields());
    c.field("templateId").string(r.templateId());
    c.field("templateVersion").string(r.templateVersion());
    c.field("templateValues").stringMap(r.templateValues());
    return fromDigest(c.digest(), r.cacheScope(), r.templateId(), r.templateVersion());
  }

  static ExactKey fromDigest(byte[] d, CacheScope scope, String templateId, String version) {
    ByteBuffer b = ByteBuffer.wrap(d);
    return new ExactKey(b.getLong(), b.getLong(), b.getLong(), b.getLong(), scope, templateId, version);
  }

  /** The hash as 64 hex digits. */
  public String hex() {
    HexFormat hex = HexFormat.of();
    return hex.toHexDigits(h0) + hex.toHexDigits(h1) + hex.toHexDigits(h2) + hex.toHexDigits(h3);
  }

  @Override
  public int hashCode() {
    return (int) h0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExactKey k
        && k.h0 == h0
        && k.h1 == h1
        && k.h2 == h2
        && k.h3 == h3
        && k.scope.equals(scope);
  }

  @Override
  public String toString() {
    return "ExactKey[" + hex().substring(0, 12) + "]";
  }
}
