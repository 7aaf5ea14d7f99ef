package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The configuration processor's output: IDE hints for every bedrock-kit.* property. */
class ConfigurationMetadataTest {
  private static final Map<String, JsonNode> PROPERTIES = new LinkedHashMap<>();

  @BeforeAll
  static void read() throws Exception {
    try (InputStream in =
        ConfigurationMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
      JsonNode root = new ObjectMapper().readTree(in);
      for (JsonNode property : root.get("properties")) {
        PROPERTIES.put(property.get("name").asText(), property);
      }
    }
  }

  @Test
  void describesTheMainPropertiesWithTypesAndDefaults() {
    assertThat(PROPERTIES.get("bedrock-kit.models").get("type").asText())
        .isEqualTo("java.util.List<java.lang.String>");
    assertThat(PROPERTIES.get("bedrock-kit.resilience.attempt-timeout").get("type").asText())
        .isEqualTo("java.time.Duration");
    assertThat(PROPERTIES.get("bedrock-kit.resilience.attempt-timeout").get("defaultValue").asText())
        .isEqualTo("30s");
    assertThat(PROPERTIES.get("bedrock-kit.config.refresh-interval").get("defaultValue").asText())
        .isEqualTo("30s");
    assertThat(PROPERTIES.get("bedrock-kit.health.probe.interval").get("defaultValue").asText())
        .isEqualTo("1m");
    assertThat(PROPERTIES.get("bedrock-kit.aws.endpoint").get("type").asText())
        .isEqualTo("java.net.URI");
    assertThat(PROPERTIES.get("bedrock-kit.config.parameter-name").get("description").asText())
        .startsWith("Name or ARN of the Parameter Store parameter holding the model configuration");
  }

  @Test
  void everyPropertyHasADescriptionAndBooleansStartWithWhether() {
    assertThat(PROPERTIES).hasSizeGreaterThan(30);
    PROPERTIES.forEach(
        (name, property) -> {
          assertThat(property.hasNonNull("description")).as(name).isTrue();
          if (property.get("type").asText().equals("java.lang.Boolean")) {
            assertThat(property.get("description").asText()).as(name).startsWith("Whether ");
          }
        });
    assertThat(PROPERTIES.get("bedrock-kit.health.probe.enabled").get("defaultValue").asBoolean())
        .isFalse();
  }
}
