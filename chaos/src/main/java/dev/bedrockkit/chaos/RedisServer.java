package dev.bedrockkit.chaos;

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
import javax.net.ssl.SSLContext;

/**
 * A private {@code redis-server} on a free loopback port (never the system instance on 6379): no
 * persistence, bound to 127.0.0.1. It can be killed (SIGKILL, as a crash) and started again on the
 * same port, optionally with a password ({@code requirepass}) and TLS only ({@code --port 0
 * --tls-port}). The cache module's tests have a JUnit extension of the same kind; this one is
 * plain code because the chaos harness runs outside JUnit too.
 *
 * <p>Not thread-safe: one controller drives it.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final String password;
  private final Tls tls;
  private Process process;

  /** TLS settings: PEM files for {@code redis-server} and the trust the command socket uses. */
  public record Tls(Path certFile, Path keyFile, Path caFile, SSLContext clientContext) {}

  private RedisServer(String password, Tls tls) throws IOException {
    this.port = freePort();
    this.dir = Files.createTempDirectory("bedrock-kit-chaos-redis-");
    this.password = password;
    this.tls = tls;
  }

  /** A plain server without a password, started. */
  public static RedisServer start() throws IOException, InterruptedException {
    RedisServer s = new RedisServer(null, null);
    s.startProcess();
    return s;
  }

  /** A server that requires {@code password} and speaks only TLS, started. */
  public static RedisServer startTls(String password, Tls tls)
      throws IOException, InterruptedException {
    RedisServer s = new RedisServer(password, tls);
    s.startProcess();
    return s;
  }

  /** {@code redis://127.0.0.1:<port>} (plain servers only). */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public boolean running() {
    return process != null && process.isAlive();
  }

  /** Kills the server (SIGKILL), as a crash would; its data is gone (no persistence). */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the server again on the same port; waits until it answers PING. */
  public void restart() throws IOException, InterruptedException {
    if (!running()) {
      startProcess();
    }
  }

  /** The server's log file (for diagnosis). */
  public Path logFile() {
    return dir.resolve("redis.log");
  }

  @Override
  public void close() {
    if (process != null) {
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

  private void startProcess() throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    cmd.addAll(
        List.of(
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--dir", dir.toString(),
            "--logfile", logFile().toString()));
    if (tls == null) {
      cmd.addAll(List.of("--port", Integer.toString(port)));
    } else {
      cmd.addAll(
          List.of(
              "--port", "0",
              "--tls-port", Integer.toString(port),
              "--tls-cert-file", tls.certFile().toString(),
              "--tls-key-file", tls.keyFile().toString(),
              "--tls-ca-cert-file", tls.caFile().toString(),
              "--tls-auth-clients", "no"));
    }
    if (password != null) {
      cmd.addAll(List.of("--requirepass", password));
    }
    process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    IOException last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "redis-server exited with " + process.exitValue() + "; see " + logFile() + ": "
                + (Files.exists(logFile()) ? Files.readString(logFile()) : "(no log)"));
      }
      try {
        if ("PONG".equals(command("PING"))) {
          return;
        }
      } catch (IOException e) {
        last = e;
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    throw new IllegalStateException(
        "redis-server did not answer PING on port " + port + " in 10 s: " + last);
  }

  /**
   * Sends one command over a fresh connection (TLS and AUTH as the server needs) and returns a
   * simple reply: status text, integer, bulk string, or {@code null} for nil. Arguments are
   * strings or byte arrays.
   */
  public String command(Object... args) throws IOException {
    try (Socket socket = socket()) {
      if (password != null) {
        write(socket.getOutputStream(), new Object[] {"AUTH", password});
        read(socket.getInputStream());
      }
      write(socket.getOutputStream(), args);
      return read(socket.getInputStream());
    }
  }

  /** {@code KEYS pattern}: every matching key (fine for test-sized databases). */
  public java.util.List<String> keys(String pattern) throws IOException {
    try (Socket socket = socket()) {
      if (password != null) {
        write(socket.getOutputStream(), new Object[] {"AUTH", password});
        read(socket.getInputStream());
      }
      write(socket.getOutputStream(), new Object[] {"KEYS", pattern});
      InputStream in = socket.getInputStream();
      int type = in.read();
      String line = readLine(in);
      if (type != '*') {
        throw new IOException("unexpected reply to KEYS: " + (char) type + line);
      }
      java.util.List<String> keys = new java.util.ArrayList<>();
      for (int i = Integer.parseInt(line); i > 0; i--) {
        keys.add(read(in));
      }
      return keys;
    }
  }

  private Socket socket() throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
    plain.setSoTimeout(5000);
    if (tls == null) {
      return plain;
    }
    Socket secure =
        tls.clientContext().getSocketFactory().createSocket(plain, "localhost", port, true);
    secure.setSoTimeout(5000);
    return secure;
  }

  private static void write(OutputStream out, Object[] args) throws IOException {
    out.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (Object a : args) {
      byte[] bytes = a instanceof byte[] b ? b : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
      out.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.flush();
  }

  private static String read(InputStream in) throws IOException {
    int type = in.read();
    String line = readLine(in);
    switch (type) {
      case '+':
      case ':':
      case '*':
        return line;
      case '-':
        throw new IOException("Redis error: " + line);
      case '$':
        int n = Integer.parseInt(line);
        if (n < 0) {
          return null;
        }
        byte[] data = in.readNBytes(n);
        readLine(in);
        return new String(data, StandardCharsets.UTF_8);
      default:
        throw new IOException("unexpected Redis reply type " + type);
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
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
      Path p = Path.of(d, "redis-server");
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
}
