package dev.bedrockkit.cache;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.internal.CacheMetrics.Tier;
import dev.bedrockkit.cache.internal.ExactKey;
import dev.bedrockkit.cache.internal.SemanticTier;
import dev.bedrockkit.cache.internal.SingleFlight;
import dev.bedrockkit.cache.internal.SingleFlight.Shared;
import dev.bedrockkit.internal.Checks;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exact cache first, then the semantic cache when the request is eligible, then the model;
 * the answer is stored in both. Concurrent identical misses share one pass through Redis, the
 * embedder and the model (single-flight over both caches).
 *
 * <pre>{@code
 * ResponseCache cache = TieredCache.of(
 *     ExactCache.builder().redis(redis).build(),
 *     SemanticCache.builder().embedder(LocalEmbedder.create()).template("faq", "question")
 *         .redis(redis).build());
 * }</pre>
 *
 * <p>{@link #lastKnown} comes from the exact cache only: a degraded answer is never a guess.
 * Thread-safe.
 */
public final class TieredCache implements ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

  private final ExactCache exact;
  private final SemanticCache semantic;
  private final SingleFlight<ExactKey> flight = new SingleFlight<>();

  private TieredCache(ExactCache exact, SemanticCache semantic) {
    this.exact = Checks.notNull(exact, "exact");
    this.semantic = Checks.notNull(semantic, "semantic");
  }

  /** Exact first, then semantic. */
  public static TieredCache of(ExactCache exact, SemanticCache semantic) {
    return new TieredCache(exact, semantic);
  }

  @Override
  public CompletableFuture<ChatResponse> get(
      ChatRequest request, Function<ChatRequest, CompletableFuture<ChatResponse>> loader) {
    Checks.notNull(request, "request");
    Checks.notNull(loader, "loader");
    if (!exact.policy().cacheable(request)) {
      return loader.apply(request);
    }
    long start = System.nanoTime();
    ExactKey key;
    SemanticTier.Query q;
    try {
      key = ExactKey.of(request);
      ChatResponse hit = exact.tier().lookupLocal(key);
      if (hit != null) {
        return CompletableFuture.completedFuture(hit.asCached(ExactCache.since(start)));
      }
      q = semantic.tier().query(request);
    } catch (RuntimeException e) {
      log.debug("Tiered response cache failed; calling the model", e);
      return loader.apply(request);
    }
    return flight.run(
        key,
        () -> {
          ChatResponse remote = lookupRedis(key);
          if (remote != null) {
            return CompletableFuture.completedFuture(
                new Shared(remote, remote.asCached(ExactCache.since(start))));
          }
          if (q != null) {
            SemanticTier.Hit hit = semantic.lookupQuietly(q);
            if (hit != null) {
              return CompletableFuture.completedFuture(
                  new Shared(hit.original(), hit.original().asCached(ExactCache.since(start))));
            }
          }
          return loader.apply(request).thenApply(answer -> {
            storeBoth(request, key, q, answer);
            return new Shared(answer, answer);
          });
        },
        shared -> {
          ChatResponse original = shared.original();
          if (original.degraded()) {
            return original;
          }
          exact.tier().metrics().hit(Tier.IN_FLIGHT, original);
          return original.asCached(ExactCache.since(start));
        });
  }

  private ChatResponse lookupRedis(ExactKey key) {
    try {
      return exact.tier().lookupRedis(key);
    } catch (RuntimeException e) {
      log.debug("Exact response cache failed reading Redis", e);
      return null;
    }
  }

  private void storeBoth(ChatRequest request, ExactKey key, SemanticTier.Query q, ChatResponse r) {
    if (exact.policy().cacheable(r)) {
      try {
        exact.tier().store(key, r);
      } catch (RuntimeException e) {
        log.debug("Exact response cache failed storing", e);
      }
    }
    if (q != null) {
      semantic.storeQuietly(q, r);
    }
  }

  @Override
  public Optional<ChatResponse> lookup(ChatRequest request) {
    Optional<ChatResponse> hit = exact.lookup(request);
    return hit.isPresent() ? hit : semantic.lookup(request);
  }

  @Override
  public void store(ChatRequest request, ChatResponse response) {
    exact.store(request, response);
    semantic.store(request, response);
  }

  @Override
  public Optional<ChatResponse> lastKnown(ChatRequest request) {
    return exact.lastKnown(request);
  }

  /** Drops every answer of {@code scope} from both caches. */
  public CompletableFuture<Void> invalidate(CacheScope scope) {
    return CompletableFuture.allOf(exact.invalidate(scope), semantic.invalidate(scope));
  }

  /** Drops every answer of one version of a template from both caches. */
  public CompletableFuture<Void> invalidateTemplate(String templateId, String templateVersion) {
    return CompletableFuture.allOf(
        exact.invalidateTemplate(templateId, templateVersion),
        semantic.invalidateTemplate(templateId, templateVersion));
  }

  /** Drops every answer of every version of a template from both caches. */
  public CompletableFuture<Void> invalidateTemplate(String templateId) {
    return CompletableFuture.allOf(
        exact.invalidateTemplate(templateId), semantic.invalidateTemplate(templateId));
  }

  public ExactCache exact() {
    return exact;
  }

  public SemanticCache semantic() {
    return semantic;
  }
}
