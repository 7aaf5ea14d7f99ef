package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;
import dev.bedrockkit.test.internal.EmulatorServer;
import dev.bedrockkit.test.internal.EmulatorState;
import dev.bedrockkit.test.internal.JournalImpl;
import dev.bedrockkit.test.internal.ModelRegistry;
import dev.bedrockkit.test.internal.ParameterStore;
import dev.bedrockkit.test.internal.Router;
import dev.bedrockkit.test.internal.ScriptBook;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A local Amazon Bedrock Runtime and SSM Parameter Store that the real AWS SDK clients talk to
 * through {@code endpointOverride(emulator.endpoint())}: same paths, JSON shapes, headers, error
 * types and binary event-stream framing.
 *
 * <p>Answers are deterministic: text is {@code [<modelId>] echo: <last user text>}, tokens are
 * {@code ceil(chars / 4)}, a forced tool gets an input generated from its JSON Schema. Faults,
 * scripts and the journal change or observe that. The caller's region comes from the SigV4
 * credential scope, so one emulator serves clients of several regions.
 *
 * <pre>{@code
 * try (BedrockEmulator emulator = BedrockEmulator.builder().start()) {
 *   BedrockRuntimeClient client = BedrockRuntimeClient.builder()
 *       .endpointOverride(emulator.endpoint()) ... .build();
 * }
 * }</pre>
 *
 * <p>Thread-safe: requests are served concurrently; faults, scripts, models and parameters may be
 * changed while serving. {@link #start()} and {@link #stop()} must not race each other.
 */
public final class BedrockEmulator implements AutoCloseable {
  private final EmulatorState state;
  private final Faults faults;
  private final int requestedPort;
  private final int containerThreads;
  private final int streamThreads;
  private EmulatorServer server;

  private BedrockEmulator(Builder b) {
    List<ModelProfile> models = new ArrayList<>(ModelCatalog.builtIn());
    models.addAll(b.models.values());
    List<ParameterStore.Version> params = new ArrayList<>();
    b.parameters.forEach(
        (name, typeAndValue) ->
            params.add(new ParameterStore.Version(
                name, typeAndValue[0], typeAndValue[1], 1, b.clock.instant())));
    this.state = new EmulatorState(
        b.clock,
        new ModelRegistry(models),
        new ScriptBook(b.scripts),
        new JournalImpl(b.journalCapacity),
        new ParameterStore(b.clock, params),
        b.latency,
        b.realisticLatency,
        b.defaultRegion);
    this.faults = new Faults(state.faults());
    this.requestedPort = b.port;
    this.containerThreads = b.containerThreads;
    this.streamThreads = b.streamThreads;
  }

  /**
   * Starts a builder with the built-in models, zero latency and any free port.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts serving on 127.0.0.1.
   *
   * @return this emulator
   * @throws IllegalStateException when already running
   */
  public synchronized BedrockEmulator start() {
    if (server != null) {
      throw new IllegalStateException("The emulator is already running on port " + server.port() + ".");
    }
    EmulatorServer s = new EmulatorServer(requestedPort, new Router(state), containerThreads, streamThreads);
    s.start();
    server = s;
    return this;
  }

  /** Stops serving; a no-op when not running. */
  public synchronized void stop() {
    if (server != null) {
      server.stop();
      server = null;
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Returns whether the server is running.
   *
   * @return true between {@link #start()} and {@link #stop()}
   */
  public synchronized boolean isRunning() {
    return server != null && server.isRunning();
  }

  /**
   * Returns the bound port.
   *
   * @return the port
   * @throws IllegalStateException when not running
   */
  public synchronized int port() {
    if (server == null) {
      throw new IllegalStateException("The emulator is not running: call start() first.");
    }
    return server.port();
  }

  /**
   * Returns the endpoint to pass to {@code endpointOverride}, for Bedrock Runtime and SSM alike.
   *
   * @return {@code http://127.0.0.1:<port>}
   */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /**
   * Returns the fault injection API.
   *
   * @return the unscoped faults view
   */
  public Faults faults() {
    return faults;
  }

  /**
   * Returns the request journal.
   *
   * @return the journal
   */
  public Journal journal() {
    return state.journal();
  }

  /**
   * Adds a scripted reply until the next {@link #reset()}; newer scripts win.
   *
   * @param script the script
   * @return this emulator
   */
  public BedrockEmulator script(ScriptedReply script) {
    state.scripts().add(Checks.notNull(script, "script"));
    return this;
  }

  /**
   * Adds or replaces a model until the next {@link #reset()}.
   *
   * @param profile the model
   * @return this emulator
   */
  public BedrockEmulator registerModel(ModelProfile profile) {
    state.models().register(Checks.notNull(profile, "profile"));
    return this;
  }

  /**
   * Writes a {@code String} parameter (a new version when it exists) until the next {@link
   * #reset()}.
   *
   * @param name the parameter name
   * @param value the value
   * @return the version written
   */
  public long putParameter(String name, String value) {
    return putParameter(name, value, ParameterType.STRING);
  }

  /**
   * Writes a parameter (a new version when it exists) until the next {@link #reset()}.
   *
   * @param name the parameter name
   * @param value the value
   * @param type the type
   * @return the version written
   */
  public long putParameter(String name, String value, ParameterType type) {
    Checks.notNull(name, "name");
    Checks.notNull(value, "value");
    Checks.notNull(type, "type");
    return state.parameters().put(name, type.wireName(), value, true);
  }

  /**
   * Returns the latest value of a parameter, decrypted.
   *
   * @param name the parameter name
   * @return the value, or null when there is no such parameter
   */
  public String parameter(String name) {
    var v = state.parameters().get(Checks.notNull(name, "name"), 0);
    return v == null ? null : v.value();
  }

  /**
   * Restores the state the emulator was built with: removes faults, clears the journal and the
   * prompt cache, drops scripts, models and parameters added since (builder ones stay, with
   * their sequences restarted). The server keeps running.
   */
  public void reset() {
    state.reset();
  }

  /**
   * Options of a {@link BedrockEmulator}; {@link #build()} may be called more than once and gives
   * independent emulators. Not thread-safe.
   */
  public static final class Builder {
    /** Default Jetty container threads. */
    public static final int DEFAULT_CONTAINER_THREADS = 64;
    /** Default threads writing delayed or paced responses: one per concurrent paced stream. */
    public static final int DEFAULT_STREAM_THREADS = 256;
    /** Default journal capacity. */
    public static final int DEFAULT_JOURNAL_CAPACITY = 10_000;

    private int port;
    private String defaultRegion = "us-east-1";
    private final Map<String, ModelProfile> models = new LinkedHashMap<>();
    private final List<ScriptedReply> scripts = new ArrayList<>();
    private final Map<String, String[]> parameters = new LinkedHashMap<>();
    private LatencyModel latency;
    private boolean realisticLatency;
    private Clock clock = Clock.systemUTC();
    private int journalCapacity = DEFAULT_JOURNAL_CAPACITY;
    private int containerThreads = DEFAULT_CONTAINER_THREADS;
    private int streamThreads = DEFAULT_STREAM_THREADS;

    private Builder() {}

    /**
     * Sets the port; 0 (the default) picks a free one.
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      Checks.check(port >= 0 && port <= 65535, "port must be in [0, 65535]");
      this.port = port;
      return this;
    }

    /**
     * Sets the region assumed for unsigned requests (default {@code us-east-1}).
     *
     * @param region the region
     * @return this builder
     */
    public Builder defaultRegion(String region) {
      this.defaultRegion = Checks.notNull(region, "region");
      return this;
    }

    /**
     * Adds or replaces a model, kept across {@link BedrockEmulator#reset()}.
     *
     * @param profile the model
     * @return this builder
     */
    public Builder model(ModelProfile profile) {
      Checks.notNull(profile, "profile");
      models.put(profile.modelId(), profile);
      return this;
    }

    /**
     * Adds a scripted reply, kept across {@link BedrockEmulator#reset()}.
     *
     * @param script the script
     * @return this builder
     */
    public Builder script(ScriptedReply script) {
      scripts.add(Checks.notNull(script, "script"));
      return this;
    }

    /**
     * Seeds a {@code String} parameter, kept across {@link BedrockEmulator#reset()}.
     *
     * @param name the name
     * @param value the value
     * @return this builder
     */
    public Builder parameter(String name, String value) {
      return parameter(name, value, ParameterType.STRING);
    }

    /**
     * Seeds a parameter, kept across {@link BedrockEmulator#reset()}.
     *
     * @param name the name
     * @param value the value
     * @param type the type
     * @return this builder
     */
    public Builder parameter(String name, String value, ParameterType type) {
      Checks.notNull(name, "name");
      Checks.notNull(value, "value");
      Checks.notNull(type, "type");
      parameters.put(name, new String[] {type.wireName(), value});
      return this;
    }

    /**
     * Uses one latency model for every model (default {@link LatencyModel#ZERO}).
     *
     * @param latency the latency
     * @return this builder
     */
    public Builder latency(LatencyModel latency) {
      this.latency = Checks.notNull(latency, "latency");
      this.realisticLatency = false;
      return this;
    }

    /**
     * Uses each model's own {@link ModelProfile#latency()}: for benchmarks and demos.
     *
     * @return this builder
     */
    public Builder realisticLatency() {
      this.latency = null;
      this.realisticLatency = true;
      return this;
    }

    /**
     * Sets the clock for journal timestamps and parameter dates.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets how many calls the journal keeps (default {@value #DEFAULT_JOURNAL_CAPACITY}).
     *
     * @param capacity the capacity, >= 1
     * @return this builder
     */
    public Builder journalCapacity(int capacity) {
      Checks.check(capacity >= 1, "capacity must be >= 1");
      this.journalCapacity = capacity;
      return this;
    }

    /**
     * Sets the Jetty container threads (default {@value #DEFAULT_CONTAINER_THREADS}).
     *
     * @param threads the count, >= 8
     * @return this builder
     */
    public Builder containerThreads(int threads) {
      Checks.check(threads >= 8, "threads must be >= 8");
      this.containerThreads = threads;
      return this;
    }

    /**
     * Sets the threads that write delayed and paced responses (default {@value
     * #DEFAULT_STREAM_THREADS}); a paced stream holds one for its whole duration.
     *
     * @param threads the count, >= 1
     * @return this builder
     */
    public Builder streamThreads(int threads) {
      Checks.check(threads >= 1, "threads must be >= 1");
      this.streamThreads = threads;
      return this;
    }

    /**
     * Builds an emulator that is not yet running.
     *
     * @return the emulator
     */
    public BedrockEmulator build() {
      return new BedrockEmulator(this);
    }

    /**
     * Builds and starts an emulator.
     *
     * @return the running emulator
     */
    public BedrockEmulator start() {
      return build().start();
    }
  }
}
