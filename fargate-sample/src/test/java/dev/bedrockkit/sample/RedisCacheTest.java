package dev.bedrockkit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.bedrockkit.sample.local.LocalEmulator;
import dev.bedrockkit.test.Operation;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Two instances of the service sharing a private {@code redis-server} (bedrock-kit.cache.redis.url): an
 * answer one task paid for is a cache hit on the other. Needs {@code redis-server} on the PATH
 * ({@code ./test.sh} installs it); skipped, saying so, without it.
 */
class RedisCacheTest {
  static Process redis;
  static Path dir;
  static int redisPort;

  @BeforeAll
  static void startRedis() throws Exception {
    assumeThat(onPath("redis-server"))
        .as("needs redis-server (apt-get install redis-server; ./test.sh installs it)")
        .isTrue();
    try (ServerSocket s = new ServerSocket(0)) {
      redisPort = s.getLocalPort();
    }
    dir = Files.createTempDirectory("sample-redis-");
    redis =
        new ProcessBuilder(
                "redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!pong()) {
      assertThat(System.nanoTime()).as("redis-server answers PING").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  @AfterAll
  static void stopRedis() throws InterruptedException {
    if (redis != null) {
      redis.destroy();
      redis.waitFor(10, TimeUnit.SECONDS);
    }
    if (dir != null) {
      FileSystemUtils.deleteRecursively(dir.toFile());
    }
  }

  private static ConfigurableApplicationContext task() {
    return new SpringApplicationBuilder(SampleApplication.class)
        .profiles("local")
        .run(
            "--server.port=0",
            "--sample.local.latency=zero",
            "--bedrock-kit.cache.redis.url=redis://127.0.0.1:" + redisPort,
            "--bedrock-kit.health.probe.enabled=false");
  }

  @Test
  void anAnswerPaidForByOneTaskIsACacheHitOnAnother() throws Exception {
    try (ConfigurableApplicationContext a = task();
        ConfigurableApplicationContext b = task()) {
      Http httpA = new Http(a.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
      Http httpB = new Http(b.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
      // Both tasks see the same client: the ALB appends the same address.
      Map<String, String> client = Map.of("X-Forwarded-For", "203.0.113.77");

      JsonNode fromA = httpA.post("/v1/chat", "{\"message\": \"Shared?\"}", client).json();
      JsonNode fromB = awaitHit(httpB, client);

      assertThat(fromA.get("fromCache").asBoolean()).isFalse();
      assertThat(fromB.get("fromCache").asBoolean()).isTrue();
      assertThat(fromB.get("text")).isEqualTo(fromA.get("text"));
      assertThat(b.getBean(LocalEmulator.class).emulator().journal().calls(Operation.CONVERSE))
          .isEmpty();
    }
  }

  /**
   * Redis stores in the background: asks B once the answer is in Redis (a miss would call B's
   * model instead and prove nothing).
   */
  private static JsonNode awaitHit(Http http, Map<String, String> client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (keys() == 0 && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return http.post("/v1/chat", "{\"message\": \"Shared?\"}", client).json();
  }

  private static int keys() {
    String reply = command("DBSIZE");
    return reply == null ? 0 : Integer.parseInt(reply.replace(":", "").trim());
  }

  private static boolean pong() {
    return "+PONG".equals(command("PING"));
  }

  private static String command(String command) {
    try (Socket s = new Socket("127.0.0.1", redisPort)) {
      s.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[64];
      int n = s.getInputStream().read(buf);
      return n <= 0 ? null : new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean onPath(String binary) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (new File(d, binary).canExecute()) {
        return true;
      }
    }
    return false;
  }
}
