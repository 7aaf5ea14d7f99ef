package dev.bedrockkit;

import dev.bedrockkit.internal.config.AwsRegions;
import dev.bedrockkit.internal.config.ModelIds;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A pinned Bedrock model identifier, exactly as it is passed to Converse as {@code modelId}: a
 * versioned foundation-model ID ({@code anthropic.claude-3-haiku-20240307-v1:0}), a cross-Region
 * inference profile ID ({@code us.anthropic.claude-3-5-sonnet-20241022-v2:0}), or the ARN of a
 * foundation model, inference profile, application inference profile or provisioned model.
 * Aliases and unversioned IDs ({@code anthropic.claude-3-haiku}, {@code claude-3-haiku}) are
 * rejected by {@link #parse} with a message that names a pinned alternative.
 *
 * <p>The rules: a foundation-model ID ends in a version, {@code -v<N>} optionally followed by
 * {@code :<N>} and a provisioned-throughput variant ({@code :200k}, {@code :512}, {@code :mm}); a
 * short table of real IDs without such a suffix (e.g. {@code anthropic.claude-sonnet-4-6}) is
 * accepted as well. A cross-Region profile ID is a {@link CrossRegionGeography} prefix on a pinned
 * foundation-model ID. ARNs must name service {@code bedrock}, a Region of the ARN's partition
 * ({@code aws}, {@code aws-cn}, {@code aws-us-gov}), a 12-digit account (none for foundation
 * models) and a pinned model; application inference profiles and provisioned models are pinned by
 * construction, so a model newer than the table can always be used through an application
 * inference profile.
 *
 * <p>Immutable; safe to share between threads. Equal when the identifiers are equal.
 */
public final class ModelRef {
  private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

  /** What a {@link ModelRef} names. */
  public enum Kind {
    /** A foundation model, by ID or ARN. */
    FOUNDATION_MODEL,
    /** A cross-Region (system-defined) inference profile, by ID or ARN. */
    INFERENCE_PROFILE,
    /**
     * An application inference profile ARN, created by you to carry cost allocation tags; the
     * model behind it is not visible in the ARN.
     */
    APPLICATION_INFERENCE_PROFILE,
    /** A provisioned-throughput model ARN. */
    PROVISIONED_MODEL
  }

  private final String id;
  private final Kind kind;
  private final String provider;
  private final String baseModelId;
  private final CrossRegionGeography geography;
  private final String region;
  private final String accountId;

  private ModelRef(String id, ModelIds.Parsed parsed) {
    this.id = id;
    this.kind = parsed.kind();
    this.provider = parsed.provider();
    this.baseModelId = parsed.baseModelId();
    this.geography = parsed.geography();
    this.region = parsed.region();
    this.accountId = parsed.accountId();
  }

  /**
   * Parses a pinned model identifier.
   *
   * @throws ConfigurationException with path {@code modelId} when {@code id} is not pinned
   */
  public static ModelRef parse(String id) {
    return requirePinned(id, "modelId");
  }

  /**
   * Parses a pinned model identifier read from the setting {@code path}.
   *
   * @param path the setting named in the exception, e.g. {@code chains.default[1].modelId}
   * @throws ConfigurationException naming {@code path} when {@code id} is not pinned
   */
  public static ModelRef requirePinned(String id, String path) {
    Objects.requireNonNull(path, "path cannot be null");
    return new ModelRef(id, ModelIds.parse(id, path));
  }

  /** Whether {@code id} would be accepted by {@link #parse}. */
  public static boolean isPinned(String id) {
    try {
      parse(id);
      return true;
    } catch (ConfigurationException e) {
      return false;
    }
  }

  /** The identifier as given: what to send as Converse's {@code modelId}. */
  public String id() {
    return id;
  }

  public Kind kind() {
    return kind;
  }

  /** Whether the identifier is an ARN. */
  public boolean isArn() {
    return id.startsWith("arn:");
  }

  /**
   * The model provider, e.g. {@code anthropic}, {@code amazon}, {@code meta}; empty for
   * application inference profiles and provisioned models, whose ARN does not name the model.
   */
  public Optional<String> provider() {
    return Optional.ofNullable(provider);
  }

  /**
   * The foundation-model ID behind this identifier, without geography prefix or ARN, e.g. {@code
   * anthropic.claude-3-5-sonnet-20241022-v2:0} for {@code us.anthropic.claude-3-5-sonnet-20241022-v2:0};
   * empty for application inference profiles and provisioned models.
   */
  public Optional<String> baseModelId() {
    return Optional.ofNullable(baseModelId);
  }

  /** The geography of a cross-Region inference profile; empty for anything else. */
  public Optional<CrossRegionGeography> geography() {
    return Optional.ofNullable(geography);
  }

  /** The Region of an ARN; empty for plain IDs, which are called in the client's Region. */
  public Optional<String> arnRegion() {
    return Optional.ofNullable(region);
  }

  /** The account of an ARN; empty for plain IDs and foundation-model ARNs. */
  public Optional<String> arnAccountId() {
    return Optional.ofNullable(accountId);
  }

  /**
   * The exact resource ARNs an IAM policy must allow for {@code bedrock:InvokeModel} and {@code
   * bedrock:InvokeModelWithResponseStream} (Converse and ConverseStream are authorized by them) so
   * that this model can be called from {@code sourceRegions}; cross-Region profiles use their
   * geography's {@linkplain CrossRegionGeography#defaultDestinationRegions() documented
   * destination Regions}.
   *
   * @param accountId the 12-digit account that calls Bedrock
   * @param sourceRegions the Regions the client calls Bedrock in (ignored for ARNs, which name
   *     their Region)
   * @throws IllegalArgumentException for a malformed account or Region, no source Region, or a
   *     {@link CrossRegionGeography#CA} profile (it has no documented destinations: pass them)
   * @see #invokeResourceArns(String, List, List)
   */
  public List<String> invokeResourceArns(String accountId, List<String> sourceRegions) {
    if (geography == CrossRegionGeography.CA) {
      throw new IllegalArgumentException(
          "no documented destination Regions for 'ca.' inference profiles: run aws bedrock"
              + " get-inference-profile --inference-profile-identifier "
              + id
              + " and pass its Regions to invokeResourceArns(accountId, sourceRegions,"
              + " destinationRegions)");
    }
    List<String> destinations =
        geography == null ? List.of() : geography.defaultDestinationRegions();
    return invokeResourceArns(accountId, sourceRegions, destinations);
  }

  /**
   * The exact resource ARNs an IAM policy must allow for {@code bedrock:InvokeModel} and {@code
   * bedrock:InvokeModelWithResponseStream} so this model can be called from {@code sourceRegions}:
   *
   * <ul>
   *   <li>foundation-model ID: its foundation-model ARN in each source Region;
   *   <li>cross-Region profile ID: per source Region the profile ARN and the foundation-model ARN,
   *       then the foundation-model ARN in each destination Region; a {@code global.} profile adds
   *       the Region-less {@code arn:aws:bedrock:::foundation-model/<model>} (Bedrock user guide,
   *       "Geographic cross-Region inference" and "Global cross-Region inference", IAM policy
   *       requirements);
   *   <li>foundation-model ARN: itself; inference-profile ARN: itself, the foundation-model ARN in
   *       its Region and the destination ARNs as above;
   *   <li>application inference profile and provisioned model ARNs: themselves. Bedrock also
   *       checks the foundation models an application inference profile routes to: add the
   *       resources of its model source, e.g. {@code ModelRef.parse(source).invokeResourceArns(...)}.
   * </ul>
   *
   * <p>The list has no duplicates and keeps the order above. Scope the foundation-model
   * statements with the {@code bedrock:InferenceProfileArn} condition where only profile calls
   * should reach them.
   *
   * @param accountId the 12-digit account that calls Bedrock
   * @param sourceRegions the Regions the client calls Bedrock in (ignored for ARNs)
   * @param destinationRegions the Regions a cross-Region profile routes to (ignored otherwise)
   * @throws IllegalArgumentException for a malformed account or Region, or no source Region
   */
  public List<String> invokeResourceArns(
      String accountId, List<String> sourceRegions, List<String> destinationRegions) {
    Objects.requireNonNull(sourceRegions, "sourceRegions cannot be null");
    Objects.requireNonNull(destinationRegions, "destinationRegions cannot be null");
    if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
      throw new IllegalArgumentException("accountId must be 12 digits, found '" + accountId + "'");
    }
    for (String r : sourceRegions) {
      requireRegion(r, "sourceRegions");
    }
    for (String r : destinationRegions) {
      requireRegion(r, "destinationRegions");
    }
    Set<String> arns = new LinkedHashSet<>();
    if (isArn()) {
      arns.add(id);
      if (kind == Kind.INFERENCE_PROFILE) {
        arns.add(foundationModelArn(region));
        addDestinations(arns, region, destinationRegions);
      }
      return List.copyOf(arns);
    }
    if (sourceRegions.isEmpty()) {
      throw new IllegalArgumentException(
          "sourceRegions must name at least one Region: the Regions the client calls Bedrock in");
    }
    for (String source : sourceRegions) {
      if (kind == Kind.INFERENCE_PROFILE) {
        arns.add(
            "arn:"
                + AwsRegions.partition(source)
                + ":bedrock:"
                + source
                + ":"
                + accountId
                + ":inference-profile/"
                + id);
      }
      arns.add(foundationModelArn(source));
    }
    if (kind == Kind.INFERENCE_PROFILE) {
      addDestinations(arns, sourceRegions.get(0), destinationRegions);
    }
    return List.copyOf(arns);
  }

  private void addDestinations(Set<String> arns, String anyRegion, List<String> destinations) {
    for (String destination : destinations) {
      arns.add(foundationModelArn(destination));
    }
    if (geography == CrossRegionGeography.GLOBAL) {
      arns.add("arn:" + AwsRegions.partition(anyRegion) + ":bedrock:::foundation-model/" + baseModelId);
    }
  }

  private String foundationModelArn(String inRegion) {
    return "arn:"
        + AwsRegions.partition(inRegion)
        + ":bedrock:"
        + inRegion
        + "::foundation-model/"
        + baseModelId;
  }

  private static void requireRegion(String region, String name) {
    if (!AwsRegions.isValid(region)) {
      throw new IllegalArgumentException(name + ": " + AwsRegions.invalidMessage(region));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelRef && ((ModelRef) o).id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  /** The identifier, as given. */
  @Override
  public String toString() {
    return id;
  }
}
