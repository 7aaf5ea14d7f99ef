package dev.bedrockkit.sample.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.regex.Pattern;

/**
 * Who a request comes from, for rate limiting. Behind {@code trustedProxies} proxies that each
 * append the address they saw to {@code X-Forwarded-For} (an ALB is one), the client is the entry
 * that many hops from the right: entries further left were written by the client and can be
 * anything. Without trusted proxies, or when the header is missing or malformed, the connection's
 * remote address. Keys are bounded: an entry that is not an IP address is not used.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientKeys {
  static final String HEADER = "X-Forwarded-For";
  private static final Pattern ADDRESS = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

  private final int trustedProxies;

  public ClientKeys(int trustedProxies) {
    if (trustedProxies < 0) {
      throw new IllegalArgumentException("trustedProxies must be >= 0");
    }
    this.trustedProxies = trustedProxies;
  }

  /** The client key of a request. */
  public String of(HttpServletRequest request) {
    return of(request.getHeader(HEADER), request.getRemoteAddr());
  }

  /** The client key from an {@code X-Forwarded-For} value (or null) and the remote address. */
  String of(String forwardedFor, String remoteAddress) {
    if (trustedProxies == 0 || forwardedFor == null || forwardedFor.isBlank()) {
      return remoteAddress;
    }
    String[] hops = forwardedFor.split(",");
    int index = hops.length - trustedProxies;
    String candidate = hops[Math.max(0, index)].trim();
    return ADDRESS.matcher(candidate).matches() ? candidate : remoteAddress;
  }
}
