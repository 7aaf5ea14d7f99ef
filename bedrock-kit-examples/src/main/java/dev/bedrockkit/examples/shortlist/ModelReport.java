package dev.bedrockkit.examples.shortlist;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One model's line of the shortlist: what its measured requests showed, and what it would cost.
 *
 * <ul>
 *   <li>Latency and time to first token are over successful requests, from the request's start
 *       (bedrock-kit's retries included, as a user would wait); percentiles are nearest-rank, so
 *       with fewer than 100 requests p99 is the slowest request.
 *   <li>Output tokens per second is the median over successful requests of output tokens divided
 *       by the time from the first to the last token.
 *   <li>Error rate is failed requests (after retries) over requests; throttle rate is calls
 *       Bedrock throttled over every call bedrock-kit made, retries included.
 *   <li>Cost is the mean cost of a successful request at list prices (a throttled call is not
 *       billed); USD per 1,000 requests is exactly that mean times 1,000, and the monthly cost is
 *       exactly that mean times requests per day times {@value #DAYS_PER_MONTH} days.
 * </ul>
 *
 * <p>Immutable and thread-safe. Nullable numbers are {@code null} when there is no successful
 * request to measure; cost fields are {@code null} when the price is unknown.
 *
 * @param modelId the model
 * @param requests measured requests
 * @param succeeded requests answered in full
 * @param failed requests that failed after retries
 * @param errorRate failed / requests
 * @param attempts calls bedrock-kit made (retries included)
 * @param throttledAttempts calls Bedrock throttled
 * @param throttleRate throttled / attempts (0 when no call was made)
 * @param latencyP50Ms median latency in ms
 * @param latencyP99Ms 99th percentile latency in ms
 * @param ttftP50Ms median time to first token in ms
 * @param ttftP99Ms 99th percentile time to first token in ms
 * @param outputTokensPerSecond median generation speed
 * @param meanInputTokens mean input tokens of a successful request
 * @param meanOutputTokens mean output tokens of a successful request
 * @param priceKnown whether the pricing catalog has a price for the model
 * @param meanCostUsd mean USD cost of a successful request
 * @param usdPer1000Requests {@code meanCostUsd × 1000}
 * @param monthlyUsd {@code meanCostUsd × requestsPerDay × 30}
 * @param monthlyUsdAt10x {@code monthlyUsd × 10}
 * @param errors failed requests by kind, most frequent first
 * @param firstError the first failure's message, or {@code null}
 */
public record ModelReport(
    String modelId,
    int requests,
    int succeeded,
    int failed,
    double errorRate,
    long attempts,
    long throttledAttempts,
    double throttleRate,
    Double latencyP50Ms,
    Double latencyP99Ms,
    Double ttftP50Ms,
    Double ttftP99Ms,
    Double outputTokensPerSecond,
    Double meanInputTokens,
    Double meanOutputTokens,
    boolean priceKnown,
    BigDecimal meanCostUsd,
    BigDecimal usdPer1000Requests,
    BigDecimal monthlyUsd,
    BigDecimal monthlyUsdAt10x,
    Map<String, Integer> errors,
    String firstError) {

  /** Days in the projected month. */
  public static final int DAYS_PER_MONTH = 30;

  private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
  private static final BigDecimal TEN = BigDecimal.TEN;

  public ModelReport {
    errors = Collections.unmodifiableMap(new LinkedHashMap<>(errors));
  }

  /**
   * Summarises one model's results.
   *
   * @param priceKnown whether the model has a price in the region it was called in
   * @param requestsPerDay today's volume
   */
  public static ModelReport of(
      String modelId,
      List<RequestResult> results,
      AttemptCounter.Counts counts,
      boolean priceKnown,
      long requestsPerDay) {
    List<RequestResult> ok = results.stream().filter(RequestResult::ok).toList();
    int failed = results.size() - ok.size();
    List<Double> latencies = new ArrayList<>();
    List<Double> ttfts = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    long in = 0;
    long out = 0;
    BigDecimal cost = BigDecimal.ZERO;
    boolean costKnown = priceKnown;
    for (RequestResult r : ok) {
      latencies.add(r.latencyNanos() / 1e6);
      if (r.timeToFirstTokenNanos() >= 0) {
        ttfts.add(r.timeToFirstTokenNanos() / 1e6);
        long generation = r.latencyNanos() - r.timeToFirstTokenNanos();
        if (generation > 0 && r.usage().outputTokens() > 0) {
          speeds.add(r.usage().outputTokens() / (generation / 1e9));
        }
      }
      in += r.usage().inputTokens();
      out += r.usage().outputTokens();
      Optional<BigDecimal> c = r.costUsd();
      if (c.isPresent()) {
        cost = cost.add(c.get());
      } else {
        costKnown = false;
      }
    }
    BigDecimal mean = null;
    BigDecimal per1k = null;
    BigDecimal monthly = null;
    BigDecimal monthly10x = null;
    if (costKnown && !ok.isEmpty()) {
      mean = cost.divide(BigDecimal.valueOf(ok.size()), MathContext.DECIMAL128);
      per1k = mean.multiply(THOUSAND);
      monthly = mean.multiply(BigDecimal.valueOf(requestsPerDay)).multiply(BigDecimal.valueOf(DAYS_PER_MONTH));
      monthly10x = monthly.multiply(TEN);
    }
    Map<String, Integer> errors = new LinkedHashMap<>();
    String firstError = null;
    for (RequestResult r : results) {
      if (!r.ok()) {
        errors.merge(r.errorKind(), 1, Integer::sum);
        if (firstError == null) {
          firstError = r.errorMessage();
        }
      }
    }
    Map<String, Integer> sortedErrors = new LinkedHashMap<>();
    errors.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .forEach(e -> sortedErrors.put(e.getKey(), e.getValue()));
    int n = results.size();
    return new ModelReport(
        modelId,
        n,
        ok.size(),
        failed,
        n == 0 ? 0 : (double) failed / n,
        counts.attempts(),
        counts.throttled(),
        counts.attempts() == 0 ? 0 : (double) counts.throttled() / counts.attempts(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        percentile(ttfts, 50),
        percentile(ttfts, 99),
        percentile(speeds, 50),
        ok.isEmpty() ? null : (double) in / ok.size(),
        ok.isEmpty() ? null : (double) out / ok.size(),
        priceKnown,
        mean,
        per1k,
        monthly,
        monthly10x,
        sortedErrors,
        firstError);
  }

  /** Nearest-rank percentile: the smallest value with at least p % of values at or below it. */
  static Double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
