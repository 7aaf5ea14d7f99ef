package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;

/** The per-request DEBUG line, and no prompt or answer text in any log, on real requests. */
class RequestLoggingIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;
  /** In every prompt; the emulator's answers repeat the prompt, so it is in every answer too. */
  static final String SECRET = "Kx7-patient-record-4711";

  private BedrockKit kit;

  @AfterEach
  void close() {
    if (kit != null) {
      kit.close();
    }
  }

  private BedrockKit.Builder kitBuilder(String... models) {
    return BedrockKit.builder()
        .client(BEDROCK.bedrockClient())
        .asyncClient(BEDROCK.bedrockAsyncClient())
        .models(models)
        .pricing(PricingCatalog.ofDefaults())
        .callPolicy(CallPolicy.builder().backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build());
  }

  @Test
  void bedrockKitWritesOneDebugLinePerRequestWithoutText() {
    kit = kitBuilder(HAIKU).build();
    try (CapturedLogs logs = CapturedLogs.of(RequestLogListener.LOGGER_NAME, Level.DEBUG)) {
      ChatResponse r =
          kit.chat(ChatRequest.builder().user("Tell me about " + SECRET).attribution("search").build());

      assertThat(r.text()).contains(SECRET);
      assertThat(logs.events()).hasSize(1);
      String line = logs.events().get(0).getFormattedMessage();
      assertThat(line)
          .startsWith("bedrock request requestId=" + r.requestId() + " operation=chat chain=default")
          .contains(" attribution=search ")
          .contains(" model=" + HAIKU + " region=us-east-1 ")
          .contains(" inputTokens=" + r.usage().inputTokens() + " outputTokens=" + r.usage().outputTokens())
          .contains(" costUsd=" + r.costUsd().orElseThrow().toPlainString() + " ")
          .contains(" attempts=1 outcome=success fromCache=false degraded=false")
          .doesNotContain(SECRET);
    }
  }

  @Test
  void noPromptOrAnswerTextReachesAnyAppenderAtInfoOrAbove() {
    List<ILoggingEvent> events;
    try (CapturedLogs root = CapturedLogs.of(Logger.ROOT_LOGGER_NAME, Level.INFO)) {
      Budgets budgets =
          Budgets.builder().limit("search", new BigDecimal("0.000001")).hardLimit(true).build();
      kit = kitBuilder(HAIKU, SONNET).budgets(budgets).build();

      kit.chat(ChatRequest.of("Summarise " + SECRET));
      kit.stream(ChatRequest.of("Stream " + SECRET), delta -> {}).join();
      BEDROCK.faults().forModel(HAIKU).throttleNext(3);
      kit.chat(ChatRequest.of("Fall back with " + SECRET));
      BEDROCK.faults().serverErrorNext(100);
      assertThatThrownBy(() -> kit.chat(ChatRequest.of("Fail with " + SECRET)))
          .isInstanceOf(AllModelsFailedException.class);
      BEDROCK.faults().reset();
      kit.chat(ChatRequest.builder().user("Spend with " + SECRET).attribution("search").build());
      assertThatThrownBy(
              () -> kit.chat(ChatRequest.builder().user("Refused " + SECRET).attribution("search").build()))
          .isInstanceOf(BudgetExceededException.class);
      events = root.atLeast(Level.INFO);
    }

    // the capture works: the failure and budget lines are there, at WARN
    assertThat(events)
        .extracting(ILoggingEvent::getFormattedMessage)
        .contains(
            "Bedrock request failed: operation=chat chain=default error=AllModelsFailedException"
                + " attempts=6",
            "Bedrock request failed: operation=chat chain=default error=BudgetExceededException"
                + " attempts=0")
        .anySatisfy(m -> assertThat(m).startsWith("Budget of attribution 'search' reached 100%: $"))
        .allSatisfy(m -> assertThat(m).doesNotContain(SECRET));
    assertThat(events)
        .allSatisfy(e -> assertThat(throwableText(e.getThrowableProxy())).doesNotContain(SECRET));
  }

  private static String throwableText(IThrowableProxy t) {
    List<String> out = new ArrayList<>();
    while (t != null) {
      out.add(t.getClassName() + ": " + t.getMessage());
      t = t.getCause();
    }
    return String.join("\n", out);
  }
}
