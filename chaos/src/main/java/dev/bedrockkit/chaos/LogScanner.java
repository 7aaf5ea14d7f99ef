package dev.bedrockkit.chaos;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * Watches every log event of a run (attached to the root logger) without keeping them: an event
 * at INFO or above that contains a forbidden text (a prompt canary), or an event at any level that
 * matches a secret pattern, is a violation. Also counts events by level, and keeps the WARN and
 * ERROR lines (bounded) for the report.
 *
 * <p>Thread-safe.
 */
public final class LogScanner extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  /** Secret-looking text: AWS access key IDs, private keys, secret assignments. */
  public static final List<Pattern> SECRET_PATTERNS = SecretPatterns.ALL;

  private final List<String> forbiddenAtInfo = new CopyOnWriteArrayList<>();
  private final List<String> forbiddenAnywhere = new CopyOnWriteArrayList<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Map<Level, AtomicLong> counts = new ConcurrentHashMap<>();
  private final Logger root;
  private final List<Logger> raised = new ArrayList<>();
  private final List<Level> previous = new ArrayList<>();

  private LogScanner() {
    root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    setContext(root.getLoggerContext());
    setName("chaos-log-scanner");
  }

  /**
   * Attaches a scanner to the root logger, and sets bedrock-kit's own loggers to DEBUG for the
   * duration so that their DEBUG lines are scanned too.
   */
  public static LogScanner attach() {
    LogScanner s = new LogScanner();
    s.start();
    s.root.addAppender(s);
    s.doRaise("dev.bedrockkit", Level.DEBUG);
    return s;
  }

  /** Sets logger {@code name} to {@code level} until {@link #close()} (to scan its lines too). */
  public LogScanner raise(String name, Level level) {
    doRaise(name, level);
    return this;
  }

  private void doRaise(String name, Level level) {
    Logger l = (Logger) LoggerFactory.getLogger(name);
    raised.add(l);
    previous.add(l.getLevel());
    l.setLevel(level);
  }

  /** Text (a prompt canary) that must never appear in an event at INFO or above. */
  public LogScanner forbidAtInfo(String text) {
    forbiddenAtInfo.add(text);
    return this;
  }

  /** Text (a password) that must never appear in any event, at any level. */
  public LogScanner forbidAnywhere(String text) {
    forbiddenAnywhere.add(text);
    return this;
  }

  @Override
  protected void append(ILoggingEvent e) {
    counts.computeIfAbsent(e.getLevel(), l -> new AtomicLong()).incrementAndGet();
    String text = render(e);
    boolean infoOrAbove = e.getLevel().isGreaterOrEqual(Level.INFO);
    if (infoOrAbove) {
      for (String f : forbiddenAtInfo) {
        if (text.contains(f)) {
          violation(e, "contains a prompt or answer (" + abbreviate(f) + ")");
        }
      }
    }
    for (String f : forbiddenAnywhere) {
      if (text.contains(f)) {
        violation(e, "contains a secret given to the run");
      }
    }
    for (Pattern p : SECRET_PATTERNS) {
      var m = p.matcher(text);
      while (m.find()) {
        if (!SecretPatterns.isAllowed(m.group())) {
          violation(e, "matches secret pattern " + p.pattern());
        }
      }
    }
    if (e.getLevel().isGreaterOrEqual(Level.WARN) && warnings.size() < 200) {
      warnings.add(e.getLevel() + " " + e.getLoggerName() + " - " + e.getFormattedMessage());
    }
  }

  private void violation(ILoggingEvent e, String why) {
    if (violations.size() < 50) {
      violations.add(e.getLevel() + " " + e.getLoggerName() + ": " + why);
    }
  }

  private static String render(ILoggingEvent e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getFormattedMessage()));
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      sb.append('\n').append(t.getClassName()).append(": ").append(t.getMessage());
      StackTraceElementProxy[] st = t.getStackTraceElementProxyArray();
      if (st != null && st.length > 0) {
        sb.append(" at ").append(st[0].getSTEAsString());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    e.getMDCPropertyMap().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
    return sb.toString();
  }

  private static String abbreviate(String s) {
    return s.length() <= 24 ? s : s.substring(0, 24) + "...";
  }

  /** Violations so far (bounded at 50). */
  public List<String> violations() {
    return List.copyOf(violations);
  }

  /** WARN and ERROR lines so far (bounded at 200). */
  public List<String> warnings() {
    return List.copyOf(warnings);
  }

  /** Events seen at {@code level}. */
  public long count(Level level) {
    AtomicLong n = counts.get(level);
    return n == null ? 0 : n.get();
  }

  /** Forgets violations and warnings (counts too), keeping what is forbidden. */
  public void clear() {
    violations.clear();
    warnings.clear();
    counts.clear();
  }

  @Override
  public void close() {
    root.detachAppender(this);
    for (int i = 0; i < raised.size(); i++) {
      raised.get(i).setLevel(previous.get(i));
    }
    stop();
  }
}
