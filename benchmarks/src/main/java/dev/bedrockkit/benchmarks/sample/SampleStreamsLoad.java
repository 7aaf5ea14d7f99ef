package dev.bedrockkit.benchmarks.sample;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A bounded loopback load run of the sample service: starts its jar with profile {@code local}
 * (in-process emulator, realistic latency, slowed streams so that answers stay open), opens
 * {@code --streams} Server-Sent Events streams over {@code --ramp-up}, holds them all open at once,
 * and reports the time to first token seen by the clients (from sending the request to the first
 * {@code delta} event), streams completed, and the server's heap, resident memory and threads,
 * idle and at the peak. Stops by itself ({@code --timeout}); sends traffic to 127.0.0.1 only.
 *
 * <pre>
 * mvn -B -pl benchmarks -am -DskipTests package
 * java -cp "benchmarks/target/classes" dev.bedrockkit.benchmarks.sample.SampleStreamsLoad --streams 1000
 * </pre>
 */
public final class SampleStreamsLoad {

  /**
   * What to run.
   *
   * @param streams streams held open at once
   * @param rampUp time over which they are opened
   * @param eventDelay emulator delay between stream events (holds streams open)
   * @param words words in the question (the emulator echoes them, one event each)
   * @param timeout the whole run stops after this
   * @param jar the sample's executable jar
   * @param maxHeap the server's -Xmx (the Fargate task: 2 GB, 75 % heap)
   */
  public record Options(
      int streams, Duration rampUp, Duration eventDelay, int words, Duration timeout, Path jar,
      String maxHeap) {

    /** The defaults: 1,000 streams over 10 s, 1 s between events, 30 words (about 33 s per answer). */
    public static Options defaults() {
      return new Options(1000, Duration.ofSeconds(10), Duration.ofSeconds(1), 30,
          Duration.ofMinutes(3), defaultJar(), "1536m");
    }
  }

  /**
   * What a run measured.
   *
   * @param options what was run
   * @param completed streams that ended with {@code done}
   * @param failed streams that ended otherwise (an {@code error} event, a refused or dropped stream)
   * @param ttftMillisP50 median time to first token seen by the clients
   * @param ttftMillisP90 90th percentile
   * @param ttftMillisP99 99th percentile
   * @param ttftMillisMax slowest
   * @param unloadedTtftMillis median time to first token of 20 streams of the same question with
   *     the server otherwise idle: what the emulator's pacing alone gives
   * @param peakActiveStreams most streams the server had open at once
   * @param idle the server before the load (after a warm-up)
   * @param peak the server when most streams were open
   * @param peakRssBytes the server's highest resident memory during the run
   * @param wallMillis the load phase's duration
   * @param modelTtftP50 the server's median time to first chunk from the model (highest sample)
   * @param modelTtftP99 its 99th percentile (highest sample)
   */
  public record Result(
      Options options, int completed, int failed, long ttftMillisP50, long ttftMillisP90,
      long ttftMillisP99, long ttftMillisMax, long unloadedTtftMillis, int peakActiveStreams,
      ServerProcess.Usage idle, ServerProcess.Usage peak, long peakRssBytes, long wallMillis,
      long modelTtftP50, long modelTtftP99) {

    /** A plain-text report. */
    public String report() {
      return String.join(
          "\n",
          "sample service, " + options.streams() + " concurrent SSE streams (loopback, profile local)",
          String.format(Locale.ROOT, "  streams:   %d done, %d failed, peak %d open at once",
              completed, failed, peakActiveStreams),
          String.format(Locale.ROOT,
              "  time to first token (client): p50 %d ms, p90 %d ms, p99 %d ms, max %d ms"
                  + " (unloaded, 20 streams: p50 %d ms)",
              ttftMillisP50, ttftMillisP90, ttftMillisP99, ttftMillisMax, unloadedTtftMillis),
          String.format(Locale.ROOT,
              "  time to first chunk inside the server (bedrock-kit, from the emulator):"
                  + " p50 %d ms, p99 %d ms (highest seen)",
              modelTtftP50, modelTtftP99),
          String.format(Locale.ROOT,
              "  server heap used: idle %d MiB, at peak %d MiB (-Xmx%s)",
              mib(idle.heapUsedBytes()), mib(peak.heapUsedBytes()), options.maxHeap()),
          String.format(Locale.ROOT,
              "  server RSS: idle %d MiB, at peak %d MiB, highest %d MiB (includes the in-process emulator)",
              mib(idle.rssBytes()), mib(peak.rssBytes()), mib(peakRssBytes)),
          String.format(Locale.ROOT, "  server threads: idle %d, at peak %d (the emulator holds one per stream)",
              idle.threads(), peak.threads()),
          String.format(Locale.ROOT, "  load phase: %.1f s (ramp-up %d s, %d ms between events, %d words)",
              wallMillis / 1000.0, options.rampUp().toSeconds(), options.eventDelay().toMillis(),
              options.words()));
    }

    private static long mib(long bytes) {
      return bytes / (1024 * 1024);
    }
  }

