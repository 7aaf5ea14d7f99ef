package dev.bedrockkit;

import dev.bedrockkit.internal.config.AwsRegions;
import dev.bedrockkit.internal.config.ModelConfigParser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.InvalidKeyIdException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The {@link ModelConfig} kept as a JSON document (see {@link ModelConfig#fromJson}) in one
 * Parameter Store parameter, String or SecureString, read at {@link #start()} and re-read on an
 * interval. A new valid version replaces the configuration atomically; an invalid or unreadable
 * one keeps the last good configuration, so a bad edit or an SSM outage never takes the service
 * down.
 *
 * <pre>{@code
 * ParameterStoreConfigSource source = ParameterStoreConfigSource.builder()
 *     .ssmClient(SsmClient.create())
 *     .parameterName("/bedrock-kit/prod/models")
 *     .build()
 *     .start();                     // fails here if the first read fails and there is no fallback
 * List<ModelTarget> chain = source.current().chain("default");
 * }</pre>
 *
 * <p>Logging (logger {@code dev.bedrockkit.ParameterStoreConfigSource}): INFO when a version is
 * loaded; one WARN per rejected version, naming the path of the problem but never the document's
 * text (a SecureString may hold secrets); one WARN when reads start failing, DEBUG for each
 * further failure, INFO when reads recover.
 *
 * <p>Thread-safe. {@link #current()} is a volatile read with no I/O. Refreshes run one at a time,
 * on the scheduler (by default a single daemon thread named {@value #THREAD_NAME}, shut down by
 * {@link #close()}) or on the thread that calls {@link #refreshNow()}. The {@link SsmClient} and an
 * injected scheduler belong to the caller and are not closed.
 */
public final class ParameterStoreConfigSource implements ModelConfigSource {
  /** How often the parameter is re-read unless configured otherwise. */
  public static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

  /** The shortest refresh interval accepted. */
  public static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

  /** Name of the thread of the default scheduler. */
  public static final String THREAD_NAME = "bedrock-kit-config-refresh";

  private static final String FALLBACK_HINT =
      ", or give ParameterStoreConfigSource a fallback configuration";

  private static final Logger LOG = LoggerFactory.getLogger(ParameterStoreConfigSource.class);

  /**
   * What the source is doing, for health checks and admin pages.
   *
   * @param parameterName the parameter read
   * @param version version of the configuration in force, or {@code null} before start
   * @param usingFallback whether the fallback is in force because no version could be loaded
   * @param rejectedVersion the last parameter version rejected as invalid, or {@code null}
   * @param unavailable whether the last read failed
   * @param lastSuccessfulRead when the parameter was last read, or {@code null} if never
   */
  public record Status(
      String parameterName,
      String version,
      boolean usingFallback,
      String rejectedVersion,
      boolean unavailable,
      Instant lastSuccessfulRead) {}

  private final SsmClient ssm;
  private final String parameterName;
  private final Duration refreshInterval;
  private final ScheduledExecutorService injectedScheduler;
  private final Clock clock;
  private final ModelConfig fallback;
  private final List<ConfigListener> listeners;

  private final Object lifecycle = new Object();
  private final ReentrantLock refreshLock = new ReentrantLock();

  private volatile ModelConfig current;
  private volatile Status status;
  private volatile boolean closed;

  // Guarded by lifecycle.
  private boolean started;
  private ScheduledExecutorService scheduler;
  private ScheduledFuture<?> task;
  private volatile Thread ownedThread;

  // Guarded by refreshLock.
  private String loadedVersion;
  private String rejectedVersion;
  private boolean unavailable;
  private Instant unavailableSince;
  private Instant lastSuccessfulRead;

  private ParameterStoreConfigSource(Builder builder) {
    this.ssm = builder.ssmClient;
    this.parameterName = builder.parameterName;
    this.refreshInterval = builder.refreshInterval;
    this.injectedScheduler = builder.scheduler;
    this.clock = builder.clock;
    this.fallback = builder.fallback;
    this.listeners = List.copyOf(builder.listeners);
    this.status = new Status(parameterName, null, false, null, false, null);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the parameter and schedules the refreshes. Calling it again does nothing.
   *
   * @return this source
   * @throws ConfigurationException when the first read fails (parameter not found, access denied,
   *     unreachable) or the document is invalid, and no fallback was given; the message says which
   *     and what to do
   * @throws IllegalStateException after {@link #close()}
   */
  public ParameterStoreConfigSource start() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      if (started) {
        return this;
      }
      refreshLock.lock();
      try {
        loadFirst();
      } finally {
        refreshLock.unlock();
      }
      scheduler = injectedScheduler != null ? injectedScheduler : newDefaultScheduler();
      long delay = refreshInterval.toMillis();
      task =
          scheduler.scheduleWithFixedDelay(
              this::scheduledRefresh, delay, delay, TimeUnit.MILLISECONDS);
      started = true;
      return this;
    }
  }

  /**
   * The configuration in force.
   *
   * @throws IllegalStateException before {@link #start()}
   */
  @Override
  public ModelConfig current() {
    ModelConfig config = current;
    if (config == null) {
      throw new IllegalStateException(this + " has not been started: call start() first");
    }
    return config;
  }

  /**
   * Whether {@link #start()} has succeeded; stays {@code true} after {@link #close()}. A {@code
   * BedrockKit} starts a source it is given that is not started yet.
   */
  public boolean isStarted() {
    synchronized (lifecycle) {
      return started;
    }
  }

  /**
   * Re-reads the parameter now, on the calling thread, as the scheduler would (for tests and admin
   * endpoints); waits for a refresh in progress to finish first.
   *
   * @return the configuration in force afterwards
   * @throws IllegalStateException before {@link #start()} or after {@link #close()}
   */
  public ModelConfig refreshNow() {
    synchronized (lifecycle) {
      if (closed) {
        throw new IllegalStateException(this + " is closed");
      }
      if (!started) {
        throw new IllegalStateException(this + " has not been started: call start() first");
      }
    }
    refreshLock.lock();
    try {
      refresh();
    } finally {
      refreshLock.unlock();
    }
    return current;
  }

  /** What the source is doing now. */
  public Status status() {
    return status;
  }

  /** The parameter this source reads. */
  public String parameterName() {
    return parameterName;
  }

  /**
   * Stops the refreshes; the default scheduler's thread is shut down and waited for. {@link
   * #current()} keeps returning the last configuration. Calling it again does nothing.
   */
  @Override
  public void close() {
    ScheduledExecutorService toShutDown = null;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (task != null) {
        task.cancel(false);
      }
      if (scheduler != null && scheduler != injectedScheduler) {
        toShutDown = scheduler;
      }
    }
    if (toShutDown != null) {
      toShutDown.shutdownNow();
      if (Thread.currentThread() != ownedThread) {
        try {
          if (!toShutDown.awaitTermination(10, TimeUnit.SECONDS)) {
            LOG.warn("{}: the refresh thread did not stop within 10 s", this);
          }
          // A terminated pool's last worker may still be returning: wait until it has exited.
          Thread worker = ownedThread;
          if (worker != null) {
            worker.join(TimeUnit.SECONDS.toMillis(10));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "ParameterStoreConfigSource(" + parameterName + ")";
  }

  private ScheduledExecutorService newDefaultScheduler() {
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, THREAD_NAME);
              thread.setDaemon(true);
              ownedThread = thread;
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }

  private Parameter read() {
    return ssm.getParameter(
            GetParameterRequest.builder().name(parameterName).withDecryption(true).build())
        .parameter();
  }

  /** The first read: failures are fatal unless there is a fallback. Holds refreshLock. */
  private void loadFirst() {
    Parameter parameter;
    try {
      parameter = read();
    } catch (RuntimeException e) {
      ConfigurationException error = unreadable(e);
      if (fallback == null) {
        throw new ConfigurationException("", error.getMessage() + FALLBACK_HINT, e);
      }
      LOG.warn("{}; using the fallback model configuration (version {})", error.getMessage(),
          fallback.version());
      unavailable = true;
      unavailableSince = clock.instant();
      notifyListeners(listener -> listener.onUnavailable(e), "onUnavailable");
      activate(fallback, null);
      return;
    }
    lastSuccessfulRead = clock.instant();
    String version = Long.toString(parameter.version());
    ModelConfig config;
    try {
      config = ModelConfigParser.parse(parameter.value(), version);
    } catch (ConfigurationException e) {
      ConfigurationException error = invalid(version, e);
      if (fallback == null) {
        throw new ConfigurationException(
            error.path(),
            error.getMessage()
                + ". Fix the document in a new version of the parameter"
                + FALLBACK_HINT);
      }
      rejectedVersion = version;
      LOG.warn("{}; using the fallback model configuration (version {})", error.getMessage(),
          fallback.version());
      notifyListeners(listener -> listener.onRejected(version, error), "onRejected");
      activate(fallback, null);
      return;
    }
    activate(config, version);
  }

  private void scheduledRefresh() {
    try {
      refreshLock.lock();
      try {
        refresh();
      } finally {
        refreshLock.unlock();
      }
    } catch (RuntimeException e) {
      // Never let an exception cancel the schedule: the executor would stop running the task.
      LOG.error("{}: unexpected failure while refreshing the model configuration", this, e);
    }
  }

  /** One refresh; holds refreshLock. */
  private void refresh() {
    if (closed) {
      return;
    }
    Parameter parameter;
    try {
      parameter = read();
    } catch (RuntimeException e) {
      if (closed) {
        return;
      }
      if (!unavailable) {
        unavailable = true;
        unavailableSince = clock.instant();
        LOG.warn(
            "Could not read Parameter Store parameter '{}' ({}); keeping model configuration"
                + " version {} and retrying every {}",
            parameterName, reason(e), current.version(), refreshInterval);
      } else {
        LOG.debug(
            "Parameter Store parameter '{}' is still unreadable ({}); keeping model configuration"
                + " version {}",
            parameterName, reason(e), current.version());
      }
      updateStatus();
      notifyListeners(listener -> listener.onUnavailable(e), "onUnavailable");
      return;
    }
    Instant now = clock.instant();
    lastSuccessfulRead = now;
    if (unavailable) {
      unavailable = false;
      LOG.info(
          "Parameter Store parameter '{}' is readable again after {}",
          parameterName, Duration.between(unavailableSince, now));
    }
    String version = Long.toString(parameter.version());
    if (version.equals(loadedVersion) || version.equals(rejectedVersion)) {
      updateStatus();
      return;
    }
    ModelConfig config;
    try {
      config = ModelConfigParser.parse(parameter.value(), version);
    } catch (ConfigurationException e) {
      rejectedVersion = version;
      ConfigurationException error = invalid(version, e);
      LOG.warn(
          "Rejected version {} of Parameter Store parameter '{}'; keeping model configuration"
              + " version {}: {}",
          version, parameterName, current.version(), e.getMessage());
      updateStatus();
      notifyListeners(listener -> listener.onRejected(version, error), "onRejected");
      return;
    }
    activate(config, version);
  }

  /** Puts {@code config} in force; {@code version} is null for the fallback. Holds refreshLock. */
  private void activate(ModelConfig config, String version) {
    loadedVersion = version;
    current = config;
    updateStatus();
    if (version != null) {
      LOG.info(
          "Loaded model configuration version {} from Parameter Store parameter '{}' (chains: {};"
              + " {})",
          version,
          parameterName,
          String.join(", ", config.chains().keySet()),
          config.enabled() ? "enabled" : "kill switch engaged: model calls are off");
    }
    notifyListeners(listener -> listener.onLoaded(config), "onLoaded");
  }

  private void updateStatus() {
    ModelConfig config = current;
    status =
        new Status(
            parameterName,
            config == null ? null : config.version(),
            config != null && loadedVersion == null,
            rejectedVersion,
            unavailable,
            lastSuccessfulRead);
  }

  private void notifyListeners(java.util.function.Consumer<ConfigListener> call, String method) {
    for (ConfigListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("{}: ConfigListener {} threw from {}; ignored", this, listener, method, e);
      }
    }
  }

  private ConfigurationException invalid(String version, ConfigurationException problem) {
    return new ConfigurationException(
        problem.path(),
        "Parameter Store parameter '"
            + parameterName
            + "' version "
            + version
            + " holds an invalid model configuration: "
            + problem.getMessage());
  }

  private ConfigurationException unreadable(RuntimeException e) {
    String region = region();
    String where = "Parameter Store parameter '" + parameterName + "' in " + region;
    String message;
    if (e instanceof ParameterNotFoundException) {
      message =
          where
              + " was not found: create it with the model configuration document (aws ssm"
              + " put-parameter --name "
              + parameterName
              + " --type String --value file://models.json)";
    } else if (isAccessDenied(e)) {
      message =
          "Access denied reading "
              + where
              + ": allow ssm:GetParameter on "
              + parameterArn(region)
              + " (and kms:Decrypt on its key if it is a SecureString)";
    } else if (e instanceof InvalidKeyIdException) {
      message =
          where
              + " could not be decrypted ("
              + reason(e)
              + "): check the KMS key of the SecureString and allow kms:Decrypt on it";
    } else {
      message =
          "Could not read "
              + where
              + " ("
              + reason(e)
              + "): check that Systems Manager is reachable (from private subnets through a VPC"
              + " endpoint for ssm) and retry";
    }
    return new ConfigurationException("", message, e);
  }

  private static boolean isAccessDenied(RuntimeException e) {
    if (!(e instanceof AwsServiceException)) {
      return false;
    }
    AwsServiceException service = (AwsServiceException) e;
    return service.statusCode() == 403
        || (service.awsErrorDetails() != null
            && "AccessDeniedException".equals(service.awsErrorDetails().errorCode()));
  }

  private String region() {
    Region region = ssm.serviceClientConfiguration().region();
    return region == null ? "the client's Region" : region.id();
  }

  private String parameterArn(String region) {
    String partition = AwsRegions.isValid(region) ? AwsRegions.partition(region) : "aws";
    String name = parameterName.startsWith("/") ? parameterName : "/" + parameterName;
    return "arn:" + partition + ":ssm:" + region + ":<account-id>:parameter" + name;
  }

  /** A short reason for a failed read: the AWS error code and message, or the client error. */
  static String reason(Exception e) {
    if (e instanceof AwsServiceException) {
      AwsServiceException service = (AwsServiceException) e;
      if (service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
        String message = service.awsErrorDetails().errorMessage();
        return service.awsErrorDetails().errorCode()
            + (message == null || message.isBlank() ? "" : ": " + message);
      }
      return "HTTP " + service.statusCode();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /**
   * Builds a {@link ParameterStoreConfigSource}. Each {@link #build()} returns a new, independent
   * source.
   *
   * <p>Not thread-safe.
   */
  public static final class Builder {
    private SsmClient ssmClient;
    private String parameterName;
    private Duration refreshInterval = DEFAULT_REFRESH_INTERVAL;
    private ScheduledExecutorService scheduler;
    private Clock clock = Clock.systemUTC();
    private ModelConfig fallback;
    private final List<ConfigListener> listeners = new ArrayList<>();

    private Builder() {}

    /** The client to read with (required); calls use {@code WithDecryption=true}. */
    public Builder ssmClient(SsmClient ssmClient) {
      this.ssmClient = Objects.requireNonNull(ssmClient, "ssmClient cannot be null");
      return this;
    }

    /** The parameter name (or ARN), e.g. {@code /bedrock-kit/prod/models} (required). */
    public Builder parameterName(String parameterName) {
      Objects.requireNonNull(parameterName, "parameterName cannot be null");
      if (parameterName.isBlank()) {
        throw new IllegalArgumentException("parameterName cannot be blank");
      }
      this.parameterName = parameterName;
      return this;
    }

    /** How often to re-read the parameter; {@link #DEFAULT_REFRESH_INTERVAL} by default. */
    public Builder refreshInterval(Duration refreshInterval) {
      Objects.requireNonNull(refreshInterval, "refreshInterval cannot be null");
      if (refreshInterval.compareTo(MIN_REFRESH_INTERVAL) < 0) {
        throw new IllegalArgumentException(
            "refreshInterval must be >= " + MIN_REFRESH_INTERVAL + ", found " + refreshInterval);
      }
      this.refreshInterval = refreshInterval;
      return this;
    }

    /**
     * The scheduler to run refreshes on; it stays yours ({@link #close()} cancels the refresh task
     * but does not shut it down). By default a single daemon thread named {@value #THREAD_NAME}.
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler cannot be null");
      return this;
    }

    /** The clock for status timestamps and outage durations; the UTC system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock cannot be null");
      return this;
    }

    /**
     * The configuration to use when the first read fails or finds an invalid document, instead of
     * failing {@link #start()}; a WARN is logged and the parameter keeps being re-read.
     */
    public Builder fallback(ModelConfig fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback cannot be null");
      return this;
    }

    /** Adds a listener; listeners are called in the order added. */
    public Builder listener(ConfigListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
      return this;
    }

    /**
     * Builds the source; nothing is read until {@link #start()}.
     *
     * @throws NullPointerException when the SSM client or the parameter name is missing
     */
    public ParameterStoreConfigSource build() {
      Objects.requireNonNull(ssmClient, "ssmClient cannot be null");
      Objects.requireNonNull(parameterName, "parameterName cannot be null");
      return new ParameterStoreConfigSource(this);
    }
  }
}
