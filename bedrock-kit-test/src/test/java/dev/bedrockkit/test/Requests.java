package dev.bedrockkit.test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.Message;

/** Small builders shared by the tests. */
final class Requests {
  private Requests() {}

  static Message user(String text) {
    return Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(text)).build();
  }

  static Message assistant(String text) {
    return Message.builder().role(ConversationRole.ASSISTANT).content(ContentBlock.fromText(text)).build();
  }

  static ConverseRequest converse(String modelId, String text) {
    return ConverseRequest.builder().modelId(modelId).messages(user(text)).build();
  }

  static ConverseStreamRequest converseStream(String modelId, String text) {
    return ConverseStreamRequest.builder().modelId(modelId).messages(user(text)).build();
  }

  /** Collects every event of a ConverseStream; the future completes with the stream. */
  static final class Collected {
    final List<ConverseStreamOutput> events = new CopyOnWriteArrayList<>();
    final List<Long> arrivals = new CopyOnWriteArrayList<>();

    String text() {
      StringBuilder sb = new StringBuilder();
      for (ConverseStreamOutput e : events) {
        if (e.sdkEventType() == ConverseStreamOutput.EventType.CONTENT_BLOCK_DELTA) {
          var delta = ((software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent) e).delta();
          if (delta.text() != null) {
            sb.append(delta.text());
          }
        }
      }
      return sb.toString();
    }

    List<ConverseStreamOutput.EventType> types() {
      List<ConverseStreamOutput.EventType> out = new ArrayList<>();
      events.forEach(e -> out.add(e.sdkEventType()));
      return out;
    }
  }

  static CompletableFuture<Collected> stream(BedrockRuntimeAsyncClient client, ConverseStreamRequest request) {
    Collected c = new Collected();
    CompletableFuture<Void> f = client.converseStream(request,
        ConverseStreamResponseHandler.builder()
            .subscriber(e -> {
              c.arrivals.add(System.nanoTime());
              c.events.add(e);
            })
            .build());
    return f.thenApply(v -> c);
  }

  static HttpResponse<String> rawPost(URI endpoint, String path, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(endpoint.resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
          .send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
