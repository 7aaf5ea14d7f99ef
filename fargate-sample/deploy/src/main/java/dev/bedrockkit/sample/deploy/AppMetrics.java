package dev.bedrockkit.sample.deploy;

import dev.bedrockkit.MetricNames;

/**
 * The CloudWatch metric names the alarms and the dashboard read: bedrock-kit's Micrometer meters
 * ({@link MetricNames}) as the sample service writes them in CloudWatch embedded metric format
 * ({@code dev.bedrockkit.sample.metrics.EmfMeterRegistry} in {@code fargate-sample}, the names of
 * Micrometer's CloudWatch registry). It keeps the meter name, appends the statistic ({@code .count}
 * for a counter, {@code .value} for a gauge, {@code .sum}/{@code .count}/{@code .avg}/{@code .max}
 * for a timer, in milliseconds) and turns every tag into a dimension. The queries therefore use
 * CloudWatch Metrics Insights, which aggregates over all dimension values (models, Regions). The
 * sample's {@code EmfMeterRegistryTest} pins the same strings.
 *
 * <p>Constants and pure functions only; safe to use from any thread.
 */
public final class AppMetrics {
  /** Throttled Bedrock attempts per period ({@link MetricNames#THROTTLES}). */
  public static final String THROTTLES = MetricNames.THROTTLES + ".count";
  /** Circuit state per model and Region: 0 closed, 1 half-open, 2 open ({@link MetricNames#CIRCUIT_STATE}). */
  public static final String CIRCUIT_STATE = MetricNames.CIRCUIT_STATE + ".value";
  /** Mean model operation duration in ms ({@link MetricNames#OPERATION_DURATION}). */
  public static final String OPERATION_DURATION_AVG = MetricNames.OPERATION_DURATION + ".avg";
  /** Longest model operation in ms ({@link MetricNames#OPERATION_DURATION}). */
  public static final String OPERATION_DURATION_MAX = MetricNames.OPERATION_DURATION + ".max";
  /** What model calls cost in USD ({@link MetricNames#COST}). */
  public static final String COST = MetricNames.COST + ".count";
  /** Degraded answers given ({@link MetricNames#DEGRADED}). */
  public static final String DEGRADED = MetricNames.DEGRADED + ".count";

  /** The circuit-state value of an open circuit. */
  public static final int CIRCUIT_OPEN = 2;

  private AppMetrics() {}

  /**
   * A Metrics Insights query over every dimension of {@code metric} in {@code namespace}, e.g.
   * {@code SELECT SUM("bedrockkit.throttles.count") FROM "BedrockKit/Sample"}.
   */
  public static String query(String function, String metric, String namespace) {
    return "SELECT " + function + "(\"" + metric + "\") FROM \"" + namespace + "\"";
  }
}
