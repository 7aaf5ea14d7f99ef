package dev.bedrockkit.cache;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a private {@code redis-server} for a test class on a free loopback port (never the system
 * instance on 6379): no persistence, bound to 127.0.0.1, emptied before each test, stopped after
 * the class. Tests can kill, pause (SIGSTOP), resume and restart it on the same port.
 *
 * <pre>{@code
 * @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();
 * }</pre>
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
  private static final String BINARY = "redis-server";

  private int port;
  private Process process;
  private Path dir;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    port = freePort();
    dir = Files.createTempDirectory("bedrock-kit-redis-");
    start();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    if (!running()) {
      start();
    }
    command("FLUSHALL");
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
  }

  /** {@code redis://127.0.0.1:<port>}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Starts the server on its port and waits until it answers PING. */
  public synchronized void start() throws IOException, InterruptedException {
    if (running()) {
      return;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    cmd.addAll(
        List.of(
            "--port", Integer.toString(port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--dir", dir.toString(),
            "--logfile", dir.resolve("redis.log").toString()));
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + "; see " + dir.resolve("redis.log"));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException e) {
        // not yet listening
      }
      Thread.onSpinWait();
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException("redis-server did not answer PING on port " + port + " in 10 s");
  }

  /** Kills the server (SIGKILL), as a crash would. */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Freezes the server (SIGSTOP): connections stay open but nothing is answered. */
  public void pause() throws IOException, InterruptedException {
    signal("STOP");
  }

  /** Unfreezes a paused server (SIGCONT). */
  public void resume() throws IOException, InterruptedException {
    signal("CONT");
  }

  private void signal(String name) throws IOException, InterruptedException {
    Process kill =
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
            .redirectErrorStream(true)
            .start();
    if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " failed");
    }
  }

  /** Stops the server. */
  public synchronized void stop() {
    if (process != null) {
      if (process.isAlive()) {
        try {
          resume();
        } catch (IOException | InterruptedException | RuntimeException e) {
          // it may not be paused
        }
      }
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      process = null;
    }
  }

  /**
   * Sends one command over a fresh socket (RESP) and returns a simple reply: status text, the
   * integer, or the bulk string; {@code null} for a nil reply. Binary-safe arguments.
   */
  public String command(Object... args) throws IOException {
    return reply(args, false).text;
  }

  /** Like {@link #command}, returning the raw bytes of a bulk reply. */
  public byte[] commandBytes(Object... args) throws IOException {
    return reply(args, true).bytes;
  }

  private record Reply(String text, byte[] bytes) {}

  private Reply reply(Object[] args, boolean raw) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      StringBuilder head = new StringBuilder("*").append(args.length).append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      for (Object a : args) {
        byte[] bytes =
            a instanceof byte[] b ? b : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
        out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      out.flush();
      InputStream in = socket.getInputStream();
      int type = in.read();
      String line = readLine(in);
      switch (type) {
        case '+':
        case ':':
          return new Reply(line, null);
        case '-':
          throw new IOException("Redis error: " + line);
        case '$':
          {
            int n = Integer.parseInt(line);
            if (n < 0) {
              return new Reply(null, null);
            }
            byte[] data = in.readNBytes(n);
            readLine(in);
            return new Reply(raw ? null : new String(data, StandardCharsets.UTF_8), data);
          }
        case '*':
          return new Reply(line, null); // array length; enough for these tests
        default:
          throw new IOException("unexpected Redis reply type " + (char) type);
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\r') {
        in.read();
        break;
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  private static String binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(dir, BINARY);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "redis-server is not installed; run ./test.sh as root (it installs it) or"
            + " apt-get install -y redis-server");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** How long Redis tests wait for the client to reconnect by itself. */
  public static final Duration RECONNECT_WAIT = Duration.ofSeconds(20);
}
