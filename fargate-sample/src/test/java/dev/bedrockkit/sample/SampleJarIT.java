package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The executable jar as {@code ./run-local.sh} and the container run it: starts with profile
 * {@code local}, prints the chat page URL, answers, uses virtual threads on Java 21+ only, and
 * shuts down gracefully on SIGTERM.
 */
class SampleJarIT {
  private static final Path JAR = Path.of("target", "fargate-sample.jar");
  private static final Pattern CHAT_PAGE = Pattern.compile(".*Chat page: http://localhost:(\\d+)/.*");

  @Test
  void onThisJdkTheJarServesAndStopsGracefully() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> output = run(java, Runtime.version().feature() >= 21);

    if (Runtime.version().feature() < 21) {
      assertThat(output)
          .anyMatch(l -> l.contains("Virtual threads: off (Java " + Runtime.version().feature()
              + ", spring.threads.virtual.enabled=true)"));
    }
  }

  @Test
  void onJava21OrLaterRequestsRunOnVirtualThreads() throws Exception {
    Optional<Path> java = modernJava();
    assumeThat(java).as("no Java 21+ JDK under /usr/lib/jvm or in JAVA21_HOME").isPresent();

    List<String> output = run(java.get(), true);

    assertThat(output).anyMatch(l -> l.matches(".*Virtual threads: on \\(Java \\d+, .*"));
  }

  /** Starts the jar, checks the page URL, one chat, /health and SIGTERM; returns its output. */
  private static List<String> run(Path java, boolean virtualThreads) throws Exception {
    assertThat(JAR).exists();
    Process process =
        new ProcessBuilder(
                java.toString(),
                "-Daws.disableEc2Metadata=true",
                "-jar",
                JAR.toString(),
                "--spring.profiles.active=local",
                "--server.port=0",
                "--sample.local.latency=zero",
                "--bedrock-kit.health.probe.enabled=false",
                // Whole thread names: they tell virtual request threads from platform ones.
                "--logging.pattern.console=%d %-5level [%thread] %logger{36} - %msg%n")
            .redirectErrorStream(true)
            .start();
    List<String> output = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    int[] port = new int[1];
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  synchronized (output) {
                    output.add(line);
                  }
                  Matcher m = CHAT_PAGE.matcher(line);
                  if (m.matches()) {
                    port[0] = Integer.parseInt(m.group(1));
                    started.countDown();
                  }
                }
              } catch (IOException e) {
                // process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    try {
      assertThat(started.await(180, TimeUnit.SECONDS)).as("started; output: %s", output).isTrue();
      Http http = new Http(port[0]);

      Http.Reply chat = http.post("/v1/chat", "{\"message\": \"from the jar\"}");
      assertThat(chat.status()).isEqualTo(200);
      assertThat(chat.json().get("text").asString()).endsWith("echo: from the jar");
      assertThat(http.get("/health").status()).isEqualTo(200);

      // SIGTERM, as ECS sends. (Process.destroy() would also close the output we still read.)
      process.toHandle().destroy();
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    } finally {
      process.destroyForcibly();
    }
    List<String> lines;
    synchronized (output) {
      lines = List.copyOf(output);
    }
    String threadName = virtualThreads ? "[tomcat-handler-" : "[http-nio-";
    assertThat(lines)
        .anyMatch(l -> l.contains("POST /v1/chat 200") && l.contains(threadName))
        .anyMatch(l -> l.contains("Commencing graceful shutdown"))
        .anyMatch(l -> l.contains("Graceful shutdown complete"))
        .noneMatch(l -> l.contains("APPLICATION FAILED") || l.contains(" ERROR "));
    return lines;
  }

  private static Optional<Path> modernJava() throws IOException {
    String home = System.getenv("JAVA21_HOME");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
      return Optional.of(Path.of(home, "bin", "java"));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jvms)) {
      return dirs.filter(d -> feature(d) >= 21)
          .map(d -> d.resolve("bin").resolve("java"))
          .filter(Files::isExecutable)
          .findFirst();
    }
  }

  /** The major version in a JDK's {@code release} file, or 0. */
  private static int feature(Path jdk) {
    try {
      for (String line : Files.readAllLines(jdk.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring(line.indexOf('"') + 1);
          return Integer.parseInt(v.split("[.\"]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
