package dev.bedrockkit.internal.template;

import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockkit.internal.json.Json;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Turns a template value into prompt text: strings as they are, enums by name, {@code BigDecimal}
 * without exponent, other scalars and {@code java.time} values by {@code toString()} (ISO-8601),
 * and collections, arrays, maps and records as compact JSON. An empty {@code Optional} is the empty
 * string. JSON values nest at most {@value #MAX_DEPTH} levels: a deeper value, or one that refers
 * to itself, fails with {@link UncheckedIOException} long before it could exhaust the stack.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class ValueText {
  /** Deepest nesting of a value written as JSON. */
  static final int MAX_DEPTH = 64;

  private static final ObjectMapper VALUES = Json.MAPPER.copy();

  static {
    VALUES
        .getFactory()
        .setStreamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(MAX_DEPTH).build());
  }

  private ValueText() {}

  static String of(Object value) {
    if (value instanceof String string) {
      return string;
    }
    if (value instanceof CharSequence chars) {
      return chars.toString();
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Optional<?> optional) {
      return optional.isPresent() ? of(optional.get()) : "";
    }
    if (value instanceof OptionalInt optional) {
      return optional.isPresent() ? Integer.toString(optional.getAsInt()) : "";
    }
    if (value instanceof OptionalLong optional) {
      return optional.isPresent() ? Long.toString(optional.getAsLong()) : "";
    }
    if (value instanceof OptionalDouble optional) {
      return optional.isPresent() ? Double.toString(optional.getAsDouble()) : "";
    }
    if (value instanceof Collection<?>
        || value instanceof Map<?, ?>
        || value instanceof Record
        || value.getClass().isArray()) {
      try {
        return VALUES.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }
    return value.toString();
  }
}
