package dev.bedrockkit.sample.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.sample.SampleProperties;
import dev.bedrockkit.sample.web.ClientKeys;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Who shares a cached answer, per {@code sample.cache.scope}. */
class CacheScopesTest {

  private static CacheScopes scopes(SampleProperties.CacheScopeKind kind) {
    SampleProperties properties =
        new SampleProperties(
            new SampleProperties.Chat(8000, 20, 4096, "chat"),
            new SampleProperties.Stream(
                Duration.ofSeconds(15), Duration.ofMinutes(10), Duration.ofSeconds(5), 16),
            new SampleProperties.RateLimit(true, 60, 20, 100_000, 1),
            new SampleProperties.RetryAfter(Duration.ofSeconds(10), Duration.ofSeconds(60)),
            new SampleProperties.Cache(kind, "X-Tenant-Id"),
            new SampleProperties.Metrics(
                new SampleProperties.Emf(false, "BedrockKit/Sample", Duration.ofSeconds(60), List.of())));
    return new CacheScopes(properties, new ClientKeys(1));
  }

  private static MockHttpServletRequest request(String forwardedFor, String tenant) {
    MockHttpServletRequest r = new MockHttpServletRequest("POST", "/v1/chat");
    r.setRemoteAddr("10.0.1.5");
    if (forwardedFor != null) {
      r.addHeader("X-Forwarded-For", forwardedFor);
    }
    if (tenant != null) {
      r.addHeader("X-Tenant-Id", tenant);
    }
    return r;
  }

  @Test
  void perClientTheScopeIsTheClientsAddress() {
    CacheScope scope = scopes(SampleProperties.CacheScopeKind.CLIENT).of(request("203.0.113.9", "acme"));

    assertThat(scope).isEqualTo(CacheScope.user("203.0.113.9"));
  }

  @Test
  void perTenantTheScopeIsTheHeadersTenant() {
    CacheScopes tenant = scopes(SampleProperties.CacheScopeKind.TENANT);

    assertThat(tenant.of(request("203.0.113.9", "acme"))).isEqualTo(CacheScope.tenant("acme"));
    assertThat(tenant.of(request("203.0.113.9", null))).as("no tenant: not cached").isNull();
    assertThat(tenant.of(request("203.0.113.9", "bad tenant/../x"))).isNull();
  }

  @Test
  void globalAndNone() {
    assertThat(scopes(SampleProperties.CacheScopeKind.GLOBAL).of(request(null, null)))
        .isEqualTo(CacheScope.global());
    assertThat(scopes(SampleProperties.CacheScopeKind.NONE).of(request(null, null))).isNull();
  }
}
