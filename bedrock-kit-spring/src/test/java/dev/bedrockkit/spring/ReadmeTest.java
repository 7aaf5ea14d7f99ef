package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockkit.AttributionAllowList;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.Budgets;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/** The module README stays true: its YAML examples start, its property table is complete. */
class ReadmeTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

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
  void thePropertyTableListsEveryPropertyOfTheMetadata() throws Exception {
    Set<String> documented = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `(bedrock-kit\\.[a-z0-9.-]+)` \\|").matcher(readme());
    while (m.find()) {
      documented.add(m.group(1));
    }
    Set<String> metadata = new TreeSet<>();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      for (JsonNode property : new ObjectMapper().readTree(in).get("properties")) {
        metadata.add(property.get("name").asText());
      }
    }
    assertThat(documented).isEqualTo(metadata);
  }
}
