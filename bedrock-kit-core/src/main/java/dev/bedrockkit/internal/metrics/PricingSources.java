package dev.bedrockkit.internal.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.PricingCatalog.ModelPrice;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Internal: strict readers of pricing JSON documents and flat pricing properties for
 * {@code PricingCatalog.Builder}. Every problem is a {@link ConfigurationException} whose path
 * names the field and whose message names the source.
 *
 * <p>Stateless and thread-safe.
 */
public final class PricingSources {
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private static final Set<String> TOP_FIELDS = Set.of("currency", "pricesAsOf", "models");
  private static final Set<String> MODEL_FIELDS =
      Set.of("input", "output", "cacheRead", "cacheWrite", "regions");
  private static final Set<String> REGION_FIELDS =
      Set.of("input", "output", "cacheRead", "cacheWrite");
  private static final Map<String, String> PROPERTY_FIELDS =
      Map.of(
          "input", "input",
          "output", "output",
          "cache-read", "cacheRead",
          "cache-write", "cacheWrite");

  private PricingSources() {}

  /** Receives one parsed price; {@code region} is null for a model-wide price. */
  @FunctionalInterface
  public interface Sink {
    void accept(String modelId, String region, ModelPrice price);
  }

  public static void readJson(Path file, Sink sink) {
    String source = "pricing file " + file;
    try (InputStream in = Files.newInputStream(file)) {
      readJson(in, source, sink);
    } catch (IOException e) {
      throw new ConfigurationException(
          "", source + " cannot be read (" + e + "); check the path and its permissions", e);
    }
  }

  public static void readJsonResource(String name, Class<?> anchor, Sink sink) {
    String resource = name.startsWith("/") ? name.substring(1) : name;
    String source = "pricing resource " + resource;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    InputStream in = loader == null ? null : loader.getResourceAsStream(resource);
    if (in == null) {
      in = anchor.getClassLoader().getResourceAsStream(resource);
    }
    if (in == null) {
      throw new ConfigurationException(
          "", source + " is not on the classpath; check its name (no leading slash needed)");
    }
    try (InputStream stream = in) {
      readJson(stream, source, sink);
    } catch (IOException e) {
      throw new ConfigurationException("", source + " cannot be read (" + e + ")", e);
    }
  }

  public static void readJson(InputStream in, String source, Sink sink) {
    JsonNode root;
    try {
      root = MAPPER.readTree(in);
    } catch (JsonProcessingException e) {
      throw new ConfigurationException(
          "", source + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConfigurationException("", source + " cannot be read (" + e + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(
          "", source + ": expected a JSON object with \"models\" but found " + kind(root));
    }
    checkFields(root, TOP_FIELDS, "", source);
    JsonNode currency = root.get("currency");
    if (currency != null && !(currency.isTextual() && currency.asText().equals("USD"))) {
      throw new ConfigurationException(
          "currency", source + ": currency must be \"USD\" but was " + currency);
    }
    JsonNode asOf = root.get("pricesAsOf");
    if (asOf != null && !asOf.isTextual()) {
      throw new ConfigurationException(
          "pricesAsOf", source + ": pricesAsOf must be a string such as \"2026-11\" but was "
              + asOf);
    }
    JsonNode models = root.get("models");
    if (models == null || !models.isObject()) {
      throw new ConfigurationException(
          "models", source + ": models must be an object of model ID to prices but was "
              + kind(models));
    }
    Map<String, ModelPrice> parsed = new LinkedHashMap<>();
    Map<String, String[]> ids = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : models.properties()) {
      String modelId = e.getKey();
      String path = "models." + modelId;
      if (modelId.isBlank() || modelId.contains("@")) {
        throw new ConfigurationException(
            path, source + ": model ID '" + modelId + "' must be non-blank and contain no '@'");
      }
      JsonNode model = e.getValue();
      requireObject(model, path, source);
      checkFields(model, MODEL_FIELDS, path, source);
      parsed.put(modelId, price(model, path, source));
      ids.put(modelId, new String[] {modelId, null});
      JsonNode regions = model.get("regions");
      if (regions != null) {
        requireObject(regions, path + ".regions", source);
        for (Map.Entry<String, JsonNode> re : regions.properties()) {
          String rpath = path + ".regions." + re.getKey();
          if (re.getKey().isBlank()) {
            throw new ConfigurationException(rpath, source + ": region must not be blank");
          }
          requireObject(re.getValue(), rpath, source);
          checkFields(re.getValue(), REGION_FIELDS, rpath, source);
          String k = modelId + "@" + re.getKey();
          parsed.put(k, price(re.getValue(), rpath, source));
          ids.put(k, new String[] {modelId, re.getKey()});
        }
      }
    }
    // Only a fully valid document changes the builder.
    parsed.forEach((k, p) -> sink.accept(ids.get(k)[0], ids.get(k)[1], p));
  }

  public static void readProperties(Map<String, ?> properties, Sink sink) {
    Map<String, Map<String, BigDecimal>> byTarget = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : properties.entrySet()) {
      String key = e.getKey();
      int dot = key == null ? -1 : key.lastIndexOf('.');
      String field = dot < 0 ? null : PROPERTY_FIELDS.get(key.substring(dot + 1));
      if (field == null || dot == 0) {
        throw new ConfigurationException(
            String.valueOf(key),
            "pricing property '" + key + "' must look like <modelId>[@<region>]."
                + "(input|output|cache-read|cache-write)");
      }
      byTarget
          .computeIfAbsent(key.substring(0, dot), t -> new LinkedHashMap<>())
          .put(field, propertyDecimal(key, e.getValue()));
    }
    Map<String, ModelPrice> parsed = new LinkedHashMap<>();
    byTarget.forEach(
        (target, fields) -> {
          for (String required : new String[] {"input", "output"}) {
            if (!fields.containsKey(required)) {
              throw new ConfigurationException(
                  target + "." + required,
                  "pricing property '" + target + "." + required + "' is missing: a model needs"
                      + " both input and output prices");
            }
          }
          parsed.put(
              target,
              new ModelPrice(
                  fields.get("input"),
                  fields.get("output"),
                  fields.get("cacheRead"),
                  fields.get("cacheWrite")));
        });
    parsed.forEach(
        (target, price) -> {
          int at = target.indexOf('@');
          if (at < 0) {
            sink.accept(target, null, price);
          } else {
            sink.accept(target.substring(0, at), target.substring(at + 1), price);
          }
        });
  }

