package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.LatencyModel;
import dev.bedrockkit.test.ModelProfile;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything one emulator instance knows: models, scripts, faults, journal, prompt cache,
 * parameters, clock and latency settings. Thread-safe (each part is).
 */
public final class EmulatorState {
  private final Clock clock;
  private final ModelRegistry models;
  private final ScriptBook scripts;
  private final Responder responder;
  private final FaultEngine faults = new FaultEngine();
  private final JournalImpl journal;
  private final PromptCache promptCache = new PromptCache();
  private final ParameterStore parameters;
  private final LatencyModel latencyOverride;
  private final boolean realisticLatency;
  private final String defaultRegion;
  private final AtomicLong requests = new AtomicLong();

  /**
   * Creates the state.
   *
   * @param clock the clock for timestamps
   * @param models the model registry
   * @param scripts the scripts
   * @param journal the journal
   * @param parameters the parameter store
   * @param latencyOverride latency for every model, or null
   * @param realisticLatency whether to use each profile's latency when there is no override
   * @param defaultRegion region assumed for unsigned requests
   */
  public EmulatorState(
      Clock clock,
      ModelRegistry models,
      ScriptBook scripts,
      JournalImpl journal,
      ParameterStore parameters,
      LatencyModel latencyOverride,
      boolean realisticLatency,
      String defaultRegion) {
    this.clock = clock;
    this.models = models;
    this.scripts = scripts;
    this.responder = new Responder(scripts);
    this.journal = journal;
    this.parameters = parameters;
    this.latencyOverride = latencyOverride;
    this.realisticLatency = realisticLatency;
    this.defaultRegion = defaultRegion;
  }

  /** Restores the state the emulator was built with. */
  public void reset() {
    faults.reset();
    journal.clear();
    promptCache.reset();
    scripts.reset();
    models.reset();
    parameters.reset();
  }

  /**
   * Returns the latency model in effect for a model.
   *
   * @param profile the model
   * @return the latency
   */
  public LatencyModel latencyFor(ModelProfile profile) {
    if (latencyOverride != null) {
      return latencyOverride;
    }
    return realisticLatency ? profile.latency() : LatencyModel.ZERO;
  }

  /** @return a new request ID, deterministic per emulator instance */
  public String nextRequestId() {
    long n = requests.incrementAndGet();
    return new UUID(0x5eed_0000_0000_4000L | (n >>> 48), 0x8000_0000_0000_0000L | n).toString();
  }

  /** @return the clock */
  public Clock clock() {
    return clock;
  }

  /** @return the models */
  public ModelRegistry models() {
    return models;
  }

  /** @return the scripts */
  public ScriptBook scripts() {
    return scripts;
  }

  /** @return the responder */
  public Responder responder() {
    return responder;
  }

  /** @return the fault engine */
  public FaultEngine faults() {
    return faults;
  }

  /** @return the journal */
  public JournalImpl journal() {
    return journal;
  }

  /** @return the prompt cache */
  public PromptCache promptCache() {
    return promptCache;
  }

  /** @return the parameter store */
  public ParameterStore parameters() {
    return parameters;
  }

  /** @return the region assumed for unsigned requests */
  public String defaultRegion() {
    return defaultRegion;
  }
}
