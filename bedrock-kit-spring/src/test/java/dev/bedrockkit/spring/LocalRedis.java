package dev.bedrockkit.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@code redis-server} for one test class, on a free loopback port (never the system
 * instance): no persistence, emptied before each test, stopped after the class. A minimal copy of
 * bedrock-kit-cache's test helper, which is not published.
 */
final class LocalRedis implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private int port;
  private Path dir;
  private Process process;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    dir = Files.createTempDirectory("bedrock-kit-spring-redis-");
    process =
        new ProcessBuilder(
                "redis-server",
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", dir.toString(),
                "--logfile", dir.resolve("redis.log").toString())
            .redirectErrorStream(true)
            .start();
    boolean up =
        waitFor(
            10_000,
            () -> {
              try {
                return "PONG".equals(command("PING").get(0));
              } catch (IOException e) {
                return false;
              }
            });
    if (!up) {
      throw new IllegalStateException("redis-server did not answer PING on port " + port);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    command("FLUSHALL");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** {@code redis://127.0.0.1:<port>}. */
  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /**
   * Sends one command on a fresh connection and returns the reply as strings: one element for a
   * status, integer or bulk reply ({@code null} for nil), the elements of an array reply.
   */
  List<String> command(String... args) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
        request.append('$').append(bytes.length).append("\r\n").append(a).append("\r\n");
      }
      out.write(request.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      List<String> reply = new ArrayList<>();
      read(socket.getInputStream(), reply);
      return reply;
    }
  }

  private static void read(InputStream in, List<String> into) throws IOException {
    int type = in.read();
    String line = line(in);
    switch (type) {
      case '+', ':' -> into.add(line);
      case '-' -> throw new IOException("Redis error: " + line);
      case '$' -> {
        int n = Integer.parseInt(line);
        if (n < 0) {
          into.add(null);
        } else {
          into.add(new String(in.readNBytes(n), StandardCharsets.UTF_8));
          line(in);
        }
      }
      case '*' -> {
        int n = Integer.parseInt(line);
        for (int i = 0; i < n; i++) {
          read(in, into);
        }
      }
      default -> throw new IOException("unexpected Redis reply type " + (char) type);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\r') {
      sb.append((char) c);
    }
    in.read(); // '\n'
    return sb.toString();
  }

  /** Polls {@code condition} until it holds or {@code millis} pass. */
  static boolean waitFor(long millis, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return true;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return condition.getAsBoolean();
  }
}