  private static BigDecimal propertyDecimal(String key, Object value) {
    BigDecimal d = null;
    if (value instanceof BigDecimal b) {
      d = b;
    } else if (value instanceof Integer || value instanceof Long) {
      d = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double x && Double.isFinite(x)) {
      d = BigDecimal.valueOf(x); // shortest decimal form: 0.25 stays 0.25
    } else if (value instanceof CharSequence s) {
      try {
        d = new BigDecimal(s.toString().trim());
      } catch (NumberFormatException ignored) {
        d = null;
      }
    }
    if (d == null || d.signum() < 0) {
      throw new ConfigurationException(
          key,
          "pricing property '" + key + "' must be a decimal number >= 0 (USD per 1M tokens)"
              + " such as 0.25 but was '" + value + "'");
    }
    return d;
  }

  private static ModelPrice price(JsonNode node, String path, String source) {
    BigDecimal input = number(node, "input", path, source, true);
    BigDecimal output = number(node, "output", path, source, true);
    BigDecimal read = number(node, "cacheRead", path, source, false);
    BigDecimal write = number(node, "cacheWrite", path, source, false);
    return new ModelPrice(input, output, read, write);
  }

  private static BigDecimal number(
      JsonNode node, String field, String path, String source, boolean required) {
    JsonNode v = node.get(field);
    String fpath = path + "." + field;
    if (v == null) {
      if (required) {
        throw new ConfigurationException(
            fpath, source + ": " + fpath + " is missing (USD per 1M tokens, e.g. 0.25)");
      }
      return null;
    }
    if (!v.isNumber() || v.decimalValue().signum() < 0) {
      throw new ConfigurationException(
          fpath,
          source + ": " + fpath + " must be a number >= 0 (USD per 1M tokens) but was " + v);
    }
    return v.decimalValue();
  }

  private static void requireObject(JsonNode node, String path, String source) {
    if (!node.isObject()) {
      throw new ConfigurationException(
          path, source + ": " + path + " must be an object but was " + kind(node));
    }
  }

  private static void checkFields(JsonNode node, Set<String> allowed, String path, String source) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        String fpath = path.isEmpty() ? f : path + "." + f;
        throw new ConfigurationException(
            fpath,
            source + ": unknown field " + fpath + "; allowed here: "
                + allowed.stream().sorted().toList());
      }
    }
  }

  private static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
  }
}
