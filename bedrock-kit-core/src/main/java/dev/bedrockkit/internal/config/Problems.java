package dev.bedrockkit.internal.config;

import dev.bedrockkit.ConfigurationException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the problems found while validating one configuration, so that a document with three
 * mistakes is reported in one go rather than in three deploy cycles.
 *
 * <p>Not thread-safe: one instance per validation.
 */
public final class Problems {
  /** At most this many problems are spelled out; the rest are counted. */
  static final int MAX_LISTED = 10;

  private final List<String> paths = new ArrayList<>();
  private final List<String> messages = new ArrayList<>();

  /** Records a problem at {@code path} ({@code ""} for the whole document). */
  public void add(String path, String message) {
    paths.add(path);
    messages.add(message);
  }

  /**
   * Records the problem an exception describes, without repeating its path in the message. Used
   * for exceptions built from a single problem, such as those of {@code ModelRef.requirePinned}.
   */
  public void add(ConfigurationException e) {
    String message = e.getMessage();
    String prefix = e.path() + ": ";
    if (!e.path().isEmpty() && message.startsWith(prefix)) {
      message = message.substring(prefix.length());
    }
    add(e.path(), message);
  }

  /** How many problems were recorded. */
  public int size() {
    return paths.size();
  }

  public boolean isEmpty() {
    return paths.isEmpty();
  }

  /** Throws the collected problems as one {@link ConfigurationException}, if there are any. */
  public void throwIfAny() {
    if (!isEmpty()) {
      throw toException();
    }
  }

  /**
   * One exception for all problems: {@code path()} is the first problem's path, and the message is
   * {@code "path: message"} for one problem or a numbered list for several.
   */
  public ConfigurationException toException() {
    if (isEmpty()) {
      throw new IllegalStateException("no problems recorded");
    }
    if (paths.size() == 1) {
      return new ConfigurationException(paths.get(0), describe(0));
    }
    StringBuilder text =
        new StringBuilder().append(paths.size()).append(" problems in the model configuration: ");
    int listed = Math.min(paths.size(), MAX_LISTED);
    for (int i = 0; i < listed; i++) {
      if (i > 0) {
        text.append("; ");
      }
      text.append('(').append(i + 1).append(") ").append(describe(i));
    }
    if (paths.size() > listed) {
      text.append("; and ").append(paths.size() - listed).append(" more");
    }
    return new ConfigurationException(paths.get(0), text.toString());
  }

  private String describe(int i) {
    String path = paths.get(i);
    return path.isEmpty() ? messages.get(i) : path + ": " + messages.get(i);
  }
}
