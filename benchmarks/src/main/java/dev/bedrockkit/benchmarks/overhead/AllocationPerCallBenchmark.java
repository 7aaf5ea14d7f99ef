package dev.bedrockkit.benchmarks.overhead;

import dev.bedrockkit.benchmarks.harness.Clients;
import dev.bedrockkit.benchmarks.harness.Emulator;
import dev.bedrockkit.benchmarks.harness.EmulatorSettings;
import dev.bedrockkit.benchmarks.harness.Workload;
import dev.bedrockkit.benchmarks.peers.ChatSubject;
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

/**
 * One Converse call per operation, single-threaded, through each library against an emulator in
 * its own process, so that {@code -prof gc}'s {@code gc.alloc.rate.norm} (bytes per call) is the
 * client's allocation only. Run: {@code benchmarks/run.sh jmh} or
 * {@code java -cp ... org.openjdk.jmh.Main AllocationPerCallBenchmark -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Daws.region=us-east-1", "-Daws.disableEc2Metadata=true"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class AllocationPerCallBenchmark {

  @Param({"raw-sdk", "bedrock-kit", "spring-ai", "langchain4j"})
  public String library;

  /** Where the emulator runs; smoke tests may use {@code IN_PROCESS}. */
  public Emulator.Mode emulatorMode = Emulator.Mode.PROCESS;

  private Emulator emulator;
  private Clients clients;
  private ChatSubject subject;
  private final Workload workload = Workload.standard();

  @Setup(Level.Trial)
  public void start() {
    emulator = Emulator.start(emulatorMode, EmulatorSettings.forConcurrency(1));
    clients = Clients.create(emulator.endpoint(), 8);
    subject = OverheadBenchmark.subjects(List.of(library), clients, workload).get(0);
  }

  @Benchmark
  public String call() {
    return subject.chat(workload);
  }

  @TearDown(Level.Trial)
  public void stop() {
    subject.close();
    clients.close();
    emulator.close();
  }
}
