package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.metrics.PricingSources;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USD prices per million tokens of Bedrock models, and the {@link CostCalculator} that turns a
 * call's {@link TokenUsage} into dollars: {@code tokens × price / 1,000,000} for input, output,
 * cache-read and cache-write tokens, as an exact {@link BigDecimal} (scale at least 8, never
 * rounded).
 *
 * <p>A model is looked up by the ID as called (a {@code global.} profile may have its own price),
 * then by its base model ID ({@link ModelCatalog#baseModelId}: {@code us.x}, {@code eu.x} and
 * foundation-model ARNs of {@code x} share {@code x}'s price); for each, a price for the call's
 * region wins over the model's price. A model with no price has an <em>unknown</em> cost:
 * {@link #cost} is empty, never zero, and one WARN is logged per model ID ({@code BedrockKitMetrics}
 * counts {@link MetricNames#PRICING_UNKNOWN}). When a model has no cache-read or cache-write
 * price, those tokens are billed at the model's input price: an estimate (reads are usually
 * cheaper, writes dearer); give cache prices for models you use prompt caching with.
 *
 * <p>{@link #ofDefaults()} holds list prices as of {@value #PRICES_AS_OF} from secondary
 * sources; check AWS pricing (https://aws.amazon.com/bedrock/pricing/) before you bill anyone.
 * Override or extend them in code ({@link Builder#price}), from a JSON file or resource
 * ({@link Builder#json(Path)}) or from flat properties ({@link Builder#properties(Map)}).
 *
 * <p>Immutable and thread-safe.
 */
public final class PricingCatalog implements CostCalculator {
  private static final Logger log = LoggerFactory.getLogger(PricingCatalog.class);

  /** When the default prices were list prices (year and month): check AWS pricing. */
  public static final String PRICES_AS_OF = "2026-11";

  private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
  private static final int MIN_SCALE = 8;

  /**
   * List prices in USD per 1M tokens as of {@value #PRICES_AS_OF} (secondary sources; verify
   * before release): Claude 3 Haiku 0.25 / 1.25; Claude 3.5 Haiku 0.80 / 4.00 (cache write 1.00,
   * read 0.08); Claude 3 Sonnet 3 / 15; Claude 3.5 Sonnet v1 and v2 3 / 15 (v2 cache write 3.75,
   * read 0.30); Claude 3 Opus 15 / 75; Titan Text Express 0.20 / 0.60; Llama 3 8B 0.30 / 0.60;
   * Llama 3 70B 2.65 / 3.50; Titan Text Embeddings v2 0.02 input.
   */
  private static final PricingCatalog DEFAULTS =
      builder()
          .price("anthropic.claude-3-haiku-20240307-v1:0", ModelPrice.of("0.25", "1.25"))
          .price(
              "anthropic.claude-3-5-haiku-20241022-v1:0",
              ModelPrice.of("0.80", "4.00", "0.08", "1.00"))
          .price("anthropic.claude-3-sonnet-20240229-v1:0", ModelPrice.of("3", "15"))
          .price("anthropic.claude-3-5-sonnet-20240620-v1:0", ModelPrice.of("3", "15"))
          .price(
              "anthropic.claude-3-5-sonnet-20241022-v2:0",
              ModelPrice.of("3", "15", "0.30", "3.75"))
          .price("anthropic.claude-3-opus-20240229-v1:0", ModelPrice.of("15", "75"))
          .price("amazon.titan-text-express-v1", ModelPrice.of("0.20", "0.60"))
          .price("meta.llama3-8b-instruct-v1:0", ModelPrice.of("0.30", "0.60"))
          .price("meta.llama3-70b-instruct-v1:0", ModelPrice.of("2.65", "3.50"))
          .price("amazon.titan-embed-text-v2:0", ModelPrice.of("0.02", "0"))
          .build();

  private final Map<String, ModelPrice> prices;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  private PricingCatalog(Map<String, ModelPrice> prices) {
    this.prices = Map.copyOf(prices);
  }

  /**
   * The built-in list prices as of {@value #PRICES_AS_OF} for Claude 3 / 3.5, Titan Text Express,
   * Llama 3 and Titan Text Embeddings v2; check AWS pricing.
   */
  public static PricingCatalog ofDefaults() {
    return DEFAULTS;
  }

  /** An empty builder: every model unknown until priced. */
  public static Builder builder() {
    return new Builder(Map.of());
  }

  /** A builder holding this catalog's prices, to override or extend them. */
  public Builder toBuilder() {
    return new Builder(prices);
  }

  /**
   * The price of a model in a region: the ID as called, then its base model ID; for each, the
   * region's price first.
   *
   * @param modelId a model ID, inference profile ID or ARN
   * @param region the region, or {@code null}
   */
  public Optional<ModelPrice> price(String modelId, String region) {
    Checks.notNull(modelId, "modelId");
    ModelPrice p = lookup(modelId, region);
    if (p == null) {
      String base = ModelCatalog.baseModelId(modelId);
      if (!base.equals(modelId)) {
        p = lookup(base, region);
      }
    }
    return Optional.ofNullable(p);
  }

  private ModelPrice lookup(String id, String region) {
    if (region != null) {
      ModelPrice p = prices.get(key(id, region));
      if (p != null) {
        return p;
      }
    }
    return prices.get(id);
  }

  /**
   * The USD cost of {@code usage}: each kind of token times its price per million. Empty when the
   * model has no price (logged at WARN once per model ID).
   */
  @Override
  public Optional<BigDecimal> cost(String modelId, String region, TokenUsage usage) {
    Checks.notNull(usage, "usage");
    Optional<ModelPrice> price = price(modelId, region);
    if (price.isEmpty()) {
      if (warned.add(modelId)) {
        log.warn(
            "No price for model {} (region {}): its cost is unknown and not counted in budgets."
                + " Add it with PricingCatalog.ofDefaults().toBuilder().price(\"{}\","
                + " ModelPrice.of(input, output)) or a pricing JSON file (logged once per model)",
            modelId, region, ModelCatalog.baseModelId(modelId));
      }
      return Optional.empty();
    }
    return Optional.of(price.get().cost(usage));
  }

  /** Every price, keyed by model ID, or {@code modelId@region} for a regional price. */
  public Map<String, ModelPrice> prices() {
    return prices;
  }

  @Override
  public String toString() {
    return "PricingCatalog" + prices.keySet();
  }

  static String key(String modelId, String region) {
    return modelId + "@" + region;
  }

  /**
   * USD per one million tokens of each kind. A {@code null} cache price means "bill those tokens
   * at the input price".
   *
   * <p>Immutable and thread-safe.
   *
   * @param inputPerMillion price of 1M input tokens
   * @param outputPerMillion price of 1M output tokens
   * @param cacheReadPerMillion price of 1M prompt-cache read tokens, or {@code null}
   * @param cacheWritePerMillion price of 1M prompt-cache write tokens, or {@code null}
   */
  public record ModelPrice(
      BigDecimal inputPerMillion,
      BigDecimal outputPerMillion,
      BigDecimal cacheReadPerMillion,
      BigDecimal cacheWritePerMillion) {

    /** Checks the prices and drops trailing zeros, so equal prices are equal records. */
    public ModelPrice {
      inputPerMillion = canonical(inputPerMillion, "inputPerMillion");
      outputPerMillion = canonical(outputPerMillion, "outputPerMillion");
      cacheReadPerMillion =
          cacheReadPerMillion == null ? null : canonical(cacheReadPerMillion, "cacheReadPerMillion");
      cacheWritePerMillion =
          cacheWritePerMillion == null
              ? null
              : canonical(cacheWritePerMillion, "cacheWritePerMillion");
    }

    /** Input and output prices (decimal strings such as {@code "0.25"}); no cache prices. */
    public static ModelPrice of(String inputPerMillion, String outputPerMillion) {
      return new ModelPrice(
          decimal(inputPerMillion, "inputPerMillion"),
          decimal(outputPerMillion, "outputPerMillion"),
          null,
          null);
    }

    /** Input, output, cache-read and cache-write prices (decimal strings). */
    public static ModelPrice of(
        String inputPerMillion,
        String outputPerMillion,
        String cacheReadPerMillion,
        String cacheWritePerMillion) {
      return new ModelPrice(
          decimal(inputPerMillion, "inputPerMillion"),
          decimal(outputPerMillion, "outputPerMillion"),
          decimal(cacheReadPerMillion, "cacheReadPerMillion"),
          decimal(cacheWritePerMillion, "cacheWritePerMillion"));
    }

    /** The exact USD cost of {@code usage} at these prices, scale at least 8. */
    public BigDecimal cost(TokenUsage usage) {
      BigDecimal read = cacheReadPerMillion != null ? cacheReadPerMillion : inputPerMillion;
      BigDecimal write = cacheWritePerMillion != null ? cacheWritePerMillion : inputPerMillion;
      BigDecimal micro =
          inputPerMillion
              .multiply(BigDecimal.valueOf(usage.inputTokens()))
              .add(outputPerMillion.multiply(BigDecimal.valueOf(usage.outputTokens())))
              .add(read.multiply(BigDecimal.valueOf(usage.cacheReadInputTokens())))
              .add(write.multiply(BigDecimal.valueOf(usage.cacheWriteInputTokens())));
      BigDecimal usd = micro.movePointLeft(6);
      return usd.scale() < MIN_SCALE ? usd.setScale(MIN_SCALE) : usd;
    }

    private static BigDecimal decimal(String value, String name) {
      Checks.notNull(value, name);
      try {
        return new BigDecimal(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            name + " must be a decimal number such as 0.25 but was '" + value + "'", e);
      }
    }

    private static BigDecimal canonical(BigDecimal value, String name) {
      Checks.notNull(value, name);
      if (value.signum() < 0) {
        throw new IllegalArgumentException(name + " must be >= 0 but was " + value);
      }
      BigDecimal v = value.stripTrailingZeros();
      return v.scale() < 0 ? v.setScale(0) : v;
    }
  }

  /**
   * Builds a {@link PricingCatalog}; later settings replace earlier ones for the same model and
   * region. Not thread-safe; {@link #build()} gives independent catalogs.
   */
  public static final class Builder {
    private final Map<String, ModelPrice> prices;

    private Builder(Map<String, ModelPrice> initial) {
      this.prices = new LinkedHashMap<>(initial);
    }

    /** Sets the price of a model ID, inference profile ID or ARN in every region. */
    public Builder price(String modelId, ModelPrice price) {
      prices.put(Checks.notBlank(modelId, "modelId"), Checks.notNull(price, "price"));
      return this;
    }

    /** Sets the price of a model in one region; it wins over the model's price there. */
    public Builder price(String modelId, String region, ModelPrice price) {
      prices.put(
          key(Checks.notBlank(modelId, "modelId"), Checks.notBlank(region, "region")),
          Checks.notNull(price, "price"));
      return this;
    }

    /** Removes the prices of a model (its regional prices too): its cost becomes unknown. */
    public Builder remove(String modelId) {
      Checks.notBlank(modelId, "modelId");
      prices.keySet().removeIf(k -> k.equals(modelId) || k.startsWith(modelId + "@"));
      return this;
    }

    /**
     * Reads prices from a JSON file, strictly: unknown fields, duplicate keys, missing, negative
     * or non-numeric prices fail with a {@link ConfigurationException} whose {@code path()}
     * names the field and whose message names the file. Shape:
     *
     * <pre>{@code
     * {
     *   "currency": "USD",
     *   "pricesAsOf": "2026-11",
     *   "models": {
     *     "anthropic.claude-3-5-haiku-20241022-v1:0": {
     *       "input": 0.80, "output": 4.00, "cacheRead": 0.08, "cacheWrite": 1.00,
     *       "regions": { "eu-central-1": { "input": 0.96, "output": 4.80 } }
     *     }
     *   }
     * }
     * }</pre>
     *
     * {@code currency} (only {@code USD}), {@code pricesAsOf}, {@code cacheRead},
     * {@code cacheWrite} and {@code regions} are optional.
     */
    public Builder json(Path file) {
      PricingSources.readJson(Checks.notNull(file, "file"), this::put);
      return this;
    }

    /** Reads prices in the {@link #json(Path)} format from a classpath resource. */
    public Builder jsonResource(String resourceName) {
      PricingSources.readJsonResource(
          Checks.notBlank(resourceName, "resourceName"), PricingCatalog.class, this::put);
      return this;
    }

    /**
     * Reads prices in the {@link #json(Path)} format from a stream (not closed);
     * {@code sourceName} names it in error messages.
     */
    public Builder json(InputStream json, String sourceName) {
      PricingSources.readJson(
          Checks.notNull(json, "json"), Checks.notBlank(sourceName, "sourceName"), this::put);
      return this;
    }

    /**
     * Reads prices from flat properties, e.g. bound by Spring from {@code bedrock-kit.pricing.*}:
     * keys {@code <modelId>.input}, {@code .output}, {@code .cache-read}, {@code .cache-write},
     * and {@code <modelId>@<region>.input} ... for a regional price; values are decimal strings
     * or numbers. Input and output are required per model. Bad keys or values fail with a
     * {@link ConfigurationException} naming the key.
     */
    public Builder properties(Map<String, ?> properties) {
      PricingSources.readProperties(Checks.notNull(properties, "properties"), this::put);
      return this;
    }

    private void put(String modelId, String region, ModelPrice price) {
      if (region == null) {
        price(modelId, price);
      } else {
        price(modelId, region, price);
      }
    }

    /** Builds the catalog. */
    public PricingCatalog build() {
      return new PricingCatalog(prices);
    }
  }
}
