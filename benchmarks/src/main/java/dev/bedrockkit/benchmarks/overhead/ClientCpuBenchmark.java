package dev.bedrockkit.benchmarks.overhead;

import dev.bedrockkit.BedrockClients;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.benchmarks.harness.Workload;
import dev.bedrockkit.benchmarks.peers.ChatSubject;
import dev.bedrockkit.benchmarks.peers.Kit;
import dev.bedrockkit.benchmarks.peers.RawSdk;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Client CPU per Converse call with no network at all: the SDK client is given an HTTP client
 * that answers every request at once with the same canned Converse response, so what is left is
 * the SDK's own work (marshalling, signing, parsing) and the library's. The difference between
 * {@code raw-sdk} and {@code bedrock-kit} is bedrock-kit's CPU per call, free of network noise.
 * The client is {@code BedrockClients.syncBuilder}'s, as the overhead benchmark's sync client.
 * Run: {@code benchmarks/run.sh jmh ClientCpuBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Daws.region=us-east-1", "-Daws.disableEc2Metadata=true"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class ClientCpuBenchmark {
  static final byte[] ANSWER =
      ("{\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[{\"text\":\"["
              + Workload.standard().modelId()
              + "] Check the instance type quota first.\"}]}},\"stopReason\":\"end_turn\","
              + "\"usage\":{\"inputTokens\":61,\"outputTokens\":12,\"totalTokens\":73},"
              + "\"metrics\":{\"latencyMs\":0}}")
          .getBytes(StandardCharsets.UTF_8);

  @Param({"raw-sdk", "bedrock-kit"})
  public String library;

  private BedrockRuntimeClient client;
  private ChatSubject subject;
  private final Workload workload = Workload.standard();

  @Setup(Level.Trial)
  public void start() {
    client =
        BedrockClients.syncBuilder(Region.US_EAST_1)
            .endpointOverride(URI.create("http://127.0.0.1:9"))
            .credentialsProvider(EmulatorClients.credentials())
            .httpClient(new CannedHttpClient())
            .build();
    subject =
        switch (library) {
          case "raw-sdk" -> new RawSdk(client);
          case "bedrock-kit" -> Kit.of(library, client, List.of(workload.modelId()));
          default -> throw new IllegalArgumentException(library);
        };
  }

  @Benchmark
  public String call() {
    return subject.chat(workload);
  }

  @TearDown(Level.Trial)
  public void stop() {
    subject.close();
    client.close();
  }

  /** Answers every request with {@link #ANSWER}, without reading it. */
  static final class CannedHttpClient implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          return HttpExecuteResponse.builder()
              .response(
                  SdkHttpResponse.builder()
                      .statusCode(200)
                      .putHeader("Content-Type", "application/json")
                      .putHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
                      .putHeader("Content-Length", Integer.toString(ANSWER.length))
                      .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(ANSWER)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }
}
