package dev.bedrockkit.test.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Emulates Bedrock prompt caching: the prompt prefix up to each {@code cachePoint} is a cache
 * entry per model and region; the first request writes it, later requests with the same prefix
 * read it (Bedrock User Guide, "Prompt caching": usage reports {@code cacheWriteInputTokens} and
 * {@code cacheReadInputTokens}). No minimum prefix size and no expiry: entries live until reset.
 * Thread-safe.
 */
public final class PromptCache {
  private final Set<String> entries = ConcurrentHashMap.newKeySet();

  /** Forgets every entry. */
  public void reset() {
    entries.clear();
  }

  /**
   * Looks up and records the prefixes of one prompt.
   *
   * @param scope model and region
   * @param parts the prompt's canonical parts in cache order (tools, system, messages)
   * @param tokens the token count of each part
   * @param cachePoints the part counts after which a cache point stands, ascending
   * @return tokens read from and written to the cache
   */
  public Usage apply(String scope, List<String> parts, List<Integer> tokens, List<Integer> cachePoints) {
    if (cachePoints.isEmpty()) {
      return new Usage(0, 0);
    }
    int read = 0;
    int[] prefixTokens = new int[parts.size() + 1];
    for (int i = 0; i < parts.size(); i++) {
      prefixTokens[i + 1] = prefixTokens[i] + tokens.get(i);
    }
    String[] keys = new String[cachePoints.size()];
    for (int i = 0; i < cachePoints.size(); i++) {
      keys[i] = scope + "|" + hash(parts.subList(0, cachePoints.get(i)));
      if (entries.contains(keys[i])) {
        read = prefixTokens[cachePoints.get(i)];
      }
    }
    int last = prefixTokens[cachePoints.get(cachePoints.size() - 1)];
    for (String key : keys) {
      entries.add(key);
    }
    return new Usage(read, Math.max(0, last - read));
  }

  private static String hash(List<String> parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        md.update(part.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Cache usage of one request.
   *
   * @param read tokens read from the cache
   * @param write tokens written to the cache
   */
  public record Usage(int read, int write) {}
}
