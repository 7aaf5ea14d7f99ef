package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.CallPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A whole shortlist run: how it was made (mode, prompts, volume, bedrock-kit's call policy,
 * prices) and one {@link ModelReport} per model, in the order given.
 *
 * <p>Immutable and thread-safe.
 *
 * @param mode {@code bedrock us-east-1} or {@code emulator (realistic latency)}
 * @param region the Region called and priced in
 * @param promptSource the prompt file or directory
 * @param promptCount prompts read
 * @param requestsPerModel measured requests per model
 * @param concurrency requests in flight at once
 * @param warmupPerModel unmeasured requests per model
 * @param requestsPerDay today's volume
 * @param policy bedrock-kit's call policy for every request
 * @param pricesAsOf when the built-in list prices were checked
 * @param wallTime duration of the measured run
 * @param throttlesInjected throttles the emulator injected, or {@code null} against Bedrock
 * @param generatedAt when the run ended
 * @param models one line per model
 */
public record ShortlistReport(
    String mode,
    String region,
    String promptSource,
    int promptCount,
    int requestsPerModel,
    int concurrency,
    int warmupPerModel,
    long requestsPerDay,
    CallPolicy policy,
    String pricesAsOf,
    Duration wallTime,
    Long throttlesInjected,
    Instant generatedAt,
    List<ModelReport> models) {

  public ShortlistReport {
    models = List.copyOf(models);
  }

  /** A copy with the emulator's count of injected throttles. */
  public ShortlistReport withThrottlesInjected(long injected) {
    return new ShortlistReport(
        mode, region, promptSource, promptCount, requestsPerModel, concurrency, warmupPerModel,
        requestsPerDay, policy, pricesAsOf, wallTime, injected, generatedAt, models);
  }

  /** bedrock-kit's retry settings in words, for the report. */
  public String policyDescription() {
    return policy.maxAttempts() + " attempt(s) per request, full-jitter backoff "
        + words(policy.backoffBase()) + " to " + words(policy.backoffMax()) + ", retry budget "
        + Math.round(policy.retryBudgetRatio() * 100) + " % of requests + "
        + policy.retryBudgetMinPerSecond() + "/s, " + words(policy.attemptTimeout())
        + " per attempt, " + words(policy.deadline())
        + " per request, circuit breaker off, SDK retries off";
  }

  private static String words(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
