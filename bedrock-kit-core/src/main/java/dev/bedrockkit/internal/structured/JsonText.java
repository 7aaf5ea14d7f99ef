package dev.bedrockkit.internal.structured;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the JSON in a model's text answer: the first {@code ```json} fence (or the first plain
 * {@code ```} fence), else the span from the first {@code {} or {@code [} to the last matching
 * closer.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class JsonText {
  private static final Pattern FENCE =
      Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\r?\\n(.*?)```", Pattern.DOTALL);

  private JsonText() {}

  /** The JSON candidate in {@code text}, or {@code null} when there is nothing JSON-like. */
  static String extract(String text) {
    Matcher fence = FENCE.matcher(text);
    String plain = null;
    while (fence.find()) {
      String language = fence.group(1);
      if (language.equalsIgnoreCase("json")) {
        return fence.group(2).strip();
      }
      if (language.isEmpty() && plain == null) {
        plain = fence.group(2).strip();
      }
    }
    if (plain != null) {
      return plain;
    }
    int object = text.indexOf('{');
    int array = text.indexOf('[');
    int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
    if (start < 0) {
      return null;
    }
    int end = text.lastIndexOf(text.charAt(start) == '{' ? '}' : ']');
    return end < start ? text.substring(start).strip() : text.substring(start, end + 1);
  }
}
