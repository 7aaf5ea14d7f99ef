package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Prompts and answers reach logs only at TRACE and only when the kit was built to log them. */
class ContentLoggingTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String SECRET = "my-account-number-4711";

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final Logger kitLogger = (Logger) LoggerFactory.getLogger("dev.bedrockkit");
  private Level previous;

  @BeforeEach
  void capture() {
    previous = kitLogger.getLevel();
    kitLogger.setLevel(Level.TRACE);
    appender.start();
    root.addAppender(appender);
  }

  @AfterEach
  void release() {
    root.detachAppender(appender);
    kitLogger.setLevel(previous);
  }

  private void chat(boolean logContent) {
    try (BedrockKit kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .models(TestModels.HAIKU)
            .logContentAtTrace(logContent)
            .build()) {
      kit.chat(ChatRequest.of("please remember " + SECRET));
      BEDROCK.faults().serverErrorNext(100);
      try {
        kit.chat(ChatRequest.of("and again " + SECRET));
      } catch (AllModelsFailedException expected) {
        // the failure is logged at WARN: without the prompt
      }
    }
  }

  @Test
  void neverLogsPromptTextByDefaultAtAnyLevel() {
    chat(false);
    assertThat(appender.list).isNotEmpty();
    assertThat(appender.list).noneMatch(e -> e.getFormattedMessage().contains(SECRET));
  }

  @Test
  void logsContentOnlyAtTraceWhenOptedIn() {
    chat(true);
    assertThat(appender.list)
        .filteredOn(e -> e.getFormattedMessage().contains(SECRET))
        .isNotEmpty()
        .allMatch(e -> e.getLevel() == Level.TRACE);
  }
}
