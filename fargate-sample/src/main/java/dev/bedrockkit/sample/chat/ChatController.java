package dev.bedrockkit.sample.chat;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.sample.cache.CacheScopes;
import dev.bedrockkit.sample.stream.ChatStreams;
import dev.bedrockkit.sample.stream.SseStream;
import dev.bedrockkit.sample.web.Problems;
import dev.bedrockkit.sample.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The chat API: one answer as JSON, or the same answer streamed token by token as Server-Sent
 * Events. Both go through the {@code BedrockKit} bean (chains, retries, fallbacks, cost).
 */
@RestController
@RequestMapping("/v1/chat")
public class ChatController {
  private final BedrockKit kit;
  private final ChatRequests requests;
  private final ChatStreams streams;
  private final Problems problems;
  private final CacheScopes cacheScopes;

  public ChatController(
      BedrockKit kit,
      ChatRequests requests,
      ChatStreams streams,
      Problems problems,
      CacheScopes cacheScopes) {
    this.kit = kit;
    this.requests = requests;
    this.streams = streams;
    this.problems = problems;
    this.cacheScopes = cacheScopes;
  }

  /** {@code POST /v1/chat}: the whole answer as JSON. */
  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
  public ChatReply chat(@RequestBody ChatInput input, HttpServletRequest http) {
    ChatResponse response = kit.chat(requests.toRequest(input, cacheScopes.of(http)));
    return ChatReply.of(response, RequestIds.of(http));
  }

  /**
   * {@code GET /v1/chat/stream?message=...}: {@code delta} events with {@code {"text": ...}}, then
   * {@code done} with the same data as {@code POST /v1/chat}, or {@code error} with problem
   * details; heartbeat comments meanwhile. An invalid or rate-limited request is refused with a
   * 4xx problem before the stream opens. When the client goes away, the model stream is cancelled.
   */
  @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter stream(
      @RequestParam(required = false) String message,
      @RequestParam(required = false) String history,
      @RequestParam(required = false) String chain,
      @RequestParam(required = false) Integer maxTokens,
      @RequestParam(required = false) Double temperature,
      HttpServletRequest http,
      HttpServletResponse response) {
    ChatRequest request =
        requests.toRequest(
            new ChatInput(message, requests.parseHistory(history), chain, maxTokens, temperature),
            cacheScopes.of(http));
    String requestId = RequestIds.of(http);
    String path = http.getRequestURI();
    SseStream stream = streams.open(requestId);
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    CompletableFuture<ChatResponse> answer;
    try {
      answer = kit.stream(request, stream::delta);
    } catch (RuntimeException e) {
      stream.error(problems.of(e, path, requestId));
      return stream.emitter();
    }
    stream.onCancel(() -> answer.cancel(true));
    answer.whenComplete(
        (r, e) -> {
          if (e == null) {
            stream.done(ChatReply.of(r, requestId));
          } else if (!(Problems.unwrap(e) instanceof CancellationException)) {
            stream.error(problems.of(e, path, requestId));
          }
        });
    return stream.emitter();
  }
}
