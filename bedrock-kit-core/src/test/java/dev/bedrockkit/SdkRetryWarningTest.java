package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.bedrockkit.internal.DefaultBedrockKit;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** bedrock-kit is the one retry owner and says so when a client it is given retries too. */
class SdkRetryWarningTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(DefaultBedrockKit.class);

  @BeforeEach
  void capture() {
    appender.start();
    logger.addAppender(appender);
  }

  @AfterEach
  void release() {
    logger.detachAppender(appender);
  }

  @Test
  void warnsOnceWhenAClientRetriesOnItsOwn() {
    try (BedrockRuntimeClient retrying =
            BedrockRuntimeClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(BEDROCK.endpoint())
                .credentialsProvider(BedrockEmulatorExtension.credentials())
                .build();
        BedrockKit kit = BedrockKit.builder().client(retrying).models(TestModels.HAIKU).build()) {
      assertThat(appender.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .containsExactly(
              "A Bedrock client given to BedrockKit retries by itself; bedrock-kit owns retries, so"
                  + " calls may be retried twice and streams replayed. Build clients with"
                  + " BedrockClients or .overrideConfiguration(BedrockClients.noRetries()).");
    }
  }

  @Test
  void staysQuietForClientsWithRetriesOff() {
    try (BedrockRuntimeClient client =
            BedrockRuntimeClient.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(BEDROCK.endpoint())
                .credentialsProvider(BedrockEmulatorExtension.credentials())
                .overrideConfiguration(BedrockClients.noRetries())
                .build();
        BedrockKit kit = BedrockKit.builder().client(client).models(TestModels.HAIKU).build()) {
      assertThat(appender.list).noneMatch(e -> e.getLevel() == Level.WARN);
      assertThat(kit.chat(ChatRequest.of("hi")).text()).contains("hi");
    }
  }
}
