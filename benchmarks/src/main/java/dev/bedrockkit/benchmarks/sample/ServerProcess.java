package dev.bedrockkit.benchmarks.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample service's executable jar run as a child process on loopback, with profile {@code
 * local}, and what it uses: resident memory from {@code /proc}, heap and threads from its
 * Prometheus endpoint. Stopped with SIGTERM. Not thread-safe.
 */
final class ServerProcess implements AutoCloseable {
  private static final Pattern CHAT_PAGE = Pattern.compile(".*Chat page: http://localhost:(\\d+)/.*");

  private final Process process;
  private final int port;
  private final List<String> output;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private ServerProcess(Process process, int port, List<String> output) {
    this.process = process;
    this.port = port;
    this.output = output;
  }

  /** Starts the jar and waits for its chat page URL. */
  static ServerProcess start(Path jar, String maxHeap, List<String> arguments, Duration timeout)
      throws IOException, InterruptedException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          jar + " not found: build it with mvn -B -pl fargate-sample -am -DskipTests package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-Daws.disableEc2Metadata=true");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--spring.profiles.active=local");
    command.add("--server.port=0");
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
                    if (output.size() < 2000) {
                      output.add(line);
                    }
                  }
                  Matcher m = CHAT_PAGE.matcher(line);
                  if (m.matches()) {
                    port[0] = Integer.parseInt(m.group(1));
                    started.countDown();
                  }
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            "sample-server-output");
    reader.setDaemon(true);
    reader.start();
    if (!started.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the sample did not start within " + timeout + ":\n" + String.join("\n", output));
    }
    return new ServerProcess(process, port[0], output);
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** What the process uses now. */
  Usage usage() throws IOException, InterruptedException {
    long rss = 0;
    long peakRss = 0;
    Path status = Path.of("/proc", Long.toString(process.pid()), "status");
    if (Files.isReadable(status)) {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          rss = kib(line) * 1024;
        } else if (line.startsWith("VmHWM:")) {
          peakRss = kib(line) * 1024;
        }
      }
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    double heap = 0;
    double threads = 0;
    double active = 0;
    double ttftP50 = 0;
    double ttftP99 = 0;
    for (String line : r.body().split("\n")) {
      if (line.startsWith("gen_ai_client_operation_time_to_first_chunk_seconds{")) {
        if (line.contains("quantile=\"0.5\"")) {
          ttftP50 = Math.max(ttftP50, value(line));
        } else if (line.contains("quantile=\"0.99\"")) {
          ttftP99 = Math.max(ttftP99, value(line));
        }
      }
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += value(line);
      } else if (line.startsWith("jvm_threads_live_threads")) {
        threads = value(line);
      } else if (line.startsWith("sample_chat_streams_active")) {
        active = value(line);
      }
    }
    return new Usage(
        rss, peakRss, (long) heap, (int) threads, (int) active,
        (long) (ttftP50 * 1000), (long) (ttftP99 * 1000));
  }

  /**
   * Memory and threads of the server process.
   *
   * @param rssBytes resident set size now
   * @param peakRssBytes highest resident set size so far (VmHWM)
   * @param heapUsedBytes Java heap in use (all heap pools)
   * @param threads live JVM threads
   * @param activeStreams open chat streams (the service's gauge)
   * @param modelTtftMillisP50 the server's time to first chunk from the model (bedrock-kit's
   *     {@code gen_ai.client.operation.time_to_first_chunk}, over the last minute or so), median
   * @param modelTtftMillisP99 the same, 99th percentile
   */
  record Usage(
      long rssBytes,
      long peakRssBytes,
      long heapUsedBytes,
      int threads,
      int activeStreams,
      long modelTtftMillisP50,
      long modelTtftMillisP99) {}

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", ""));
  }

  private static double value(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** Stops the server with SIGTERM (a graceful shutdown) and waits for it. */
  @Override
  public void close() throws InterruptedException {
    process.toHandle().destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
