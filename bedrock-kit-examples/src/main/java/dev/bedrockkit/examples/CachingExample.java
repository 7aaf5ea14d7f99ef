package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.LocalEmbedder;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.TieredCache;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;

/** Exact and semantic cache hits, tenant isolation, and a near-miss the guards refuse. */
public final class CachingExample {
  public static void main(String[] args) {
    String model = "anthropic.claude-3-haiku-20240307-v1:0";
    TieredCache cache = TieredCache.of(
        ExactCache.ofDefaults(),
        SemanticCache.builder().embedder(LocalEmbedder.create()).untemplated().build());
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build();
        BedrockKit kit = BedrockKit.builder().client(client).models(model).responseCache(cache).build()) {
      ask(kit, "acme", "How do I reset my password?");
      ask(kit, "acme", "How do I reset my password?"); // exact hit
      ask(kit, "globex", "How do I reset my password?"); // another tenant: never shared
      ask(kit, "acme", "How can I reset my password?"); // paraphrase: semantic hit
      ask(kit, "acme", "What is 2+2?");
      ask(kit, "acme", "What is 2+3?"); // close in meaning, different answer: refused
      System.out.println("model calls: " + emulator.journal().count(model) + " for 6 questions");
    }
  }

  private static void ask(BedrockKit kit, String tenant, String question) {
    ChatResponse r = kit.chat(
        ChatRequest.builder().user(question).cacheScope(CacheScope.tenant(tenant)).build());
    System.out.printf("%-7s %-30s -> %s%n", tenant, question, r.fromCache() ? "cache hit" : "model call");
  }

  private CachingExample() {}
}
