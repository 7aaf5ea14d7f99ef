package dev.bedrockkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures what one logger (and its children) writes, at the given level and above. */
final class CapturedLogs implements AutoCloseable {
  private final Logger logger;
  private final Level previous;
  private final boolean additive;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private CapturedLogs(String name, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(name);
    this.previous = logger.getLevel();
    this.additive = logger.isAdditive();
    appender.start();
    logger.addAppender(appender);
    logger.setAdditive(false); // captured lines stay off the console
    if (level != null) {
      logger.setLevel(level);
    }
  }

  /** Captures {@code name} at its configured level. */
  static CapturedLogs of(String name) {
    return new CapturedLogs(name, null);
  }

  /** Captures {@code name}, setting its level for the duration. */
  static CapturedLogs of(String name, Level level) {
    return new CapturedLogs(name, level);
  }

  static CapturedLogs of(Class<?> type) {
    return of(type.getName());
  }

  List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  List<ILoggingEvent> atLeast(Level level) {
    return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    logger.setLevel(previous);
    logger.setAdditive(additive);
  }
}
