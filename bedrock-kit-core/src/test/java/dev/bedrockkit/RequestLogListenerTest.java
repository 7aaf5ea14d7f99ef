package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

class RequestLogListenerTest {

  @Test
  void writesOneDebugLineWithEveryFieldAsTextAndKeyValuePairs() {
    TokenUsage usage = new TokenUsage(1_000, 500, 0, 0);
    try (CapturedLogs logs = CapturedLogs.of(RequestLogListener.LOGGER_NAME, Level.DEBUG)) {
      RequestLogListener.create()
          .onRequest(
              Events.chat(
                  Events.HAIKU, usage,
                  PricingCatalog.ofDefaults().cost(Events.HAIKU, "us-east-1", usage),
                  "faq", "search"));

      assertThat(logs.events()).hasSize(1);
      ILoggingEvent line = logs.events().get(0);
      assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
      assertThat(line.getLoggerName()).isEqualTo("dev.bedrockkit.requests");
      assertThat(line.getFormattedMessage())
          .isEqualTo(
              "bedrock request requestId=req-1 operation=chat chain=default template=faq"
                  + " attribution=search requestedModel=anthropic.claude-3-haiku-20240307-v1:0"
                  + " model=anthropic.claude-3-haiku-20240307-v1:0 region=us-east-1"
                  + " inputTokens=1000 outputTokens=500 cacheReadTokens=0 cacheWriteTokens=0"
                  + " costUsd=0.00087500 latencyMs=420 attempts=1 outcome=success"
                  + " fromCache=false degraded=false");
      Map<String, Object> kv = new LinkedHashMap<>();
      for (KeyValuePair p : line.getKeyValuePairs()) {
        kv.put(p.key, p.value);
      }
      assertThat(kv)
          .containsEntry("requestId", "req-1")
          .containsEntry("inputTokens", 1_000)
          .containsEntry("costUsd", "0.00087500")
          .containsEntry("latencyMs", 420L)
          .containsEntry("outcome", "success")
          .hasSize(18);
    }
  }

  @Test
  void failedStreamLineCarriesErrorTypeUnknownCostAndStreamTiming() {
    try (CapturedLogs logs = CapturedLogs.of(RequestLogListener.LOGGER_NAME, Level.DEBUG)) {
      RequestLogListener.create().onRequest(Events.throttledFailure(Events.HAIKU));

      assertThat(logs.events().get(0).getFormattedMessage())
          .contains(" costUsd=unknown ")
          .contains(" attempts=2 outcome=throttled errorType=ThrottledException ")
          .contains(" model=null region=null ");
      assertThat(logs.events().get(0).getLevel()).isEqualTo(Level.DEBUG);
    }
  }

  @Test
  void logsNothingWhenDebugIsOff() {
    try (CapturedLogs logs = CapturedLogs.of(RequestLogListener.LOGGER_NAME, Level.INFO)) {
      RequestLogListener.create().onRequest(Events.throttledFailure(Events.HAIKU));

      assertThat(logs.events()).isEmpty();
    }
  }
}
