package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelProfile.Availability.END_OF_LIFE;
import static dev.bedrockkit.test.ModelProfile.Availability.LEGACY;
import static dev.bedrockkit.test.ModelProfile.Availability.NOT_ENABLED;
import static dev.bedrockkit.test.ModelProfile.Availability.REQUIRES_INFERENCE_PROFILE;
import static dev.bedrockkit.test.ModelProfile.BodyFormat.AMAZON_TITAN_EMBEDDINGS_V1;
import static dev.bedrockkit.test.ModelProfile.BodyFormat.AMAZON_TITAN_EMBEDDINGS_V2;
import static dev.bedrockkit.test.ModelProfile.BodyFormat.AMAZON_TITAN_TEXT;
import static dev.bedrockkit.test.ModelProfile.BodyFormat.ANTHROPIC_CLAUDE;
import static dev.bedrockkit.test.ModelProfile.BodyFormat.META_LLAMA;

import dev.bedrockkit.test.internal.Checks;
import java.time.Duration;
import java.util.List;

/**
 * The emulator's built-in models: pinned Bedrock model IDs with context windows, output limits,
 * availability flags and a realistic latency each.
 *
 * <p>Constants name the IDs so tests do not repeat strings. Context windows and output limits
 * follow the Bedrock model cards; the realistic latencies are round numbers of the right order,
 * not measurements. Stateless and thread-safe.
 */
public final class ModelCatalog {
  private ModelCatalog() {}

  /** Claude 3 Haiku. */
  public static final String CLAUDE_3_HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  /** Claude 3 Sonnet. */
  public static final String CLAUDE_3_SONNET = "anthropic.claude-3-sonnet-20240229-v1:0";
  /** Claude 3 Opus. */
  public static final String CLAUDE_3_OPUS = "anthropic.claude-3-opus-20240229-v1:0";
  /** Claude 3.5 Haiku; on-demand calls need an inference profile such as {@link #CLAUDE_3_5_HAIKU_US}. */
  public static final String CLAUDE_3_5_HAIKU = "anthropic.claude-3-5-haiku-20241022-v1:0";
  /** The US cross-region inference profile of Claude 3.5 Haiku. */
  public static final String CLAUDE_3_5_HAIKU_US = "us." + CLAUDE_3_5_HAIKU;
  /** Claude 3.5 Sonnet (June 2024, v1). */
  public static final String CLAUDE_3_5_SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0";
  /** Claude 3.5 Sonnet v2; on-demand calls need an inference profile. */
  public static final String CLAUDE_3_5_SONNET_V2 = "anthropic.claude-3-5-sonnet-20241022-v2:0";
  /** The US cross-region inference profile of Claude 3.5 Sonnet v2. */
  public static final String CLAUDE_3_5_SONNET_V2_US = "us." + CLAUDE_3_5_SONNET_V2;
  /** Claude 3.7 Sonnet; on-demand calls need an inference profile. */
  public static final String CLAUDE_3_7_SONNET = "anthropic.claude-3-7-sonnet-20250219-v1:0";
  /** Claude 2.1: end of life. */
  public static final String CLAUDE_V2_1 = "anthropic.claude-v2:1";
  /** Claude Instant: end of life. */
  public static final String CLAUDE_INSTANT = "anthropic.claude-instant-v1";
  /** Titan Text G1 - Express. */
  public static final String TITAN_TEXT_EXPRESS = "amazon.titan-text-express-v1";
  /** Titan Text G1 - Lite. */
  public static final String TITAN_TEXT_LITE = "amazon.titan-text-lite-v1";
  /** Titan Text G1 - Premier: marked Legacy. */
  public static final String TITAN_TEXT_PREMIER = "amazon.titan-text-premier-v1:0";
  /** Titan Text Embeddings v1 (1,536 dimensions). */
  public static final String TITAN_EMBED_TEXT_V1 = "amazon.titan-embed-text-v1";
  /** Titan Text Embeddings v2. */
  public static final String TITAN_EMBED_TEXT_V2 = "amazon.titan-embed-text-v2:0";
  /** Llama 3 8B Instruct. */
  public static final String LLAMA3_8B = "meta.llama3-8b-instruct-v1:0";
  /** Llama 3 70B Instruct. */
  public static final String LLAMA3_70B = "meta.llama3-70b-instruct-v1:0";
  /** Llama 3.1 405B Instruct: not enabled for the emulated account. */
  public static final String LLAMA3_1_405B = "meta.llama3-1-405b-instruct-v1:0";

