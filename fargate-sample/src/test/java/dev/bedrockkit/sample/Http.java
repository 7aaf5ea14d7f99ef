package dev.bedrockkit.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP/1.1 client for the tests. Every request comes from a new client address ({@code
 * X-Forwarded-For}; the tests trust one proxy), so tests sharing the application never share a
 * rate-limit bucket, unless a test names the address.
 */
final class Http {
  static final JsonMapper JSON = JsonMapper.builder().build();
  private static final AtomicInteger NEXT_CLIENT = new AtomicInteger();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final int port;

  Http(int port) {
    this.port = port;
  }

  URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + port + pathAndQuery);
  }

  /** A new client address, e.g. {@code 198.18.0.7}. */
  static String newClient() {
    int n = NEXT_CLIENT.incrementAndGet();
    return "198.18." + (n / 250) + "." + (n % 250 + 1);
  }

  static String query(Map<String, String> params) {
    StringBuilder s = new StringBuilder();
    params.forEach(
        (k, v) ->
            s.append(s.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    return s.toString();
  }

  Reply post(String path, String json) {
    return post(path, json, Map.of());
  }

  Reply post(String path, String json, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json));
    return send(b, headers);
  }

  Reply get(String path) {
    return get(path, Map.of());
  }

  Reply get(String path, Map<String, String> headers) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET(), headers);
  }

  Reply send(HttpRequest.Builder b, Map<String, String> headers) {
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.putIfAbsent("X-Forwarded-For", newClient());
    all.forEach(b::header);
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers().map(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A response. */
  record Reply(int status, Map<String, java.util.List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, java.util.List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    JsonNode json() {
      return JSON.readTree(body);
    }
  }
}
