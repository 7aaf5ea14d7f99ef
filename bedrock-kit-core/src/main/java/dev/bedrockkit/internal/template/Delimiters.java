package dev.bedrockkit.internal.template;

/**
 * Keeps a value inside its {@code <name>...</name>} block: replaces the {@code <} of every
 * closing-tag look-alike ({@code </x}, {@code < / x}) and of every opening tag named like one of
 * the template's own blocks (case-insensitive) with {@code &lt;}. Other text, including {@code a <
 * b}, is untouched.
 *
 * <p>Immutable; safe to share between threads.
 */
final class Delimiters {
  private final String[] names;

  /** {@code names}: the block names of one template. */
  Delimiters(String[] names) {
    this.names = names.clone();
  }

  void appendEscaped(StringBuilder out, String value) {
    int lt = value.indexOf('<');
    if (lt < 0) {
      out.append(value);
      return;
    }
    int from = 0;
    while (lt >= 0) {
      if (isTagLike(value, lt)) {
        out.append(value, from, lt).append("&lt;");
        from = lt + 1;
      }
      lt = value.indexOf('<', lt + 1);
    }
    out.append(value, from, value.length());
  }

  private boolean isTagLike(String value, int lt) {
    int i = lt + 1;
    while (i < value.length() && Character.isWhitespace(value.charAt(i))) {
      i++;
    }
    if (i == value.length()) {
      return false;
    }
    if (value.charAt(i) == '/') {
      return true;
    }
    for (String name : names) {
      if (value.regionMatches(true, i, name, 0, name.length())) {
        int after = i + name.length();
        if (after == value.length() || !isNameChar(value.charAt(after))) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == ':';
  }
}
