package dev.bedrockkit.cache.internal;

import dev.bedrockkit.CacheScope;
import java.util.HexFormat;

/**
 * Internal: short hex tags of a scope and a template, used in Redis key names so that a whole scope
 * or template can be found with {@code SCAN MATCH} and removed. Tenant and user ids never appear
 * in key names, only their hash.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class Tags {
  /** Template tag of requests that do not come from a template. */
  public static final String NO_TEMPLATE = "-";

  private Tags() {}

  /** 16 hex digits of SHA-256 of the scope's key. */
  public static String scope(CacheScope scope) {
    return HexFormat.of().formatHex(Canonical.sha256("scope\u0000" + scope.key()), 0, 8);
  }

  /** 12 hex digits identifying a template id. */
  public static String templateId(String templateId) {
    return HexFormat.of().formatHex(Canonical.sha256("template\u0000" + templateId), 0, 6);
  }

  /** 8 hex digits identifying a template version. */
  public static String templateVersion(String version) {
    return HexFormat.of().formatHex(Canonical.sha256("version\u0000" + version), 0, 4);
  }

  /** {@code <id tag>.<version tag>}, or {@value #NO_TEMPLATE}. */
  public static String template(String templateId, String version) {
    if (templateId == null) {
      return NO_TEMPLATE;
    }
    return templateId(templateId) + "." + templateVersion(version == null ? "" : version);
  }

  /** Escapes glob characters of a key prefix for {@code SCAN MATCH}. */
  public static String globEscape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
