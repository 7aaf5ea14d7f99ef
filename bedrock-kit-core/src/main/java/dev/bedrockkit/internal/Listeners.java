package dev.bedrockkit.internal;

import dev.bedrockkit.BedrockKitListener;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: fans events out to every listener; a listener that throws is logged once and
 * otherwise ignored, so metrics or audit code never fails a request.
 *
 * <p>Thread-safe.
 */
public final class Listeners implements BedrockKitListener {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<BedrockKitListener> listeners;
  private final AtomicBoolean warned = new AtomicBoolean();

  public Listeners(List<BedrockKitListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  @Override
  public void onAttempt(AttemptEvent event) {
    for (BedrockKitListener l : listeners) {
      try {
        l.onAttempt(event);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void onFallback(FallbackEvent event) {
    for (BedrockKitListener l : listeners) {
      try {
        l.onFallback(event);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void onCircuitStateChange(CircuitEvent event) {
    for (BedrockKitListener l : listeners) {
      try {
        l.onCircuitStateChange(event);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  @Override
  public void onRequest(RequestEvent event) {
    for (BedrockKitListener l : listeners) {
      try {
        l.onRequest(event);
      } catch (RuntimeException e) {
        failed(l, e);
      }
    }
  }

  private void failed(BedrockKitListener listener, RuntimeException e) {
    if (warned.compareAndSet(false, true)) {
      log.warn("BedrockKitListener {} threw; ignoring it (logged once)", listener.getClass().getName(), e);
    } else {
      log.debug("BedrockKitListener {} threw again", listener.getClass().getName(), e);
    }
  }
}
