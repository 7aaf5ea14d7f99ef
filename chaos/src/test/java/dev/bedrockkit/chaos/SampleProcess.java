package dev.bedrockkit.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The sample service's executable jar ({@code fargate-sample/target/fargate-sample.jar}) in its own
 * JVM, as in the container: profile {@code aws} (JSON logs), credentials from the environment
 * (the emulator's dummy keys), Bedrock and Parameter Store endpoints pointed at this test's
 * emulator, the shared cache at this test's Redis. Its output goes to a file that the test scans
 * afterwards. Stopped with SIGTERM, as ECS stops a task.
 */
final class SampleProcess implements AutoCloseable {
  final int port;
  final int managementPort;
  final Path log;
  private final Process process;

  private SampleProcess(Process process, int port, int managementPort, Path log) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.log = log;
  }

  static Path jar() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("fargate-sample/target/fargate-sample.jar"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "fargate-sample/target/fargate-sample.jar is missing: build it with"
              + " mvn -B -pl chaos -am verify (the reactor packages the sample first)");
    }
    return p.resolve("fargate-sample/target/fargate-sample.jar");
  }

  /** Starts the service with these {@code --key=value} properties; waits until /health is UP. */
  static SampleProcess start(Map<String, String> properties) throws IOException, InterruptedException {
    int port = freePort();
    int management = freePort();
    Path log = Files.createTempFile("bedrock-kit-sample-", ".log");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(List.of("-Xmx512m", "-Daws.disableEc2Metadata=true", "-jar", jar().toString()));
    cmd.add("--spring.profiles.active=aws");
    cmd.add("--server.port=" + port);
    cmd.add("--management.server.port=" + management);
    properties.forEach((k, v) -> cmd.add("--" + k + "=" + v));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("AWS_REGION", "us-east-1");
    pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDEMULATOR");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "emulator-secret-not-real");
    pb.environment().remove("AWS_PROFILE");
    SampleProcess s = new SampleProcess(pb.start(), port, management, log);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      if (!s.process.isAlive()) {
        throw new IllegalStateException(
            "the sample service exited with " + s.process.exitValue() + ":\n" + s.output());
      }
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return s;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    s.close();
    throw new IllegalStateException("the sample service did not become healthy in 180 s:\n" + s.output());
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /** SIGTERM, then waits (graceful shutdown); returns the exit code, or -1 if it had to be killed. */
  int stop() throws InterruptedException {
    process.destroy();
    if (process.waitFor(60, TimeUnit.SECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
    return -1;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
