package dev.bedrockkit.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A Spring Boot application that {@link WithoutOptionalJarsTest} starts in a class loader without
 * some jars. It names the cache classes only as strings, so that it loads whatever is missing.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class IsolatedApp {

  /** Dummy static keys for the emulator (not {@code Runners}: it names the cache classes). */
  @Bean
  AwsCredentialsProvider testCredentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create("AKIDSPRINGTEST", "spring-test-secret-not-real"));
  }

  /**
   * Starts the application with {@code properties}, asks the same scoped question twice and
   * describes what it found: {@code cache=<class or none>}, {@code redisTier=<true|false>}, {@code
   * secondFromCache=<true|false>}.
   */
  public static List<String> run(String... properties) throws Exception {
    ClassLoader loader = IsolatedApp.class.getClassLoader();
    SpringApplication app = new SpringApplication(IsolatedApp.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    List<String> args = new ArrayList<>();
    for (String p : properties) {
      args.add("--" + p);
    }
    try (ConfigurableApplicationContext context = app.run(args.toArray(String[]::new))) {
      List<String> found = new ArrayList<>();
      Class<?> cacheType = loader.loadClass("dev.bedrockkit.ResponseCache");
      String[] caches = context.getBeanNamesForType(cacheType);
      found.add(
          "cache="
              + (caches.length == 0 ? "none" : context.getBean(caches[0]).getClass().getSimpleName()));
      boolean redisTier;
      try {
        redisTier =
            context.getBeanNamesForType(loader.loadClass("dev.bedrockkit.cache.RedisTier")).length
                > 0;
      } catch (ClassNotFoundException e) {
        redisTier = false;
      }
      found.add("redisTier=" + redisTier);
      dev.bedrockkit.BedrockKit kit = context.getBean(dev.bedrockkit.BedrockKit.class);
      dev.bedrockkit.ChatRequest question =
          dev.bedrockkit.ChatRequest.builder()
              .user("What is Amazon Bedrock?")
              .cacheScope(dev.bedrockkit.CacheScope.tenant("acme"))
              .build();
      kit.chat(question);
      found.add("secondFromCache=" + kit.chat(question).fromCache());
      return found;
    }
  }
}
