package dev.bedrockkit.internal.config;

import dev.bedrockkit.CrossRegionGeography;
import dev.bedrockkit.ModelRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules that decide whether a Bedrock model identifier is pinned, and the parsing behind
 * {@link ModelRef}.
 *
 * <p>A foundation-model ID is {@code <provider>.<model>}. It is pinned when the model part ends in
 * a version, the form every versioned ID in the Bedrock "Supported foundation models" table has:
 * {@code -v<N>}, optionally followed by {@code :<N>} and then by a provisioned-throughput variant
 * {@code :<N>k}, {@code :<N>} or {@code :mm}. Examples: {@code amazon.titan-text-express-v1} and
 * {@code anthropic.claude-v2} (legacy IDs without {@code :N}), {@code anthropic.claude-v2:1},
 * {@code anthropic.claude-3-haiku-20240307-v1:0}, {@code anthropic.claude-3-haiku-20240307-v1:0:200k},
 * {@code amazon.titan-embed-text-v1:2:8k}, {@code cohere.embed-english-v3:0:512}. Some real IDs
 * carry no such suffix (Anthropic's Claude Sonnet 4.6 is {@code anthropic.claude-sonnet-4-6};
 * OpenAI's open-weight models are {@code openai.gpt-oss-120b-1:0}); they are accepted from {@link
 * #KNOWN_UNSUFFIXED}, each with its source. Anything else without a version, such as {@code
 * anthropic.claude-3-haiku} or {@code claude-3-haiku}, is not a Bedrock ID at all and is rejected
 * before the first call fails with "The provided model identifier is invalid".
 *
 * <p>A model that is newer than this table can always be called through an application inference
 * profile ARN, which is pinned by construction.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ModelIds {
  /** Bedrock's own limit on the {@code modelId} path parameter. */
  static final int MAX_LENGTH = 2048;

  /** The example named in rejection messages when no closer suggestion is known. */
  static final String EXAMPLE = "anthropic.claude-3-haiku-20240307-v1:0";

  private static final Pattern ID_CHARACTERS = Pattern.compile("[a-z0-9][a-z0-9._:-]*");
  private static final Pattern PROVIDER = Pattern.compile("[a-z][a-z0-9-]*");
  private static final Pattern VERSIONED_MODEL =
      Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*-v\\d+(?::\\d+(?::(?:\\d+k|\\d+|mm))?)?");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern OPAQUE_RESOURCE_ID = Pattern.compile("[a-z0-9]{1,64}");
  private static final Pattern ARN =
      Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):([a-z-]+)/(.+)");

  /**
   * Real foundation-model IDs whose name carries no {@code -vN} version suffix. Each has a source;
   * add to it only with one.
   */
  static final Set<String> KNOWN_UNSUFFIXED =
      Set.of(
          // Anthropic, "Claude on Amazon Bedrock" model table (platform.claude.com, 2026):
          // base Bedrock model ID of Claude Sonnet 4.6.
          "anthropic.claude-sonnet-4-6",
          // Bedrock user guide model card "Claude Opus 4.7"; Anthropic notes it "does not have an
          // ARN-versioned model ID".
          "anthropic.claude-opus-4-7",
          // Bedrock user guide "OpenAI models": Model ID openai.gpt-oss-20b-1:0 / -120b-1:0.
          "openai.gpt-oss-20b-1:0",
          "openai.gpt-oss-120b-1:0",
          // Bedrock user guide model cards for Qwen (bedrock-runtime model IDs).
          "qwen.qwen3-coder-next",
          "qwen.qwen3-vl-235b-a22b",
          "qwen.qwen3-next-80b-a3b");

  /**
   * Well-known pinned IDs, oldest first within a family: the source of "such as ..." suggestions
   * and a seed for the model catalog. Not an allow-list.
   */
  static final List<String> KNOWN_PINNED =
      List.of(
          "anthropic.claude-instant-v1",
          "anthropic.claude-v2",
          "anthropic.claude-v2:1",
          "anthropic.claude-3-sonnet-20240229-v1:0",
          "anthropic.claude-3-haiku-20240307-v1:0",
          "anthropic.claude-3-opus-20240229-v1:0",
          "anthropic.claude-3-5-sonnet-20240620-v1:0",
          "anthropic.claude-3-5-sonnet-20241022-v2:0",
          "anthropic.claude-3-5-haiku-20241022-v1:0",
          "anthropic.claude-3-7-sonnet-20250219-v1:0",
          "anthropic.claude-sonnet-4-20250514-v1:0",
          "anthropic.claude-opus-4-20250514-v1:0",
          "anthropic.claude-opus-4-1-20250805-v1:0",
          "anthropic.claude-sonnet-4-5-20250929-v1:0",
          "anthropic.claude-haiku-4-5-20251001-v1:0",
          "anthropic.claude-opus-4-5-20251101-v1:0",
          "anthropic.claude-opus-4-6-v1",
          "anthropic.claude-sonnet-4-6",
          "anthropic.claude-opus-4-7",
          "amazon.titan-text-lite-v1",
          "amazon.titan-text-express-v1",
          "amazon.titan-text-premier-v1:0",
          "amazon.titan-embed-text-v1",
          "amazon.titan-embed-text-v2:0",
          "amazon.titan-embed-image-v1",
          "amazon.nova-micro-v1:0",
          "amazon.nova-lite-v1:0",
          "amazon.nova-pro-v1:0",
          "amazon.nova-premier-v1:0",
          "amazon.nova-2-lite-v1:0",
          "meta.llama3-8b-instruct-v1:0",
          "meta.llama3-70b-instruct-v1:0",
          "meta.llama3-1-8b-instruct-v1:0",
          "meta.llama3-1-70b-instruct-v1:0",
          "meta.llama3-1-405b-instruct-v1:0",
          "meta.llama3-2-1b-instruct-v1:0",
          "meta.llama3-2-3b-instruct-v1:0",
          "meta.llama3-2-11b-instruct-v1:0",
          "meta.llama3-2-90b-instruct-v1:0",
          "meta.llama3-3-70b-instruct-v1:0",
          "meta.llama4-scout-17b-instruct-v1:0",
          "meta.llama4-maverick-17b-instruct-v1:0",
          "mistral.mistral-7b-instruct-v0:2",
          "mistral.mixtral-8x7b-instruct-v0:1",
          "mistral.mistral-small-2402-v1:0",
          "mistral.mistral-large-2402-v1:0",
          "mistral.mistral-large-2407-v1:0",
          "mistral.pixtral-large-2502-v1:0",
          "cohere.command-text-v14",
          "cohere.command-light-text-v14",
          "cohere.command-r-v1:0",
          "cohere.command-r-plus-v1:0",
          "cohere.embed-english-v3",
          "cohere.embed-multilingual-v3",
          "ai21.jamba-1-5-mini-v1:0",
          "ai21.jamba-1-5-large-v1:0",
          "deepseek.r1-v1:0",
          "deepseek.v3-v1:0",
          "openai.gpt-oss-20b-1:0",
          "openai.gpt-oss-120b-1:0",
          "writer.palmyra-x4-v1:0",
          "writer.palmyra-x5-v1:0",
          "qwen.qwen3-32b-v1:0",
          "qwen.qwen3-coder-30b-a3b-v1:0",
          "qwen.qwen3-235b-a22b-2507-v1:0",
          "qwen.qwen3-coder-480b-a35b-v1:0",
          "qwen.qwen3-coder-next",
          "qwen.qwen3-vl-235b-a22b",
          "qwen.qwen3-next-80b-a3b");

  /** The ways to write a pinned ID, appended to every rejection. */
  static final String ALTERNATIVES =
      "a cross-region inference profile ID (us./eu./apac./global. prefix) or an ARN";

  private ModelIds() {}

  /**
   * What a pinned identifier is made of. Absent parts are {@code null}.
   *
   * @param kind what the identifier names
   * @param provider model provider, e.g. {@code anthropic}; null for opaque ARNs
   * @param baseModelId foundation-model ID without geography prefix or ARN; null for opaque ARNs
   * @param geography geography of a cross-Region profile, or null
   * @param partition ARN partition, or null for a plain ID
   * @param region ARN Region, or null for a plain ID
   * @param accountId ARN account, or null for a plain ID and foundation-model ARNs
   */
  public record Parsed(
      ModelRef.Kind kind,
      String provider,
      String baseModelId,
      CrossRegionGeography geography,
      String partition,
      String region,
      String accountId) {}

  /**
   * Parses a pinned identifier.
   *
   * @param path the setting being read, named in the exception, e.g. {@code chains.default[1].modelId}
   * @throws dev.bedrockkit.ConfigurationException when the identifier is malformed or not pinned
   */
  public static Parsed parse(String id, String path) {
    Problems problems = new Problems();
    Parsed parsed = parse(id, path, problems);
    problems.throwIfAny();
    return parsed;
  }

  /** Parses {@code id}, recording a problem at {@code path} and returning null when it fails. */
  public static Parsed parse(String id, String path, Problems problems) {
    if (id == null || id.isBlank()) {
      problems.add(
          path,
          "must not be empty: use a versioned model ID such as '" + EXAMPLE + "', " + ALTERNATIVES);
      return null;
    }
    if (id.startsWith("arn:")) {
      return parseArn(id, path, problems);
    }
    String problem = plainIdProblem(id);
    if (problem != null) {
      problems.add(path, problem);
      return null;
    }
    int dot = id.indexOf('.');
    Optional<CrossRegionGeography> geography = CrossRegionGeography.ofPrefix(id.substring(0, dot));
    if (geography.isPresent()) {
      String base = id.substring(dot + 1);
      return new Parsed(
          ModelRef.Kind.INFERENCE_PROFILE,
          base.substring(0, base.indexOf('.')),
          base,
          geography.get(),
          null,
          null,
          null);
    }
    return new Parsed(
        ModelRef.Kind.FOUNDATION_MODEL, id.substring(0, dot), id, null, null, null, null);
  }

  /** Why a plain (non-ARN) ID is not pinned, or null when it is. */
  private static String plainIdProblem(String id) {
    if (id.length() > MAX_LENGTH || !ID_CHARACTERS.matcher(id).matches()) {
      return notPinned(id, "is not a Bedrock model identifier");
    }
    int dot = id.indexOf('.');
    if (dot < 0) {
      return notPinned(id, "is not pinned");
    }
    Optional<CrossRegionGeography> geography = CrossRegionGeography.ofPrefix(id.substring(0, dot));
    if (geography.isPresent()) {
      String base = id.substring(dot + 1);
      if (base.indexOf('.') < 0 || !isPinnedFoundationModel(base)) {
        return notPinned(id, "is not pinned");
      }
      return null;
    }
    if (isPinnedFoundationModel(id)) {
      return null;
    }
    String rest = id.substring(dot + 1);
    if (rest.indexOf('.') > 0 && isPinnedFoundationModel(rest)) {
      return "'"
          + id
          + "' is not pinned: '"
          + id.substring(0, dot)
          + ".' is not a cross-region inference profile prefix; use one of "
          + geographyPrefixes();
    }
    return notPinned(id, "is not pinned");
  }

  /** Whether {@code id} is a pinned foundation-model ID (no geography prefix, no ARN). */
  static boolean isPinnedFoundationModel(String id) {
    int dot = id.indexOf('.');
    if (dot <= 0 || !PROVIDER.matcher(id.substring(0, dot)).matches()) {
      return false;
    }
    if (CrossRegionGeography.ofPrefix(id.substring(0, dot)).isPresent()) {
      return false;
    }
    return VERSIONED_MODEL.matcher(id.substring(dot + 1)).matches()
        || KNOWN_UNSUFFIXED.contains(id);
  }

  private static Parsed parseArn(String arn, String path, Problems problems) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      problems.add(
          path,
          invalidArn(
              arn,
              "expected arn:<partition>:bedrock:<region>:<account>:<resource-type>/<id>"));
      return null;
    }
    String partition = m.group(1);
    String service = m.group(2);
    String region = m.group(3);
    String account = m.group(4);
    String type = m.group(5);
    String resource = m.group(6);
    if (!service.equals("bedrock")) {
      problems.add(path, invalidArn(arn, "the service is '" + service + "', not 'bedrock'"));
      return null;
    }
    if (!AwsRegions.isValid(region)) {
      problems.add(path, invalidArn(arn, AwsRegions.invalidMessage(region)));
      return null;
    }
    String expectedPartition = AwsRegions.partition(region);
    if (!partition.equals(expectedPartition)) {
      problems.add(
          path,
          invalidArn(
              arn,
              "partition '"
                  + partition
                  + "' does not match Region "
                  + region
                  + " (expected '"
                  + expectedPartition
                  + "')"));
      return null;
    }
    switch (type) {
      case "foundation-model":
        if (!account.isEmpty()) {
          problems.add(
              path, invalidArn(arn, "a foundation-model ARN has no account ID, found '" + account + "'"));
          return null;
        }
        if (!isPinnedFoundationModel(resource)) {
          problems.add(path, notPinned(arn, resource, "is not pinned"));
          return null;
        }
        return new Parsed(
            ModelRef.Kind.FOUNDATION_MODEL,
            resource.substring(0, resource.indexOf('.')),
            resource,
            null,
            partition,
            region,
            null);
      case "inference-profile":
        {
          if (!checkAccount(arn, account, path, problems)) {
            return null;
          }
          int dot = resource.indexOf('.');
          Optional<CrossRegionGeography> geography =
              dot > 0 ? CrossRegionGeography.ofPrefix(resource.substring(0, dot)) : Optional.empty();
          if (geography.isEmpty()) {
            problems.add(
                path,
                invalidArn(
                    arn,
                    "an inference-profile ARN names a cross-region profile ID starting with one of "
                        + geographyPrefixes()));
            return null;
          }
          String base = resource.substring(dot + 1);
          if (!isPinnedFoundationModel(base)) {
            problems.add(path, notPinned(arn, resource, "is not pinned"));
            return null;
          }
          return new Parsed(
              ModelRef.Kind.INFERENCE_PROFILE,
              base.substring(0, base.indexOf('.')),
              base,
              geography.get(),
              partition,
              region,
              account);
        }
      case "application-inference-profile":
      case "provisioned-model":
        if (!checkAccount(arn, account, path, problems)) {
          return null;
        }
        if (!OPAQUE_RESOURCE_ID.matcher(resource).matches()) {
          problems.add(
              path,
              invalidArn(
                  arn,
                  "the "
                      + type
                      + " ID must be lowercase letters and digits, found '"
                      + resource
                      + "'"));
          return null;
        }
        return new Parsed(
            type.equals("provisioned-model")
                ? ModelRef.Kind.PROVISIONED_MODEL
                : ModelRef.Kind.APPLICATION_INFERENCE_PROFILE,
            null,
            null,
            null,
            partition,
            region,
            account);
      default:
        problems.add(
            path,
            invalidArn(
                arn,
                "resource type '"
                    + type
                    + "' is not one bedrock-kit calls: use a foundation-model, inference-profile,"
                    + " application-inference-profile or provisioned-model ARN"));
        return null;
    }
  }

  private static boolean checkAccount(String arn, String account, String path, Problems problems) {
    if (ACCOUNT.matcher(account).matches()) {
      return true;
    }
    problems.add(path, invalidArn(arn, "the account ID must be 12 digits, found '" + account + "'"));
    return false;
  }

  private static String invalidArn(String arn, String reason) {
    return "'" + arn + "' is not a valid Bedrock model ARN: " + reason;
  }

  private static String notPinned(String id, String verdict) {
    return "'"
        + id
        + "' "
        + verdict
        + ": use a versioned model ID such as '"
        + suggest(id)
        + "', "
        + ALTERNATIVES;
  }

  private static String notPinned(String arn, String modelPart, String verdict) {
    return "'"
        + arn
        + "' "
        + verdict
        + ": use a versioned model ID such as '"
        + suggest(modelPart)
        + "', "
        + ALTERNATIVES;
  }

  /** "us., us-gov., eu., ..." */
  static String geographyPrefixes() {
    StringBuilder text = new StringBuilder();
    for (CrossRegionGeography geography : CrossRegionGeography.values()) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(geography.prefix()).append('.');
    }
    return text.toString();
  }

  /**
   * The known pinned ID closest to an unpinned one, keeping its geography prefix: {@code
   * anthropic.claude-3-haiku} and {@code claude-3-haiku} both give {@code
   * anthropic.claude-3-haiku-20240307-v1:0}; falls back to {@link #EXAMPLE}.
   */
  static String suggest(String unpinned) {
    String alias = unpinned.toLowerCase(java.util.Locale.ROOT);
    String prefix = "";
    int dot = alias.indexOf('.');
    if (dot > 0) {
      Optional<CrossRegionGeography> geography = CrossRegionGeography.ofPrefix(alias.substring(0, dot));
      if (geography.isPresent()) {
        prefix = alias.substring(0, dot + 1);
        alias = alias.substring(dot + 1);
      }
    }
    if (alias.endsWith("-latest")) {
      alias = alias.substring(0, alias.length() - "-latest".length());
    }
    String best = null;
    String fallback = null;
    for (String known : KNOWN_PINNED) {
      String model = known.substring(known.indexOf('.') + 1);
      String rest;
      if (known.startsWith(alias + "-")) {
        rest = known.substring(alias.length());
      } else if (alias.indexOf('.') < 0 && model.startsWith(alias + "-")) {
        rest = model.substring(alias.length());
      } else {
        continue;
      }
      // Prefer a suffix that only adds a date and a version over one that names another model.
      if (rest.matches("(-\\d{4,8})?-v\\d+(:\\d+)?")) {
        best = known;
      } else if (fallback == null) {
        fallback = known;
      }
    }
    String suggestion = best != null ? best : fallback != null ? fallback : EXAMPLE;
    return prefix + suggestion;
  }
}