  private SampleStreamsLoad() {}

  public static void main(String[] args) throws Exception {
    Options o = parse(args);
    Result r = run(o);
    System.out.println(r.report());
    System.exit(r.failed() == 0 && r.completed() == o.streams() ? 0 : 1);
  }

  /** Runs the load: starts the server, warms it up, holds the streams, stops the server. */
  public static Result run(Options o) throws Exception {
    List<String> serverArgs =
        List.of(
            "--sample.local.latency=realistic",
            "--sample.local.slow-streams=" + o.eventDelay().toMillis() + "ms",
            "--sample.local.stream-threads=" + (o.streams() + 64),
            // Each stream comes from its own address (X-Forwarded-For), as behind the ALB.
            "--sample.rate-limit.trusted-proxies=1",
            // One instance holds them all: lift the per-model bulkhead (256) and the async
            // client's concurrency (1000), which would otherwise shed streams to the next model.
            "--bedrock-kit.resilience.bulkhead.max-concurrent-calls-per-model=" + (o.streams() * 2),
            "--bedrock-kit.aws.http.async-max-concurrency=" + (o.streams() * 2),
            "--bedrock-kit.health.probe.enabled=false",
            // Quantiles of bedrock-kit's own time to first chunk: the model's part of the wait.
            "--bedrock-kit.metrics.percentiles=0.5,0.99",
            // One log line per request and per stream is what production wants, not a load run.
            "--logging.level.dev.bedrockkit.sample.access=WARN",
            "--logging.level.dev.bedrockkit.sample.stream=WARN");
    try (ServerProcess server = ServerProcess.start(o.jar(), o.maxHeap(), serverArgs, Duration.ofMinutes(3))) {
      HttpClient client =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .connectTimeout(Duration.ofSeconds(30))
              .executor(Executors.newFixedThreadPool(4, daemon()))
              .build();
      String question =
          IntStream.rangeClosed(1, o.words()).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
      URI uri = uri(server.port(), question);
      // Warm-up (JIT, connection pools), then the baseline: the same question, 20 streams at once.
      // With slowed streams the first text arrives after a couple of event gaps, so this, not the
      // model's nominal time to first token, is what the load is compared with.
      List<Long> baseline = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        List<CompletableFuture<Stream>> warm = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          warm.add(Stream.open(client, uri, "198.19." + round + "." + (i + 1)));
        }
        for (CompletableFuture<Stream> f : warm) {
          Stream s = f.get(2, TimeUnit.MINUTES);
          if (round == 1 && s.done) {
            baseline.add(s.firstDeltaNanos - s.sentNanos);
          }
        }
      }
      Collections.sort(baseline);
      ServerProcess.Usage idle = server.usage();

