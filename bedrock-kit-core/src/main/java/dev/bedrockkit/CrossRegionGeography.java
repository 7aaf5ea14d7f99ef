package dev.bedrockkit;

import java.util.List;
import java.util.Optional;

/**
 * The geography prefix of a cross-Region (system-defined) inference profile ID, such as {@code us.}
 * in {@code us.anthropic.claude-3-5-sonnet-20241022-v2:0}, and the Regions such a profile may route
 * a request to.
 *
 * <p>Bedrock defines the destination Regions per profile, and they differ between models; the
 * {@linkplain #defaultDestinationRegions() defaults here} are the union documented for each
 * geography (AWS CDK {@code aws-bedrock-alpha} {@code CrossRegionInferenceProfileRegion}, Bedrock
 * user guide "Supported Regions and models for inference profiles"), so an IAM policy built from
 * them allows every Region the profile can pick. For the exact list of one profile run {@code aws
 * bedrock get-inference-profile --inference-profile-identifier <id>} and pass its Regions to
 * {@link ModelRef#invokeResourceArns(String, java.util.List, java.util.List)}.
 *
 * <p>Immutable; safe to share between threads.
 */
public enum CrossRegionGeography {
  /** United States: {@code us.}. */
  US("us", List.of("us-east-1", "us-east-2", "us-west-1", "us-west-2")),
  /** AWS GovCloud (US): {@code us-gov.}. */
  US_GOV("us-gov", List.of("us-gov-east-1", "us-gov-west-1")),
  /** Europe: {@code eu.}. */
  EU(
      "eu",
      List.of(
          "eu-central-1",
          "eu-central-2",
          "eu-north-1",
          "eu-south-1",
          "eu-south-2",
          "eu-west-1",
          "eu-west-2",
          "eu-west-3")),
  /** Asia Pacific: {@code apac.}; note that it includes Middle East (UAE), {@code me-central-1}. */
  APAC(
      "apac",
      List.of(
          "ap-east-2",
          "ap-northeast-1",
          "ap-northeast-2",
          "ap-northeast-3",
          "ap-south-1",
          "ap-south-2",
          "ap-southeast-1",
          "ap-southeast-2",
          "ap-southeast-3",
          "ap-southeast-4",
          "ap-southeast-5",
          "ap-southeast-7",
          "me-central-1")),
  /** Japan: {@code jp.}. */
  JP("jp", List.of("ap-northeast-1", "ap-northeast-3")),
  /** Australia: {@code au.}. */
  AU("au", List.of("ap-southeast-2", "ap-southeast-4")),
  /**
   * Canada: {@code ca.}. Its destination Regions are not documented in a source we could cite, so
   * there is no default: pass them explicitly when deriving IAM resources.
   */
  CA("ca", List.of()),
  /**
   * Global: {@code global.}, routed to any commercial Region. IAM grants it through the Region-less
   * foundation-model ARN {@code arn:aws:bedrock:::foundation-model/<model>} rather than a list.
   */
  GLOBAL("global", List.of());

  private final String prefix;
  private final List<String> defaultDestinationRegions;

  CrossRegionGeography(String prefix, List<String> defaultDestinationRegions) {
    this.prefix = prefix;
    this.defaultDestinationRegions = defaultDestinationRegions;
  }

  /** The ID prefix without its dot, e.g. {@code us-gov}. */
  public String prefix() {
    return prefix;
  }

  /**
   * The Regions a profile of this geography may route to, as documented for the geography; empty
   * for {@link #GLOBAL} (see its description) and {@link #CA} (no documented list).
   */
  public List<String> defaultDestinationRegions() {
    return defaultDestinationRegions;
  }

  /** The geography whose prefix is {@code prefix} (without the dot), if there is one. */
  public static Optional<CrossRegionGeography> ofPrefix(String prefix) {
    for (CrossRegionGeography geography : values()) {
      if (geography.prefix.equals(prefix)) {
        return Optional.of(geography);
      }
    }
    return Optional.empty();
  }
}
