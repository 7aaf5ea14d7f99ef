package dev.bedrockkit.benchmarks.peers;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.benchmarks.harness.Workload;
import dev.bedrockkit.cache.ExactCache;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * bedrock-kit's {@code chat} over a chain of models. Thread-safe.
 */
public final class Kit implements ChatSubject {
  private final String name;
  private final BedrockKit kit;
  private final List<String> chain;
  private final Duration deadline;
  private final Consumer<ChatResponse> onAnswer;

  private final CacheScope cacheScope;

  private Kit(String name, BedrockKit kit, List<String> chain, Duration deadline,
      Consumer<ChatResponse> onAnswer, CacheScope cacheScope) {
    this.name = name;
    this.kit = kit;
    this.chain = chain;
    this.deadline = deadline;
    this.onAnswer = onAnswer;
    this.cacheScope = cacheScope;
  }

  /** {@code BedrockKit.chat} with the default call policy over {@code chain}. */
  public static Kit of(String name, BedrockRuntimeClient client, List<String> chain) {
    return of(name, client, chain, CallPolicy.ofDefaults(), null, r -> {});
  }

  /** {@code BedrockKit.chat} with {@code policy}, a per-request deadline (or null) and a hook. */
  public static Kit of(
      String name,
      BedrockRuntimeClient client,
      List<String> chain,
      CallPolicy policy,
      Duration deadline,
      Consumer<ChatResponse> onAnswer) {
    BedrockKit kit =
        BedrockKit.builder()
            .client(client)
            .models(chain.toArray(String[]::new))
            .callPolicy(policy)
            .build();
    return new Kit(name, kit, List.copyOf(chain), deadline, onAnswer, null);
  }

  /**
   * {@code BedrockKit.chat} with an in-process {@code ExactCache} (bedrock-kit-cache's defaults)
   * and a global cache scope: after the first call, every call of the same turn is a cache hit.
   */
  public static Kit exactCacheHit(String name, BedrockRuntimeClient client, String modelId) {
    BedrockKit kit =
        BedrockKit.builder().client(client).models(modelId).responseCache(ExactCache.ofDefaults()).build();
    return new Kit(name, kit, List.of(modelId), null, r -> {}, CacheScope.global());
  }

  /**
   * A policy that falls back at once on every throttle and never opens the circuit: each request
   * pays the 429 of the first model and the call to the second, the worst case of a fallback.
   */
  public static CallPolicy fallbackEveryCall() {
    return CallPolicy.builder()
        .maxAttempts(1)
        .circuitBreaker(CallPolicy.CircuitBreakerSettings.countBased(Integer.MAX_VALUE, Duration.ofSeconds(1)))
        .build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String answeringModel(Workload w) {
    return chain.get(chain.size() - 1).equals(w.modelId()) || chain.size() == 1
        ? w.modelId()
        : chain.get(chain.size() - 1);
  }

  public BedrockKit kit() {
    return kit;
  }

  /** The request this subject sends for {@code w}. */
  public ChatRequest request(Workload w) {
    ChatRequest.Builder b =
        ChatRequest.builder().system(w.system()).user(w.user()).maxTokens(w.maxTokens());
    if (deadline != null) {
      b.deadline(deadline);
    }
    if (cacheScope != null) {
      b.cacheScope(cacheScope);
    }
    return b.build();
  }

  @Override
  public String chat(Workload w) {
    ChatResponse r = kit.chat(request(w));
    onAnswer.accept(r);
    return r.text();
  }

  @Override
  public void close() {
    kit.close();
  }
}