      List<CompletableFuture<Stream>> streams = Collections.synchronizedList(new ArrayList<>());
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon());
      long start = System.nanoTime();
      long gap = o.rampUp().toNanos() / Math.max(1, o.streams());
      for (int i = 0; i < o.streams(); i++) {
        String client4 = "198.18." + (i / 250) + "." + (i % 250 + 1);
        timer.schedule(() -> streams.add(Stream.open(client, uri, client4)), i * gap, TimeUnit.NANOSECONDS);
      }
      AtomicReference<ServerProcess.Usage> peak = new AtomicReference<>(idle);
      long deadline = start + o.timeout().toNanos();
      long highestRss = 0;
      long modelP50 = 0;
      long modelP99 = 0;
      while (System.nanoTime() < deadline) {
        ServerProcess.Usage now = server.usage();
        highestRss = Math.max(highestRss, now.peakRssBytes());
        modelP50 = Math.max(modelP50, now.modelTtftMillisP50());
        modelP99 = Math.max(modelP99, now.modelTtftMillisP99());
        if (now.activeStreams() >= peak.get().activeStreams()) {
          peak.set(now);
        }
        if (streams.size() == o.streams() && streams.stream().allMatch(CompletableFuture::isDone)) {
          break;
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      long wall = (System.nanoTime() - start) / 1_000_000;
      timer.shutdownNow();
      List<Long> ttft = new ArrayList<>();
      int completed = 0;
      int failed = 0;
      for (CompletableFuture<Stream> f : List.copyOf(streams)) {
        Stream s = f.getNow(null);
        if (s != null && s.done) {
          completed++;
          ttft.add(s.firstDeltaNanos - s.sentNanos);
        } else {
          failed++;
        }
      }
      failed += o.streams() - streams.size();
      Collections.sort(ttft);
      return new Result(
          o, completed, failed, pct(ttft, 50), pct(ttft, 90), pct(ttft, 99), pct(ttft, 100),
          pct(baseline, 50), peak.get().activeStreams(), idle, peak.get(), highestRss, wall,
          modelP50, modelP99);
    }
  }

  private static URI uri(int port, String question) {
    return URI.create("http://127.0.0.1:" + port + "/v1/chat/stream?message="
        + URLEncoder.encode(question, StandardCharsets.UTF_8));
  }

  private static long pct(List<Long> sortedNanos, int p) {
    if (sortedNanos.isEmpty()) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sortedNanos.size()) - 1;
    return sortedNanos.get(Math.max(0, Math.min(i, sortedNanos.size() - 1))) / 1_000_000;
  }

  /** One stream: when it was sent, its first delta, whether it ended with done. */
  static final class Stream implements Flow.Subscriber<String> {
    final long sentNanos = System.nanoTime();
    volatile long firstDeltaNanos = -1;
    volatile boolean done;
    volatile boolean error;
    private final CompletableFuture<Stream> ended = new CompletableFuture<>();

    static CompletableFuture<Stream> open(HttpClient client, URI uri, String clientAddress) {
      Stream s = new Stream();
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofMinutes(5))
              .header("Accept", "text/event-stream")
              .header("X-Forwarded-For", clientAddress)
              .build();
      client
          .sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(s))
          .whenComplete(
              (r, e) -> {
                if (e != null || r.statusCode() != 200) {
                  s.error = true;
                  s.ended.complete(s);
                }
              });
      return s.ended;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (firstDeltaNanos < 0 && line.startsWith("event:delta")) {
        firstDeltaNanos = System.nanoTime();
      } else if (line.startsWith("event:done")) {
        done = true;
      } else if (line.startsWith("event:error")) {
        error = true;
      }
    }

    @Override
    public void onError(Throwable throwable) {
      error = true;
      ended.complete(this);
    }

    @Override
    public void onComplete() {
      ended.complete(this);
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "sample-load-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The jar at fargate-sample/target, from the repository root or a module folder. */
  static Path defaultJar() {
    Path here = Path.of("fargate-sample", "target", "fargate-sample.jar");
    Path up = Path.of("..").resolve(here);
    return Files.exists(here) || !Files.exists(up) ? here : up.normalize();
  }

  static Options parse(String[] args) {
    Options d = Options.defaults();
    int streams = d.streams();
    Duration rampUp = d.rampUp();
    Duration eventDelay = d.eventDelay();
    int words = d.words();
    Duration timeout = d.timeout();
    Path jar = d.jar();
    String heap = d.maxHeap();
    for (int i = 0; i < args.length; i += 2) {
      String value = i + 1 < args.length ? args[i + 1] : "";
      switch (args[i]) {
        case "--streams" -> streams = Integer.parseInt(value);
        case "--ramp-up" -> rampUp = Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
        case "--event-delay" -> eventDelay = Duration.ofMillis(Long.parseLong(value.replace("ms", "")));
        case "--words" -> words = Integer.parseInt(value);
        case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value.replace("s", "")));
        case "--jar" -> jar = Path.of(value);
        case "--heap" -> heap = value;
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + "; options: --streams N, --ramp-up SECONDS,"
                    + " --event-delay MILLIS, --words N, --timeout SECONDS, --jar PATH, --heap SIZE");
      }
    }
    if (streams < 1 || streams > 5000) {
      throw new IllegalArgumentException("--streams must be in [1, 5000] but was " + streams);
    }
    return new Options(streams, rampUp, eventDelay, words, timeout, jar, heap);
  }
}
