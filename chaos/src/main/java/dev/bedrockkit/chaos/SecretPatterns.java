package dev.bedrockkit.chaos;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a leaked credential looks like, for the repository, image and log scans: AWS access key
 * IDs, PEM private keys, and assignments of secret-looking names to long literal values. The
 * emulator's documented dummy keys ({@code AKIDEMULATOR}, {@code AKIDTESTONLY}) are allowed by
 * name; they open nothing.
 *
 * <p>Immutable.
 */
public final class SecretPatterns {
  private SecretPatterns() {}

  /** Access key IDs of IAM users (AKIA) and temporary credentials (ASIA), and their kin. */
  public static final Pattern AWS_ACCESS_KEY_ID =
      Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|APKA)[0-9A-Z]{16}\\b");

  /** A PEM private key of any kind. */
  public static final Pattern PRIVATE_KEY =
      Pattern.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----");

  /**
   * {@code aws_secret_access_key = "..."}, {@code secretKey: ...}, {@code password=...} with a
   * literal value of 8 or more characters that is not a placeholder (${...}, <...>, a variable).
   */
  public static final Pattern SECRET_ASSIGNMENT =
      Pattern.compile(
          "(?i)\\b(aws_?secret_?access_?key|secret_?access_?key|secret_?key|aws_?session_?token"
              + "|client_?secret|api_?key|password|passwd|requirepass)\\b[\"']?\\s*[:=]\\s*[\"']?"
              + "([A-Za-z0-9/+=_\\-.]{8,})");

  /** A 40-character AWS secret access key next to the word "secret". */
  public static final Pattern AWS_SECRET_VALUE =
      Pattern.compile("(?i)secret[^\\n]{0,40}?[\"'=:\\s]([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+])");

  public static final List<Pattern> ALL =
      List.of(AWS_ACCESS_KEY_ID, PRIVATE_KEY, SECRET_ASSIGNMENT, AWS_SECRET_VALUE);

  /** Dummy keys the emulator and the build document; they are not credentials. */
  public static final Set<String> ALLOWED_DUMMIES =
      Set.of("AKIDEMULATOR", "AKIDTESTONLY", "emulator-secret-not-real", "test-secret-not-real");

  /** Whether a match is an allowed dummy (or only mentions one). */
  public static boolean isAllowed(String match) {
    for (String d : ALLOWED_DUMMIES) {
      if (match.contains(d)) {
        return true;
      }
    }
    return false;
  }
}
