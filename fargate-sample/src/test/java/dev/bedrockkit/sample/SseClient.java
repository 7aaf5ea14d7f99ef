package dev.bedrockkit.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A Server-Sent Events client over a plain socket (HTTP/1.1, chunked), recording each event and
 * comment with the time it arrived, so tests can see that events arrive one by one and can drop
 * the connection at any point. One stream per client; thread-safe for reading what was recorded.
 */
final class SseClient implements AutoCloseable {

  /** An event ({@code name} null for a comment) and when it arrived. */
  record Event(String name, String data, long atNanos) {
    boolean isComment() {
      return name == null;
    }

    JsonNode json() {
      return Http.JSON.readTree(data);
    }
  }

  private final Socket socket;
  private final List<Event> events = new ArrayList<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final long openedNanos = System.nanoTime();
  private volatile int status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Thread reader;

  private SseClient(Socket socket) {
    this.socket = socket;
    this.reader = new Thread(this::read, "sse-test-client");
    this.reader.setDaemon(true);
  }

  /** Opens {@code GET pathAndQuery} on 127.0.0.1:port from a new client address. */
  static SseClient open(int port, String pathAndQuery) {
    return open(port, pathAndQuery, Map.of("X-Forwarded-For", Http.newClient()));
  }

  static SseClient open(int port, String pathAndQuery, Map<String, String> headers) {
    try {
      Socket socket = new Socket();
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      StringBuilder request =
          new StringBuilder()
              .append("GET ")
              .append(URI.create(pathAndQuery).toASCIIString())
              .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
              .append(port)
              .append("\r\nAccept: text/event-stream\r\nConnection: close\r\n");
      headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      SseClient client = new SseClient(socket);
      client.reader.start();
      return client;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (InputStream raw = new java.io.BufferedInputStream(socket.getInputStream())) {
      String statusLine = asciiLine(raw);
      if (statusLine == null) {
        return;
      }
      status = Integer.parseInt(statusLine.split(" ")[1]);
      boolean chunked = false;
      for (String h = asciiLine(raw); h != null && !h.isEmpty(); h = asciiLine(raw)) {
        int colon = h.indexOf(':');
        String key = h.substring(0, colon).trim().toLowerCase();
        String value = h.substring(colon + 1).trim();
        headers.put(key, value);
        chunked |= key.equals("transfer-encoding") && value.toLowerCase().contains("chunked");
      }
      InputStream bytes = chunked ? new ChunkedInputStream(raw) : raw;
      BufferedReader body = new BufferedReader(new InputStreamReader(bytes, StandardCharsets.UTF_8));
      String name = null;
      StringBuilder data = null;
      for (String line = body.readLine(); line != null; line = body.readLine()) {
        if (line.isEmpty()) {
          if (name != null || data != null) {
            record(
                new Event(
                    name == null ? "message" : name,
                    data == null ? "" : data.toString(),
                    System.nanoTime()));
          }
          name = null;
          data = null;
        } else if (line.startsWith(":")) {
          record(new Event(null, line.substring(1).trim(), System.nanoTime()));
        } else if (line.startsWith("event:")) {
          name = line.substring(6).trim();
        } else if (line.startsWith("data:")) {
          String d = line.substring(5);
          d = d.startsWith(" ") ? d.substring(1) : d;
          data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
        }
      }
    } catch (IOException e) {
      // closed by the test, or by the server
    } finally {
      ended.countDown();
    }
  }

  /** One CRLF-terminated ASCII line, without the CRLF; null at the end of the stream. */
  private static String asciiLine(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = s.length();
        return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s.toString();
      }
      s.append((char) c);
    }
    return s.length() == 0 ? null : s.toString();
  }

  private void record(Event e) {
    synchronized (events) {
      events.add(e);
      events.notifyAll();
    }
  }

  /** Every event and comment so far. */
  List<Event> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  /** Events of one name. */
  List<Event> events(String name) {
    return events().stream().filter(e -> name.equals(e.name())).toList();
  }

  /** Comments (heartbeats). */
  List<Event> comments() {
    return events().stream().filter(Event::isComment).toList();
  }

  /** Waits for the first event matching {@code p}. */
  Event await(Predicate<Event> p, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (events) {
      while (true) {
        for (Event e : events) {
          if (p.test(e)) {
            return e;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended.getCount() == 0) {
          throw new AssertionError("no matching event within " + timeout + "; got " + events);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(events, Math.min(left, 50_000_000));
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          throw new AssertionError(ex);
        }
      }
    }
  }

  Event await(String name, Duration timeout) {
    return await(e -> name.equals(e.name()), timeout);
  }

  /** Waits until the server ends the response. */
  SseClient awaitEnd(Duration timeout) {
    try {
      if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("stream still open after " + timeout + "; got " + events());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return this;
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name.toLowerCase());
  }

  /** Milliseconds from opening to an event. */
  long millisToEvent(Event e) {
    return (e.atNanos() - openedNanos) / 1_000_000;
  }

  /** Drops the connection. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  /** Decodes HTTP/1.1 chunked transfer encoding, byte by byte, as it arrives. */
  private static final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private int left;
    private boolean done;

    ChunkedInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String size = asciiLine(in);
        while (size != null && size.isEmpty()) {
          size = asciiLine(in);
        }
        if (size == null) {
          done = true;
          return -1;
        }
        int semicolon = size.indexOf(';');
        left = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (left == 0) {
          done = true;
          return -1;
        }
      }
      int n = in.read(buf, off, Math.min(len, left));
      if (n < 0) {
        done = true;
        return -1;
      }
      left -= n;
      return n;
    }
  }
}
