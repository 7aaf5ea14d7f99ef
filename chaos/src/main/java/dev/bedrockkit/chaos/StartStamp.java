package dev.bedrockkit.chaos;

import java.time.Instant;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Stamps every SDK call with the instant the client started it (header {@value #HEADER}), so
 * that the emulator's journal tells when a call was decided, not only when it arrived: a call
 * started before a switch took effect may arrive just after it.
 *
 * <p>Stateless; thread-safe.
 */
final class StartStamp implements ExecutionInterceptor {
  static final String HEADER = "x-chaos-started";
  private static final ExecutionAttribute<Instant> STARTED = new ExecutionAttribute<>("chaos-started");

  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
    attributes.putAttribute(STARTED, Instant.now());
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    Instant started = attributes.getAttribute(STARTED);
    return started == null
        ? context.httpRequest()
        : context.httpRequest().toBuilder().putHeader(HEADER, started.toString()).build();
  }

  /** When the client started the call behind a journal entry, or {@code null}. */
  static Instant of(dev.bedrockkit.test.RecordedCall call) {
    String v = call.header(HEADER);
    return v == null ? null : Instant.parse(v);
  }
}
