package dev.bedrockkit.spring;

import static dev.bedrockkit.spring.Runners.HAIKU;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.cache.Embedder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A bad bedrock-kit.cache.* value fails start-up naming the property and what it accepts. */
class CachePropertiesFailureTest {

  private static void failsWith(Consumer<FailureAnalysis> check, String... properties) {
    Runners.runner()
        .withPropertyValues("bedrock-kit.models=" + HAIKU)
        .withPropertyValues(properties)
        .withBean(Embedder.class, SemanticCacheAutoConfigurationTest.LetterEmbedder::new)
        .run(
            context -> {
              assertThat(context).hasFailed();
              FailureAnalysis analysis =
                  new BedrockKitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis).isNotNull();
              check.accept(analysis);
            });
  }

  private static String description(String property, String value, String reason) {
    return "Invalid bedrock-kit configuration:\n\n    Property: "
        + property
        + "\n    Value:    "
        + value
        + "\n    Reason:   "
        + reason;
  }

  @Test
  void aRedisTtlUnder15MinutesNamesTheAllowedRange() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.redis.ttl", "\"10m\"", "must be between 15m and 2h"));
          assertThat(analysis.getAction())
              .isEqualTo(
                  "Use a duration between 15m and 2h, e.g. 1h (the default). Answers older than 2h"
                      + " are not worth serving; shorter than 15m, Redis adds a round trip for"
                      + " little reuse.");
        },
        "bedrock-kit.cache.redis.url=redis://127.0.0.1:6379",
        "bedrock-kit.cache.redis.ttl=10m");
  }

  @Test
  void aRedisTtlOver2HoursNamesTheAllowedRange() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    description(
                        "bedrock-kit.cache.redis.ttl", "\"3h\"", "must be between 15m and 2h")),
        "bedrock-kit.cache.redis.url=redis://127.0.0.1:6379",
        "bedrock-kit.cache.redis.ttl=3h");
  }

  @Test
  void aRedisUrlWithoutSchemeNamesTheAcceptedForms() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.redis.url",
                      "\"cache.internal:6379\"",
                      "must start with redis:// or rediss:// (TLS), not cache.internal:"));
          assertThat(analysis.getAction()).isEqualTo(CacheSettings.REDIS_URL_HINT);
        },
        "bedrock-kit.cache.redis.url=cache.internal:6379");
  }

  @Test
  void aMalformedRedisUrlNeverShowsItsPassword() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.redis.url",
                      "\"redis://****@cache internal:6379\"",
                      "is not a valid URL (Illegal character in authority)"));
          assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("s3cret");
          assertThat(analysis.getCause().getMessage()).doesNotContain("s3cret");
        },
        "bedrock-kit.cache.redis.url=redis://:s3cret@cache internal:6379");
  }

  @Test
  void aRedisUrlWithoutHost() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .endsWith("Reason:   has no host (or a malformed host or port)"),
        "bedrock-kit.cache.redis.url=redis://:6379");
  }

  @Test
  void aRedisTimeoutOver5Seconds() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    description(
                        "bedrock-kit.cache.redis.timeout", "\"10s\"", "must be between 1ms and 5s")),
        "bedrock-kit.cache.redis.url=redis://127.0.0.1:6379",
        "bedrock-kit.cache.redis.timeout=10s");
  }

  @Test
  void aThresholdOutsideZeroToOne() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.semantic.threshold",
                      "\"1.5\"",
                      "must be greater than 0 and at most 1"));
          assertThat(analysis.getAction())
              .isEqualTo(
                  "Use a cosine similarity such as 0.90 (the default, calibrated with the"
                      + " LocalEmbedder); lower values serve answers to questions that mean"
                      + " something else.");
        },
        "bedrock-kit.cache.semantic.enabled=true",
        "bedrock-kit.cache.semantic.untemplated=true",
        "bedrock-kit.cache.semantic.threshold=1.5");
  }

  @Test
  void aZeroThresholdOfATemplate() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    description(
                        "bedrock-kit.cache.semantic.templates.faq.threshold",
                        "\"0.0\"",
                        "must be greater than 0 and at most 1")),
        "bedrock-kit.cache.semantic.enabled=true",
        "bedrock-kit.cache.semantic.templates.faq.placeholders=question",
        "bedrock-kit.cache.semantic.templates.faq.threshold=0");
  }

  @Test
  void aTemplateWithoutPlaceholders() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.semantic.templates.faq.placeholders",
                      "(none)",
                      "must name at least one free-text placeholder of template 'faq'"));
          assertThat(analysis.getAction())
              .isEqualTo(
                  "Name the placeholders compared by meaning, e.g."
                      + " bedrock-kit.cache.semantic.templates.faq.placeholders=question; every"
                      + " other placeholder value must match exactly.");
        },
        "bedrock-kit.cache.semantic.enabled=true",
        "bedrock-kit.cache.semantic.templates.faq.threshold=0.95");
  }

  @Test
  void theSemanticCacheWithNothingOptedIn() {
    failsWith(
        analysis -> {
          assertThat(analysis.getDescription())
              .isEqualTo(
                  description(
                      "bedrock-kit.cache.semantic.templates",
                      "(none)",
                      "is empty and bedrock-kit.cache.semantic.untemplated is false, so the"
                          + " semantic cache would answer nothing"));
          assertThat(analysis.getAction())
              .isEqualTo(
                  "Opt templates in by their free-text placeholders, e.g."
                      + " bedrock-kit.cache.semantic.templates.support-answer.placeholders=question,"
                      + " or set bedrock-kit.cache.semantic.untemplated=true for requests built by"
                      + " hand; or set bedrock-kit.cache.semantic.enabled=false.");
        },
        "bedrock-kit.cache.semantic.enabled=true");
  }

  @Test
  void aMaxTemperatureAboveOne() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    description(
                        "bedrock-kit.cache.max-temperature", "\"1.5\"", "must be between 0 and 1")),
        "bedrock-kit.cache.max-temperature=1.5");
  }

  @Test
  void aZeroLocalTtl() {
    failsWith(
        analysis ->
            assertThat(analysis.getDescription())
                .isEqualTo(
                    description(
                        "bedrock-kit.cache.local.ttl", "\"0s\"", "must be a positive duration")),
        "bedrock-kit.cache.local.ttl=0");
  }
}
