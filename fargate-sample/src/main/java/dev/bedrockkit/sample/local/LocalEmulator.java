package dev.bedrockkit.sample.local;

import dev.bedrockkit.test.BedrockEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The in-process Bedrock Runtime + SSM emulator of profile {@code local}. Started while the
 * application context is being prepared (it is a {@link BeanFactoryPostProcessor}, so it exists
 * before any bean reads {@code bedrock-kit.*}); it seeds the Parameter Store document and points
 * {@code bedrock-kit.aws.endpoint} and {@code bedrock-kit.config.endpoint} at itself. Stopped with
 * the context. Thread-safe (see {@link BedrockEmulator}).
 */
public final class LocalEmulator implements BeanFactoryPostProcessor, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalEmulator.class);

  /** The property source holding the emulator's endpoint. */
  public static final String PROPERTY_SOURCE = "localBedrockEmulator";

  private final BedrockEmulator emulator;
  private final String parameterName;

  private LocalEmulator(BedrockEmulator emulator, String parameterName) {
    this.emulator = emulator;
    this.parameterName = parameterName;
  }

  /**
   * Starts the emulator as {@code sample.local.*} says and points bedrock-kit at it.
   *
   * @param env the application's environment
   * @return the running emulator
   */
  static LocalEmulator start(ConfigurableEnvironment env) {
    String parameterName = env.getRequiredProperty("bedrock-kit.config.parameter-name");
    String document = read(env.getProperty("sample.local.models", "local/models.json"));
    BedrockEmulator.Builder builder =
        BedrockEmulator.builder()
            .port(env.getProperty("sample.local.emulator-port", Integer.class, 0))
            .streamThreads(env.getProperty("sample.local.stream-threads", Integer.class, 256))
            .parameter(parameterName, document);
    String latency = env.getProperty("sample.local.latency", "realistic");
    switch (latency) {
      case "realistic" -> builder.realisticLatency();
      case "zero" -> {}
      default ->
          throw new IllegalArgumentException(
              "sample.local.latency must be realistic or zero but was '" + latency + "'");
    }
    BedrockEmulator emulator = builder.start();
    Duration slow = env.getProperty("sample.local.slow-streams", Duration.class, Duration.ZERO);
    if (!slow.isZero()) {
      // Kept until reset(): demos and load runs hold many streams open.
      emulator.faults().slowStreams(slow);
    }
    String endpoint = emulator.endpoint().toString();
    env.getPropertySources()
        .addFirst(
            new MapPropertySource(
                PROPERTY_SOURCE,
                Map.of(
                    "bedrock-kit.aws.endpoint", endpoint,
                    "bedrock-kit.config.endpoint", endpoint)));
    log.info(
        "bedrock-kit emulator listening on {} ({} latency); Parameter Store {} seeded",
        endpoint,
        latency,
        parameterName);
    return new LocalEmulator(emulator, parameterName);
  }

  /** The emulator, for faults, the journal and Parameter Store changes. */
  public BedrockEmulator emulator() {
    return emulator;
  }

  /** The Parameter Store parameter holding the model configuration. */
  public String parameterName() {
    return parameterName;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    // Nothing: being a post-processor only makes the container start it early.
  }

  @Override
  public void close() {
    emulator.close();
  }

  private static String read(String classpathLocation) {
    try (InputStream in = new ClassPathResource(classpathLocation).getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "sample.local.models: cannot read classpath:" + classpathLocation, e);
    }
  }
}
