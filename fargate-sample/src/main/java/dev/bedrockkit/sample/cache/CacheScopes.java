package dev.bedrockkit.sample.cache;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.sample.SampleProperties;
import dev.bedrockkit.sample.web.ClientKeys;
import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The cache scope of a request, as {@code sample.cache.scope} says: the client (its rate-limit
 * key), the tenant named by a header set by trusted infrastructure (none: not cached), global, or
 * none. {@code null} means the request is not cached. The cache is the one bedrock-kit-spring
 * configures from {@code bedrock-kit.cache.*}. Stateless and thread-safe.
 */
@Component
public class CacheScopes {
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  private final SampleProperties.Cache settings;
  private final ClientKeys clients;

  public CacheScopes(SampleProperties properties, ClientKeys clients) {
    this.settings = properties.cache();
    this.clients = clients;
  }

  /** The scope of a request, or {@code null} for no caching. */
  public CacheScope of(HttpServletRequest request) {
    return switch (settings.scope()) {
      case CLIENT -> CacheScope.user(clients.of(request));
      case TENANT -> {
        String tenant = request.getHeader(settings.tenantHeader());
        yield tenant != null && TENANT.matcher(tenant).matches() ? CacheScope.tenant(tenant) : null;
      }
      case GLOBAL -> CacheScope.global();
      case NONE -> null;
    };
  }
}
