package dev.bedrockkit.internal.template;

import dev.bedrockkit.internal.json.Json;
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
 * string.
 *
 * <p>Stateless; safe to use from any thread.
 */
final class ValueText {
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
      return Json.write(value);
    }
    return value.toString();
  }
}
