package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;

/**
 * Who may see a cached answer. Every cache entry belongs to exactly one scope and a lookup never
 * crosses scopes. There is no default: sharing answers across all callers needs an explicit
 * {@link #global()}.
 *
 * @param kind the kind of scope
 * @param id the tenant or user identifier; {@code "*"} for the global scope. Used only inside
 *     cache keys, never as a metric tag or in logs.
 */
public record CacheScope(Kind kind, String id) {

  /** The kind of scope. */
  public enum Kind {
    /** Shared by every caller of the application. */
    GLOBAL,
    /** Shared by the users of one tenant. */
    TENANT,
    /** Private to one user. */
    USER
  }

  private static final CacheScope GLOBAL = new CacheScope(Kind.GLOBAL, "*");

  public CacheScope {
    Checks.notNull(kind, "kind");
    Checks.notBlank(id, "id");
    if (kind == Kind.GLOBAL && !"*".equals(id)) {
      throw new IllegalArgumentException("the global scope has no id; use CacheScope.global()");
    }
  }

  /** Answers shared by every caller. */
  public static CacheScope global() {
    return GLOBAL;
  }

  /** Answers shared within one tenant. */
  public static CacheScope tenant(String tenantId) {
    return new CacheScope(Kind.TENANT, tenantId);
  }

  /** Answers private to one user. */
  public static CacheScope user(String userId) {
    return new CacheScope(Kind.USER, userId);
  }

  /** A compact form for cache keys, e.g. {@code tenant:acme}. */
  public String key() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }

  @Override
  public String toString() {
    // ids are tenant or user identifiers: keep them out of toString-based logs.
    return "CacheScope[" + kind + "]";
  }
}
