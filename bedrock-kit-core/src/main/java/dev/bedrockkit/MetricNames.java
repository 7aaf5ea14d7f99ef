package dev.bedrockkit;

/**
 * Every metric name, tag key and fixed tag value bedrock-kit records, in one place. Names follow
 * the OpenTelemetry GenAI semantic conventions (release 1.41) where one exists; those
 * conventions now live in the semantic-conventions-genai repository and are still moving (the
 * token metric is being renamed), so a rename here is a one-line change. Our own metrics are
 * under {@code bedrockkit.*}.
 *
 * <p>Tags are bounded: model, region, operation, outcome, template id, one allow-listed
 * attribution value; never user IDs or prompt text.
 */
public final class MetricNames {
  private MetricNames() {}

  // ---- OpenTelemetry GenAI metrics
  /** Timer (seconds): duration of a whole client operation. */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";
  /** Distribution summary ({token}): tokens per operation, by {@link #TOKEN_TYPE}. */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";
  /** Timer (seconds), streams only: time until the first chunk. */
  public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";
  /** Timer (seconds), streams only: time per output chunk after the first. */
  public static final String TIME_PER_OUTPUT_CHUNK =
      "gen_ai.client.operation.time_per_output_chunk";

  // ---- OpenTelemetry GenAI attributes
  public static final String OPERATION_NAME = "gen_ai.operation.name";
  public static final String PROVIDER_NAME = "gen_ai.provider.name";
  public static final String REQUEST_MODEL = "gen_ai.request.model";
  public static final String RESPONSE_MODEL = "gen_ai.response.model";
  public static final String TOKEN_TYPE = "gen_ai.token.type";
  public static final String ERROR_TYPE = "error.type";
  public static final String SERVER_ADDRESS = "server.address";
  public static final String SERVER_PORT = "server.port";

  /** {@link #PROVIDER_NAME} value for Amazon Bedrock. */
  public static final String PROVIDER_AWS_BEDROCK = "aws.bedrock";
  /** {@link #TOKEN_TYPE} values; cache_read and cache_write are bedrock-kit's extension. */
  public static final String TOKEN_TYPE_INPUT = "input";
  public static final String TOKEN_TYPE_OUTPUT = "output";
  public static final String TOKEN_TYPE_CACHE_READ = "cache_read";
  public static final String TOKEN_TYPE_CACHE_WRITE = "cache_write";
  /** {@link #SERVER_ADDRESS} is {@code bedrock-runtime.<region>.amazonaws.com} ({@code .com.cn} in China). */
  public static final String SERVER_ADDRESS_PREFIX = "bedrock-runtime.";
  public static final String SERVER_ADDRESS_SUFFIX = ".amazonaws.com";
  public static final String SERVER_ADDRESS_SUFFIX_CHINA = ".amazonaws.com.cn";
  /** {@link #SERVER_PORT} value: Bedrock Runtime is HTTPS only. */
  public static final String SERVER_PORT_HTTPS = "443";

  // ---- bedrock-kit metrics
  /** Counter (USD): what calls cost. */
  public static final String COST = "bedrockkit.cost";
  /** Counter: attempts, by {@link #TAG_OUTCOME}. */
  public static final String ATTEMPTS = "bedrockkit.attempts";
  /** Counter: moves to another region or model, by {@link #TAG_REASON}. */
  public static final String FALLBACKS = "bedrockkit.fallbacks";
  /** Counter: throttled attempts. */
  public static final String THROTTLES = "bedrockkit.throttles";
  /** Gauge per model and region: 0 closed, 1 half-open, 2 open. */
  public static final String CIRCUIT_STATE = "bedrockkit.circuit.state";
  /** Distribution summary: output tokens per second of streamed answers. */
  public static final String STREAM_OUTPUT_TOKENS_PER_SECOND = "bedrockkit.stream.output.tokens.per.second";
  /** Counter: degraded answers given. */
  public static final String DEGRADED = "bedrockkit.degraded";
  /** Counter: model configuration reloads, by {@link #TAG_RESULT} (ok, rejected, unavailable). */
  public static final String CONFIG_RELOADS = "bedrockkit.config.reloads";
  /** Gauge per attribution: share of the budget used in the current window (1.0 = all). */
  public static final String BUDGET_USED = "bedrockkit.budget.used.ratio";
  /** Counter: budget thresholds crossed, by {@link #TAG_THRESHOLD} (80, 100). */
  public static final String BUDGET_ALERTS = "bedrockkit.budget.alerts";
  /** Counter: requests refused by a hard budget. */
  public static final String BUDGET_REJECTIONS = "bedrockkit.budget.rejections";
  /** Counter: model answers whose cost is unknown because the model has no known price. */
  public static final String PRICING_UNKNOWN = "bedrockkit.pricing.unknown";
  /** Counter: response-cache lookups, by {@link #TAG_TIER} and {@link #TAG_RESULT}. */
  public static final String CACHE_REQUESTS = "bedrockkit.cache.requests";
  /** Counter (USD): what cache hits saved (the original answers' cost). */
  public static final String CACHE_SAVED_COST = "bedrockkit.cache.saved.cost";
  /** Counter: failures of optional parts (cache, config refresh, listeners), by component. */
  public static final String DEGRADATIONS = "bedrockkit.optional.failures";
  /** Counter: requests whose attribution is not in the metrics allow-list (tagged {@link #OTHER}). */
  public static final String ATTRIBUTION_UNLISTED = "bedrockkit.attribution.unlisted";

