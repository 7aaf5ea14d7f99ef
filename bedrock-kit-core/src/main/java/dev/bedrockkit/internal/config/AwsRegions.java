package dev.bedrockkit.internal.config;

import java.util.regex.Pattern;

/**
 * Syntax of AWS Region codes and the partition each belongs to.
 *
 * <p>The patterns follow the partition region regexes the AWS SDKs ship in their endpoint metadata
 * ({@code partitions.json}): commercial {@code aws} ({@code us|eu|ap|sa|ca|me|af|il|mx}), {@code
 * aws-cn} ({@code cn-}), {@code aws-us-gov} ({@code us-gov-}) and {@code aws-eusc} ({@code
 * eusc-de-}). A code that matches is well formed; whether Bedrock runs there is for Bedrock to say.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class AwsRegions {
  private static final Pattern COMMERCIAL =
      Pattern.compile("(?:us|eu|ap|sa|ca|me|af|il|mx)-[a-z]+-\\d{1,2}");
  private static final Pattern CHINA = Pattern.compile("cn-[a-z]+-\\d{1,2}");
  private static final Pattern GOV_CLOUD = Pattern.compile("us-gov-[a-z]+-\\d{1,2}");
  private static final Pattern EUROPEAN_SOVEREIGN = Pattern.compile("eusc-de-[a-z]+-\\d{1,2}");

  private AwsRegions() {}

  /** Whether {@code region} is a well-formed Region code such as {@code us-east-1}. */
  public static boolean isValid(String region) {
    return region != null && partitionOrNull(region) != null;
  }

  /** The partition of a valid Region code: {@code aws}, {@code aws-cn}, {@code aws-us-gov}, ... */
  public static String partition(String region) {
    String partition = partitionOrNull(region);
    if (partition == null) {
      throw new IllegalArgumentException("'" + region + "' is not an AWS Region code");
    }
    return partition;
  }

  private static String partitionOrNull(String region) {
    if (GOV_CLOUD.matcher(region).matches()) {
      return "aws-us-gov";
    }
    if (COMMERCIAL.matcher(region).matches()) {
      return "aws";
    }
    if (CHINA.matcher(region).matches()) {
      return "aws-cn";
    }
    if (EUROPEAN_SOVEREIGN.matcher(region).matches()) {
      return "aws-eusc";
    }
    return null;
  }

  /** The message used wherever a Region code is rejected. */
  public static String invalidMessage(String region) {
    return "'"
        + region
        + "' is not an AWS Region code: expected a code such as 'us-east-1', 'eu-west-1' or"
        + " 'us-gov-west-1'";
  }
}
