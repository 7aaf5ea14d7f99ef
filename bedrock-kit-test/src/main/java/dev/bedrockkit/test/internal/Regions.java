package dev.bedrockkit.test.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the caller's region from a SigV4 {@code Authorization} header, whose credential scope is
 * {@code Credential=<key>/<yyyymmdd>/<region>/<service>/aws4_request} (AWS General Reference,
 * "Elements of an AWS API request signature"). Stateless.
 */
public final class Regions {
  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/,\\s]+/\\d{8}/([a-z0-9-]+)/([a-z0-9-]+)/aws4_request");

  private Regions() {}

  /**
   * Returns the region of the signing scope.
   *
   * @param authorization the header value, may be null
   * @param fallback the region to assume for unsigned requests
   * @return the region
   */
  public static String fromAuthorization(String authorization, String fallback) {
    if (authorization == null) {
      return fallback;
    }
    Matcher m = SCOPE.matcher(authorization);
    return m.find() ? m.group(1) : fallback;
  }
}
