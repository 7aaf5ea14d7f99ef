package dev.bedrockkit.test;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bedrockkit.test.internal.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator as a process: {@code java -jar bedrock-kit-emulator.jar [--port N] [--latency
 * zero|realistic] [--parameters file.json] [--region R]}.
 *
 * <p>Serves Bedrock Runtime and SSM on 127.0.0.1, prints {@code bedrock-kit emulator listening on
 * http://127.0.0.1:N} once ready, and stops cleanly on SIGTERM or Ctrl-C, printing {@code
 * bedrock-kit emulator stopped}. The parameters file is a JSON object from parameter name to
 * value: a string is stored as a {@code String} parameter, {@code {"Type": "SecureString", "Value":
 * "..."}} sets the type, and any other JSON value is stored as its JSON text. Stateless; each call
 * of {@link #start} makes a new emulator.
 */
public final class BedrockEmulatorMain {
  static final String USAGE =
      "usage: java -jar bedrock-kit-emulator.jar [--port N] [--latency zero|realistic]"
          + " [--parameters file.json] [--region REGION]";

  private BedrockEmulatorMain() {}

  /**
   * Starts the emulator and blocks until the JVM is asked to stop.
   *
   * @param args command-line options
   */
  public static void main(String[] args) {
    BedrockEmulator emulator;
    try {
      emulator = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      emulator.stop();
      System.out.println("bedrock-kit emulator stopped");
      System.out.flush();
      stopped.countDown();
    }, "bedrock-kit-emulator-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Parses the options, starts an emulator and prints the ready line to {@code out}.
   *
   * @param args command-line options
   * @param out where the ready line goes
   * @return the running emulator; the caller stops it
   * @throws IllegalArgumentException for a bad option, with a message saying which
   */
  public static BedrockEmulator start(String[] args, PrintStream out) {
    BedrockEmulator.Builder builder = BedrockEmulator.builder();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        throw new IllegalArgumentException("bedrock-kit emulator: Bedrock Runtime and SSM on 127.0.0.1");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + option + " needs a value.");
      }
      String value = args[++i];
      switch (option) {
        case "--port":
          builder.port(parsePort(value));
          break;
        case "--latency":
          switch (value.toLowerCase(Locale.ROOT)) {
            case "zero":
              builder.latency(LatencyModel.ZERO);
              break;
            case "realistic":
              builder.realisticLatency();
              break;
            default:
              throw new IllegalArgumentException("--latency must be zero or realistic, not '" + value + "'.");
          }
          break;
        case "--parameters":
          loadParameters(Path.of(value), builder);
          break;
        case "--region":
          builder.defaultRegion(value);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + option + ".");
      }
    }
    BedrockEmulator emulator = builder.start();
    out.println("bedrock-kit emulator listening on " + emulator.endpoint());
    out.flush();
    return emulator;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number from 0 to 65535, not '" + value + "'.");
    }
  }

  private static void loadParameters(Path file, BedrockEmulator.Builder builder) {
    JsonNode root;
    try {
      root = Json.parse(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read parameters file " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("Parameters file " + file + " must hold a JSON object of name to value.");
    }
    Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (v.isTextual()) {
        builder.parameter(e.getKey(), v.asText());
      } else if (v.isObject() && v.size() == 2 && v.path("Type").isTextual() && v.path("Value").isTextual()) {
        builder.parameter(e.getKey(), v.get("Value").asText(), type(v.get("Type").asText(), e.getKey()));
      } else {
        builder.parameter(e.getKey(), Json.write(v));
      }
    }
  }

  private static ParameterType type(String wireName, String name) {
    for (ParameterType t : ParameterType.values()) {
      if (t.wireName().equals(wireName)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Parameter " + name + " has Type '" + wireName
        + "'; use String, StringList or SecureString.");
  }
}
