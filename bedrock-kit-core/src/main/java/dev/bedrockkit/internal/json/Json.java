package dev.bedrockkit.internal.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one Jackson {@link ObjectMapper} bedrock-kit uses for model answers, schemas and template
 * values: {@code Optional} and {@code java.time} support, ISO dates, and numbers kept exact ({@code
 * 1.10} stays {@code 1.10}, never a {@code double}).
 *
 * <p>The mapper is configured once and never changed; safe to use from any thread.
 */
public final class Json {
  /** Shared, fully configured mapper. Do not reconfigure it. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  /** Node factory that keeps {@code BigDecimal} values as given. */
  public static final JsonNodeFactory NODES = MAPPER.getNodeFactory();

  private Json() {}

  /** Compact JSON text of {@code value} (a {@link JsonNode}, record, list, map or scalar). */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses JSON text into a tree.
   *
   * @throws JsonProcessingException when {@code json} is not one valid JSON value
   */
  public static JsonNode read(String json) throws JsonProcessingException {
    return MAPPER.readTree(json);
  }
}
