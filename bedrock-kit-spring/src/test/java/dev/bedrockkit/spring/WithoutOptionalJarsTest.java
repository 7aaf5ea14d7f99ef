package dev.bedrockkit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application starts, and caches what it can, when an optional jar is really absent: each test
 * runs {@link IsolatedApp} in a class loader over the test classpath minus some jars. {@code
 * FilteredClassLoader} only hides classes from conditions; this also proves that no class of the
 * missing jar is needed to load the classes that remain.
 */
class WithoutOptionalJarsTest {
  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static List<String> runWithout(List<String> excluded, String... properties)
      throws Exception {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<URL> urls = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      String name = Path.of(entry).toString().replace('\\', '/');
      if (excluded.stream().anyMatch(name::contains)) {
        removed.add(name);
      } else {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(removed).as("jars removed for %s", excluded).isNotEmpty();
    List<String> args = new ArrayList<>(List.of(properties));
    args.add("bedrock-kit.aws.region=us-east-1");
    args.add("bedrock-kit.aws.endpoint=" + BEDROCK.endpoint());
    args.add("bedrock-kit.models=" + Runners.HAIKU);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(loader);
      Method run = loader.loadClass(IsolatedApp.class.getName()).getMethod("run", String[].class);
      @SuppressWarnings("unchecked")
      List<String> found = (List<String>) run.invoke(null, (Object) args.toArray(String[]::new));
      return found;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Test
  void withoutLettuceARedisUrlLeavesAnInProcessCache() throws Exception {
    assertThat(
            runWithout(
                List.of("/lettuce-core-", "/reactor-core-"),
                "bedrock-kit.cache.redis.url=redis://127.0.0.1:1"))
        .containsExactly("cache=ExactCache", "redisTier=false", "secondFromCache=true");
  }

  @Test
  void withoutTheLocalModelTheSemanticCacheIsLeftOut() throws Exception {
    assertThat(
            runWithout(
                List.of("/langchain4j-", "/onnxruntime-", "/ai/djl/"),
                "bedrock-kit.cache.semantic.enabled=true",
                "bedrock-kit.cache.semantic.untemplated=true"))
        .containsExactly("cache=ExactCache", "redisTier=false", "secondFromCache=true");
  }

  @Test
  void withoutTheCacheModuleThereIsNoCache() throws Exception {
    assertThat(
            runWithout(
                List.of("/bedrock-kit-cache/", "/bedrock-kit-cache-", "/caffeine-"),
                "bedrock-kit.cache.redis.url=redis://127.0.0.1:1"))
        .containsExactly("cache=none", "redisTier=false", "secondFromCache=false");
  }
}
