package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockkit.AttributionAllowList;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.Budgets;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ResponseCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.cache.TieredCache;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * The module README stays true: its YAML examples start, its property table is the configuration
 * metadata (names, types, defaults and descriptions).
 */
class ReadmeTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  @RegisterExtension static final LocalRedis REDIS = new LocalRedis();

  private static String readme() throws Exception {
    return Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
  }

  private static List<String> yamlBlocks() throws Exception {
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(readme());
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private static ApplicationContextRunner withYaml(String yaml) throws Exception {
    List<PropertySource<?>> sources =
        new YamlPropertySourceLoader()
            .load("README.md", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    return Runners.runner()
        .withBean(AwsCredentialsProvider.class, Runners::testCredentials)
        .withInitializer(
            context -> sources.forEach(s -> context.getEnvironment().getPropertySources().addLast(s)));
  }

  @Test
  void theChainsInPropertiesExampleStarts() throws Exception {
    withYaml(yamlBlocks().get(0))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              ModelConfig config = context.getBean(BedrockKit.class).modelConfig();
              assertThat(config.chains()).containsOnlyKeys("default", "cheap");
              assertThat(config.defaultChain().get(1).regions()).containsExactly("us-east-1", "us-west-2");
              assertThat(context).hasSingleBean(Budgets.class);
              assertThat(context).hasSingleBean(AttributionAllowList.class);
            });
  }

  @Test
  void theParameterStoreExampleStartsWithTheParameterAndFallsBackWithout() throws Exception {
    ApplicationContextRunner runner =
        withYaml(yamlBlocks().get(1))
            .withPropertyValues(
                "bedrock-kit.aws.endpoint=" + BEDROCK.endpoint(),
                "bedrock-kit.config.endpoint=" + BEDROCK.endpoint());
    runner.run(
        context ->
            assertThat(context.getBean(BedrockKit.class).modelConfig().version())
                .isEqualTo(ModelConfig.STATIC_VERSION));
    BEDROCK
        .emulator()
        .putParameter(
            "/bedrock-kit/prod/models",
            "{\"chains\":{\"default\":[{\"modelId\":\"" + Runners.HAIKU_3_5 + "\"}]}}");
    runner.run(
        context ->
            assertThat(context.getBean(BedrockKit.class).modelConfig().version()).isEqualTo("1"));
  }

  @Test
  void theResponseCacheExampleStartsWithRedisAndTheSemanticCache() throws Exception {
    withYaml(yamlBlocks().get(2))
        .withPropertyValues(
            "bedrock-kit.aws.endpoint=" + BEDROCK.endpoint(),
            // Instead of ElastiCache: a private redis-server on loopback.
            "bedrock-kit.cache.redis.url=" + REDIS.url())
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).getBean(ResponseCache.class).isInstanceOf(TieredCache.class);
              RedisTier redis = context.getBean(RedisTier.class);
              assertThat(redis.ttl()).isEqualTo(Duration.ofHours(1));
              assertThat(LocalRedis.waitFor(5_000, redis::isConnected)).isTrue();
              assertThat(
                      context
                          .getBean(TieredCache.class)
                          .semantic()
                          .eligible(
                              ChatRequest.builder()
                                  .user("How do I reset my password?")
                                  .template(
                                      "support-answer",
                                      "1",
                                      Map.of("question", "How do I reset my password?"))
                                  .cacheScope(CacheScope.tenant("acme"))
                                  .build()))
                  .isTrue();
            });
  }

  @Test
  void thePropertyTableIsGeneratedFromTheMetadata() throws Exception {
    List<String> documented = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `bedrock-kit\\..*$").matcher(readme());
    while (m.find()) {
      documented.add(m.group());
    }
    List<String> generated = new ArrayList<>();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      List<JsonNode> properties = new ArrayList<>();
      new ObjectMapper().readTree(in).get("properties").forEach(properties::add);
      properties.sort(Comparator.comparing(p -> p.get("name").asText()));
      for (JsonNode p : properties) {
        generated.add(row(p));
      }
    }
    assertThat(documented)
        .as("README rows; generated from the metadata:%n%s", String.join("\n", generated))
        .isEqualTo(generated);
  }

  /** One row of the README's property table: name, simple type, default, description. */
  private static String row(JsonNode property) {
    String type =
        property
            .get("type")
            .asText()
            .replaceAll("[a-z][a-z0-9_]*\\.", "")
            .replace("BedrockKitProperties$", "");
    JsonNode value = property.get("defaultValue");
    String defaultValue = value == null || value.isNull() ? "" : "`" + value.asText() + "`";
    JsonNode description = property.get("description");
    return "| `"
        + property.get("name").asText()
        + "` | "
        + type
        + " | "
        + defaultValue
        + " | "
        + (description == null ? "" : description.asText())
        + " |";
  }
}
