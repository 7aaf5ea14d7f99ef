package dev.bedrockkit.chaos;

import dev.bedrockkit.MetricNames;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import java.time.Instant;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Stamps every Bedrock call with two instants, as request headers the emulator's journal keeps:
 * when bedrock-kit decided to make the attempt ({@value #DECIDED}: its attempt observation starts
 * right after its last check of the kill switch, on the thread that then calls the SDK) and when
 * the SDK started the call ({@value #STARTED}). A switch thrown between the two does not stop that
 * call, as it cannot stop a call already on the wire; the journal alone, which only knows when a
 * call arrived, could not tell the two apart.
 *
 * <p>Thread-safe: the decision travels in a thread-local from the observation to the SDK's
 * {@code beforeExecution}, which runs on the thread that calls the client.
 */
final class StartStamp implements ExecutionInterceptor {
  static final String STARTED = "x-chaos-started";
  static final String DECIDED = "x-chaos-decided";
  private static final ThreadLocal<Instant> DECISION = new ThreadLocal<>();
  private static final ExecutionAttribute<Instant> STARTED_AT = new ExecutionAttribute<>("chaos-started");
  private static final ExecutionAttribute<Instant> DECIDED_AT = new ExecutionAttribute<>("chaos-decided");

  /** The observation handler that notes when bedrock-kit decides an attempt. */
  static final class Decisions implements ObservationHandler<Observation.Context> {
    @Override
    public void onStart(Observation.Context context) {
      if (MetricNames.OBSERVATION_ATTEMPT.equals(context.getName())) {
        DECISION.set(Instant.now());
      }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED_AT, Instant.now());
    Instant decided = DECISION.get();
    if (decided != null) {
      attributes.putAttribute(DECIDED_AT, decided);
      DECISION.remove();
    }
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    SdkHttpRequest.Builder b = context.httpRequest().toBuilder();
    Instant started = attributes.getAttribute(STARTED_AT);
    Instant decided = attributes.getAttribute(DECIDED_AT);
    if (started != null) {
      b.putHeader(STARTED, started.toString());
    }
    if (decided != null) {
      b.putHeader(DECIDED, decided.toString());
    }
    return b.build();
  }

  /** When the SDK started the call behind a journal entry, or {@code null}. */
  static Instant started(dev.bedrockkit.test.RecordedCall call) {
    String v = call.header(STARTED);
    return v == null ? null : Instant.parse(v);
  }

  /**
   * When bedrock-kit decided the call behind a journal entry; the SDK's start when unknown (a
   * later instant, so the count stays conservative).
   */
  static Instant decided(dev.bedrockkit.test.RecordedCall call) {
    String v = call.header(DECIDED);
    return v == null ? started(call) : Instant.parse(v);
  }
}
