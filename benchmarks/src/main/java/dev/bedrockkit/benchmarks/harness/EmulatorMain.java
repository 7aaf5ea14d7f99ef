package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.LatencyModel;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulator process the harnesses start: like the standalone {@code bedrock-kit-emulator.jar},
 * plus what a load test needs and the jar has no option for (server threads, a fixed latency,
 * faults at start). Prints {@code listening on <endpoint>} when ready and stops when its standard
 * input closes, so it never outlives the harness that started it.
 *
 * <p>{@code --ttft-ms N --tokens-per-second X|inf --container-threads N --stream-threads N
 * [--fault SPEC]...}, see {@link FaultSpec}.
 */
public final class EmulatorMain {
  private EmulatorMain() {}

  public static void main(String[] args) throws IOException {
    long ttft = 0;
    double tps = Double.POSITIVE_INFINITY;
    int container = BedrockEmulator.Builder.DEFAULT_CONTAINER_THREADS;
    int stream = BedrockEmulator.Builder.DEFAULT_STREAM_THREADS;
    List<FaultSpec> faults = new ArrayList<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--ttft-ms" -> ttft = Long.parseLong(v);
        case "--tokens-per-second" -> tps = v.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
        case "--container-threads" -> container = Integer.parseInt(v);
        case "--stream-threads" -> stream = Integer.parseInt(v);
        case "--fault" -> faults.add(FaultSpec.parse(v));
        default -> throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    BedrockEmulator emulator =
        start(new EmulatorSettings(LatencyModel.of(Duration.ofMillis(ttft), tps), container, stream, faults));
    System.out.println("listening on " + emulator.endpoint());
    System.out.flush();
    // Runs until the parent closes our stdin (or dies).
    while (System.in.read() >= 0) {
      // ignore input
    }
    emulator.stop();
    System.exit(0);
  }

  /** Starts an emulator in this JVM with these settings (journal kept small: it is not read). */
  static BedrockEmulator start(EmulatorSettings s) {
    BedrockEmulator emulator =
        BedrockEmulator.builder()
            .latency(s.latency())
            .containerThreads(s.containerThreads())
            .streamThreads(s.streamThreads())
            .journalCapacity(1)
            .start();
    for (FaultSpec f : s.faults()) {
      f.applyTo(emulator);
    }
    return emulator;
  }
}
