package dev.bedrockkit.benchmarks.harness;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/**
 * Counts HTTP attempts per model ID as the SDK sends them, SDK retries included, whichever
 * library made the call: the one honest "calls per model" for every library alike. Thread-safe.
 */
public final class CallCounter implements ExecutionInterceptor {
  private final Map<String, LongAdder> byModel = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String model = null;
    if (context.request() instanceof ConverseRequest r) {
      model = r.modelId();
    } else if (context.request() instanceof ConverseStreamRequest r) {
      model = r.modelId();
    }
    if (model != null) {
      byModel.computeIfAbsent(model, k -> new LongAdder()).increment();
    }
  }

  /** Attempts per model since the last reset. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    byModel.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  public long count(String modelId) {
    LongAdder a = byModel.get(modelId);
    return a == null ? 0 : a.sum();
  }

  public void reset() {
    byModel.clear();
  }
}
