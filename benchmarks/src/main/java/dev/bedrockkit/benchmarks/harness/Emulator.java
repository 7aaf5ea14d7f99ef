package dev.bedrockkit.benchmarks.harness;

import dev.bedrockkit.test.BedrockEmulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A running emulator for a benchmark, in its own JVM ({@link Mode#PROCESS}, the default for
 * measurements) or in this one ({@link Mode#IN_PROCESS}, for smoke tests).
 *
 * <p>Why a separate process for measurements: the emulator (WireMock on Jetty) allocates more per
 * request than any client library under test. In-process, its garbage and its GC pauses land in
 * the client's numbers, its heap in the stream-heap measurement and its frames in a JFR profile
 * of the client. In its own JVM it still competes for the same CPUs, as a real network peer would
 * not, but it does so equally for every library, and interleaved rounds cancel the drift.
 *
 * <p>Not thread-safe; start, use, close.
 */
public final class Emulator implements AutoCloseable {
  /** Where the emulator runs. */
  public enum Mode {
    PROCESS,
    IN_PROCESS;

    public static Mode parse(String s) {
      return switch (s.toLowerCase(Locale.ROOT).replace('_', '-')) {
        case "process" -> PROCESS;
        case "in-process" -> IN_PROCESS;
        default -> throw new IllegalArgumentException("--emulator must be process or in-process, not '" + s + "'");
      };
    }
  }

  private final URI endpoint;
  private final Process process;
  private final BedrockEmulator inProcess;

  private Emulator(URI endpoint, Process process, BedrockEmulator inProcess) {
    this.endpoint = endpoint;
    this.process = process;
    this.inProcess = inProcess;
  }

  /** Starts an emulator and waits until it listens. */
  public static Emulator start(Mode mode, EmulatorSettings settings) {
    if (mode == Mode.IN_PROCESS) {
      BedrockEmulator e = EmulatorMain.start(settings);
      return new Emulator(e.endpoint(), null, e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms256m");
    cmd.add("-Xmx1g");
    cmd.add("-Xss256k");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(EmulatorMain.class.getName());
    cmd.addAll(settings.args());
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("listening on ")) {
          Thread drain = new Thread(() -> drain(out), "emulator-stdout");
          drain.setDaemon(true);
          drain.start();
          return new Emulator(URI.create(line.substring("listening on ".length()).trim()), p, null);
        }
      }
      p.destroyForcibly();
      throw new IllegalStateException("The emulator process ended before listening (exit " + p.waitFor() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the emulator process", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void drain(BufferedReader r) {
    try {
      while (r.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // process gone
    }
  }

  public URI endpoint() {
    return endpoint;
  }

  /** {@code process (pid N)} or {@code in-process}. */
  public String describe() {
    return process != null ? "separate process (pid " + process.pid() + ")" : "in-process";
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.stop();
      return;
    }
    try {
      process.getOutputStream().close();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException e) {
      process.destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
