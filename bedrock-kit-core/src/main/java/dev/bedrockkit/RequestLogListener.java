package dev.bedrockkit;

import dev.bedrockkit.Attempt.Outcome;
import java.math.BigDecimal;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one structured line per finished request to the logger {@value #LOGGER_NAME} at DEBUG:
 * request ID, operation, chain, template, attribution, model, region, tokens, cost, latency,
 * attempts, outcome, error type, fromCache and degraded. Each field is both in the message as
 * {@code key=value} (readable with any layout) and an SLF4J key-value pair (structured with a
 * JSON encoder). Prompt and response text is never logged: request events carry none. Failures
 * are logged at WARN by the client itself; this line adds their details at DEBUG only.
 *
 * <p>{@code BedrockKit} registers one by default; enable it with
 * {@code <logger name="dev.bedrockkit.requests" level="DEBUG"/>}. Stateless and thread-safe;
 * costs one level check when DEBUG is off.
 */
public final class RequestLogListener implements BedrockKitListener {

  /** The logger name; set it to DEBUG to see one line per request. */
  public static final String LOGGER_NAME = "dev.bedrockkit.requests";

  private static final RequestLogListener INSTANCE = new RequestLogListener();

  private final Logger log = LoggerFactory.getLogger(LOGGER_NAME);

  private RequestLogListener() {}

  /** The shared instance. */
  public static RequestLogListener create() {
    return INSTANCE;
  }

  @Override
  public void onRequest(RequestEvent e) {
    if (!log.isDebugEnabled()) {
      return;
    }
    Line line = new Line(log.atDebug());
    line.add("requestId", e.requestId());
    line.add("operation", e.operation().name().toLowerCase(Locale.ROOT));
    line.add("chain", e.chain());
    line.add("template", e.templateId());
    line.add("attribution", e.attribution());
    line.add("requestedModel", e.requestedModelId());
    line.add("model", e.responseModelId());
    line.add("region", e.region());
    line.add("inputTokens", e.usage().inputTokens());
    line.add("outputTokens", e.usage().outputTokens());
    line.add("cacheReadTokens", e.usage().cacheReadInputTokens());
    line.add("cacheWriteTokens", e.usage().cacheWriteInputTokens());
    line.add("costUsd", e.costUsd().map(BigDecimal::toPlainString).orElse("unknown"));
    line.add("latencyMs", e.latency().toMillis());
    if (e.timeToFirstToken() != null) {
      line.add("timeToFirstTokenMs", e.timeToFirstToken().toMillis());
      line.add("outputChunks", e.outputChunks());
    }
    line.add("attempts", e.attempts().size());
    line.add("outcome", e.outcome().name().toLowerCase(Locale.ROOT));
    if (e.outcome() != Outcome.SUCCESS) {
      line.add("errorType", e.errorType());
    }
    line.add("fromCache", e.fromCache());
    line.add("degraded", e.degraded());
    line.log();
  }

  /** The message text and the key-value pairs of one line. */
  private static final class Line {
    private final LoggingEventBuilder builder;
    private final StringBuilder text = new StringBuilder(320).append("bedrock request");

    Line(LoggingEventBuilder builder) {
      this.builder = builder;
    }

    void add(String key, Object value) {
      builder.addKeyValue(key, value);
      text.append(' ').append(key).append('=');
      String s = String.valueOf(value);
      if (s.isEmpty() || s.chars().anyMatch(c -> c == ' ' || c == '"' || c == '=')) {
        text.append('"').append(s.replace("\"", "\\\"")).append('"');
      } else {
        text.append(s);
      }
    }

    void log() {
      builder.setMessage(text.toString()).log();
    }
  }
}