  /** The account ID the emulator pretends to be. */
  public static final String ACCOUNT_ID = "123456789012";

  private static final List<ModelProfile> BUILT_IN =
      List.of(
          claude(CLAUDE_3_HAIKU, 4_096, 350, 120).build(),
          claude(CLAUDE_3_SONNET, 4_096, 700, 60).build(),
          claude(CLAUDE_3_OPUS, 4_096, 1_500, 25).build(),
          claude(CLAUDE_3_5_HAIKU, 8_192, 500, 65).availability(REQUIRES_INFERENCE_PROFILE).build(),
          claude(CLAUDE_3_5_SONNET, 4_096, 800, 70).build(),
          claude(CLAUDE_3_5_SONNET_V2, 8_192, 900, 60)
              .availability(REQUIRES_INFERENCE_PROFILE)
              .build(),
          claude(CLAUDE_3_7_SONNET, 64_000, 1_000, 60)
              .availability(REQUIRES_INFERENCE_PROFILE)
              .build(),
          claude(CLAUDE_V2_1, 4_096, 1_000, 40).availability(END_OF_LIFE).build(),
          claude(CLAUDE_INSTANT, 4_096, 400, 90)
              .contextWindow(100_000)
              .availability(END_OF_LIFE)
              .crossRegionProfiles(false)
              .build(),
          model(TITAN_TEXT_EXPRESS, AMAZON_TITAN_TEXT, 8_192, 8_192, 400, 60).build(),
          model(TITAN_TEXT_LITE, AMAZON_TITAN_TEXT, 4_096, 4_096, 300, 90).build(),
          model(TITAN_TEXT_PREMIER, AMAZON_TITAN_TEXT, 32_000, 3_072, 500, 50)
              .availability(LEGACY)
              .build(),
          model(TITAN_EMBED_TEXT_V1, AMAZON_TITAN_EMBEDDINGS_V1, 8_192, 1, 80, 1).build(),
          model(TITAN_EMBED_TEXT_V2, AMAZON_TITAN_EMBEDDINGS_V2, 8_192, 1, 60, 1).build(),
          model(LLAMA3_8B, META_LLAMA, 8_192, 2_048, 250, 120).build(),
          model(LLAMA3_70B, META_LLAMA, 8_192, 2_048, 500, 50).build(),
          model(LLAMA3_1_405B, META_LLAMA, 128_000, 4_096, 900, 30)
              .availability(NOT_ENABLED)
              .crossRegionProfiles(true)
              .build());

  /**
   * Returns the built-in profiles.
   *
   * @return an immutable list
   */
  public static List<ModelProfile> builtIn() {
    return BUILT_IN;
  }

  /**
   * Returns the ARN of a foundation model, e.g. {@code
   * arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0}.
   *
   * @param region the region
   * @param modelId the foundation-model ID
   * @return the ARN
   */
  public static String foundationModelArn(String region, String modelId) {
    Checks.notNull(region, "region");
    Checks.notNull(modelId, "modelId");
    return "arn:aws:bedrock:" + region + "::foundation-model/" + modelId;
  }

  /**
   * Returns the ARN of a system-defined inference profile in the emulated account.
   *
   * @param region the region
   * @param profileId the profile ID, e.g. {@link #CLAUDE_3_5_HAIKU_US}
   * @return the ARN
   */
  public static String inferenceProfileArn(String region, String profileId) {
    Checks.notNull(region, "region");
    Checks.notNull(profileId, "profileId");
    return "arn:aws:bedrock:" + region + ":" + ACCOUNT_ID + ":inference-profile/" + profileId;
  }

  private static ModelProfile.Builder claude(String id, int maxOut, int ttftMs, double tps) {
    return model(id, ANTHROPIC_CLAUDE, 200_000, maxOut, ttftMs, tps).crossRegionProfiles(true);
  }

  private static ModelProfile.Builder model(
      String id, ModelProfile.BodyFormat format, int window, int maxOut, int ttftMs, double tps) {
    return ModelProfile.builder(id)
        .format(format)
        .contextWindow(window)
        .maxOutputTokens(maxOut)
        .latency(LatencyModel.of(Duration.ofMillis(ttftMs), tps));
  }
}
