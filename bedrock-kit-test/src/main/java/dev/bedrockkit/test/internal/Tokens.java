package dev.bedrockkit.test.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's token arithmetic: one token per four characters, rounded up. Stateless.
 */
public final class Tokens {
  /** Characters per token. */
  public static final int CHARS_PER_TOKEN = 4;

  private Tokens() {}

  /**
   * Counts the tokens of a text.
   *
   * @param text the text, may be null
   * @return {@code ceil(length / 4)}
   */
  public static int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return (text.length() + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /**
   * Cuts a text to at most {@code tokens} tokens.
   *
   * @param text the text
   * @param tokens the limit
   * @return the text, shortened when needed
   */
  public static String truncate(String text, int tokens) {
    long max = (long) tokens * CHARS_PER_TOKEN;
    return text.length() <= max ? text : text.substring(0, (int) max);
  }

  /**
   * Splits a text into stream deltas: each word with the whitespace that follows it.
   *
   * @param text the text
   * @return the pieces, concatenating to the text; empty for an empty text
   */
  public static List<String> deltas(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      out.add(text.substring(start, i));
      start = i;
    }
    return out;
  }

  /**
   * Splits a text into pieces of at most {@code size} characters (for tool-input deltas).
   *
   * @param text the text
   * @param size piece length
   * @return the pieces
   */
  public static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }
}
