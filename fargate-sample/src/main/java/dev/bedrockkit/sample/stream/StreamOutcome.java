package dev.bedrockkit.sample.stream;

import java.util.Locale;

/** How a chat stream ended; a tag value of {@code sample.chat.streams}. */
public enum StreamOutcome {
  /** The answer was sent in full and the {@code done} event written. */
  DONE,
  /** The model call failed; an {@code error} event was written. */
  ERROR,
  /** The client went away; the model stream was cancelled. */
  CANCELLED,
  /** Open longer than {@code sample.stream.max-duration}; ended with an {@code error} event. */
  TIMEOUT,
  /** The service shut down before the answer ended; ended with an {@code error} event. */
  SHUTDOWN;

  /** The tag value, e.g. {@code cancelled}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