  // ---- base units
  /** Base unit of {@link #TOKEN_USAGE}. */
  public static final String UNIT_TOKENS = "tokens";
  /** Base unit of {@link #COST} and {@link #CACHE_SAVED_COST}. */
  public static final String UNIT_USD = "usd";
  /** Base unit of {@link #STREAM_OUTPUT_TOKENS_PER_SECOND}. */
  public static final String UNIT_TOKENS_PER_SECOND = "tokens.per.second";

  // ---- Micrometer Observation names (spans when the application has tracing)
  /**
   * Observation per request; its contextual name (the span name) is {@code "<operation> <chain>"}
   * as the GenAI conventions name spans. Its name is ours, not {@code gen_ai.client.operation}, so
   * a meter handler on the observation registry does not create a timer that could be mistaken
   * for {@link #OPERATION_DURATION}.
   */
  public static final String OBSERVATION_REQUEST = "bedrockkit.request";
  /** Child observation per attempt (one model in one region). */
  public static final String OBSERVATION_ATTEMPT = "bedrockkit.attempt";

  // ---- bedrock-kit tag keys
  public static final String TAG_MODEL = "model";
  public static final String TAG_REGION = "region";
  public static final String TAG_OPERATION = "operation";
  public static final String TAG_OUTCOME = "outcome";
  public static final String TAG_REASON = "reason";
  public static final String TAG_TEMPLATE = "template";
  public static final String TAG_ATTRIBUTION = "attribution";
  public static final String TAG_TIER = "tier";
  public static final String TAG_RESULT = "result";
  public static final String TAG_THRESHOLD = "threshold";
  public static final String TAG_COMPONENT = "component";

  /** Tag value when a request has no template or attribution, or a value is unknown. */
  public static final String NONE = "none";
  /** {@link #TAG_ATTRIBUTION} value of an attribution that is not in the allow-list. */
  public static final String OTHER = "other";

  /** {@link #TAG_REASON} values of {@link #FALLBACKS}: a small set mapped from attempt outcomes. */
  public static final String REASON_THROTTLED = "throttled";
  public static final String REASON_TIMEOUT = "timeout";
  /** Server errors, models not ready, connection failures and broken streams. */
  public static final String REASON_UNAVAILABLE = "unavailable";
  public static final String REASON_CIRCUIT_OPEN = "circuit_open";
  public static final String REASON_BULKHEAD_FULL = "bulkhead_full";
  public static final String REASON_CONTEXT_WINDOW = "context_window";
  /** Access denied, model not found or end-of-life, model disabled in the configuration. */
  public static final String REASON_NOT_CALLABLE = "not_callable";
  public static final String REASON_OTHER = "other";

  /** {@link #TAG_RESULT} values of {@link #CONFIG_RELOADS}. */
  public static final String RELOAD_OK = "ok";
  public static final String RELOAD_REJECTED = "rejected";
  public static final String RELOAD_UNAVAILABLE = "unavailable";

  /** {@link #TAG_THRESHOLD} values of {@link #BUDGET_ALERTS} (percent of the limit). */
  public static final String THRESHOLD_80 = "80";
  public static final String THRESHOLD_100 = "100";

  // ---- fixed tag values of the response-cache metrics
  /** {@link #TAG_TIER} value: the in-process cache of one task. */
  public static final String CACHE_TIER_LOCAL = "local";
  /** {@link #TAG_TIER} value: the Redis cache shared by every task. */
  public static final String CACHE_TIER_REDIS = "redis";
  /** {@link #TAG_TIER} value: the semantic cache (answers to questions with the same meaning). */
  public static final String CACHE_TIER_SEMANTIC = "semantic";
  /** {@link #TAG_TIER} value: an identical request already in flight shared its answer. */
  public static final String CACHE_TIER_IN_FLIGHT = "inflight";
  /** {@link #TAG_RESULT} value: the tier had an answer. */
  public static final String CACHE_RESULT_HIT = "hit";
  /** {@link #TAG_RESULT} value: the tier had no (fresh) answer. */
  public static final String CACHE_RESULT_MISS = "miss";
  /** {@link #TAG_RESULT} value: the tier was unreachable or too slow and was bypassed. */
  public static final String CACHE_RESULT_ERROR = "error";
  /** {@link #TAG_RESULT} value: a stored value was unreadable (corrupt, unknown format version). */
  public static final String CACHE_RESULT_INVALID = "invalid";
  /** {@link #TAG_RESULT} value: a similar question was found but a guard refused its answer. */
  public static final String CACHE_RESULT_REJECTED = "rejected";
  /** {@link #TAG_COMPONENT} value of {@link #DEGRADATIONS} for the Redis cache tier. */
  public static final String COMPONENT_CACHE_REDIS = "cache.redis";
}
