package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** ConverseStream through BedrockKit.stream against the emulator's binary event stream. */
class StreamIntegrationTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String SONNET = ModelCatalog.CLAUDE_3_5_SONNET;

  private BedrockKit kit;

  @AfterEach
  void close() {
    kit.close();
  }

  private BedrockKit kit(CallPolicy.Builder policy, String... models) {
    kit =
        BedrockKit.builder()
            .asyncClient(BEDROCK.bedrockAsyncClient())
            .models(models)
            .callPolicy(policy.backoff(Duration.ofMillis(1), Duration.ofMillis(5)).build())
            .build();
    return kit;
  }

  private BedrockKit kit(String... models) {
    return kit(CallPolicy.builder(), models);
  }

  /** Records deltas with the time they arrived. */
  static final class Recorder implements StreamListener {
    final List<String> deltas = new CopyOnWriteArrayList<>();
    volatile long firstDeltaNanos;

    @Override
    public void onText(String delta) {
      if (deltas.isEmpty()) {
        firstDeltaNanos = System.nanoTime();
      }
      deltas.add(delta);
    }
  }

  @Test
  void deliversDeltasIncrementallyAndCompletesWithTheWholeAnswer() {
    BEDROCK.faults().slowStreams(Duration.ofMillis(40));
    Recorder recorder = new Recorder();

    ChatResponse r = kit(HAIKU).stream(ChatRequest.of("tell me a short story"), recorder).join();
    long endNanos = System.nanoTime();

    assertThat(recorder.deltas.size()).isGreaterThan(2);
    assertThat(String.join("", recorder.deltas)).isEqualTo(r.text());
    assertThat(r.text()).contains("tell me a short story");
    assertThat(Duration.ofNanos(endNanos - recorder.firstDeltaNanos))
        .as("the first delta arrived well before the stream ended")
        .isGreaterThanOrEqualTo(Duration.ofMillis(40));
    assertThat(r.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(r.usage().outputTokens()).isPositive();
    assertThat(r.modelId()).isEqualTo(HAIKU);
    assertThat(r.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.SUCCESS);
    assertThat(r.requestId()).isNotBlank();
  }

  @Test
  void aMidStreamExceptionAfterTheFirstTokenEndsTheStreamWithATypedError() {
    BEDROCK.faults().breakStreamAfter(4, "throttlingException");
    Recorder recorder = new Recorder();

    CompletableFuture<ChatResponse> f = kit(HAIKU, SONNET).stream(ChatRequest.of("a long answer please"), recorder);

    assertThat(f)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOf(ThrottledException.class)
        .withMessageContaining(HAIKU);
    assertThat(recorder.deltas).isNotEmpty();
    assertThat(BEDROCK.journal().count(SONNET)).as("no fallback after the first token").isZero();
  }

  @Test
  void aStreamBrokenBeforeTheFirstTokenIsRetried() {
    BEDROCK.faults().breakNextStreamAfter(1, "throttlingException");
    Recorder recorder = new Recorder();

    ChatResponse r = kit(HAIKU).stream(ChatRequest.of("hello"), recorder).join();

    assertThat(r.attempts())
        .extracting(Attempt::outcome)
        .containsExactly(Outcome.THROTTLED, Outcome.SUCCESS);
    assertThat(String.join("", recorder.deltas)).isEqualTo(r.text());
  }

  @Test
  void aThrottledFirstModelFallsBackBeforeAnyTokenIsSent() {
    BEDROCK.faults().forModel(HAIKU).throttleRate(1.0, 7);
    ChatResponse r = kit(HAIKU, SONNET).stream(ChatRequest.of("hello"), new Recorder()).join();
    assertThat(r.modelId()).isEqualTo(SONNET);
    assertThat(r.fellBack()).isTrue();
  }

  @Test
  void aListenerThatThrowsEndsTheStreamWithItsExceptionInsteadOfHanging() {
    IllegalStateException boom = new IllegalStateException("listener bug");
    CompletableFuture<ChatResponse> f =
        kit(HAIKU)
            .stream(
                ChatRequest.of("hello there"),
                delta -> {
                  throw boom;
                });
    assertThat(f).failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingCause().isSameAs(boom);
  }

  @Test
  void aSilentStreamTimesOutInsteadOfHanging() {
    BEDROCK.faults().slowStreams(Duration.ofSeconds(3));
    CompletableFuture<ChatResponse> f =
        kit(CallPolicy.builder().attemptTimeout(Duration.ofMillis(200)).maxAttempts(1), HAIKU)
            .stream(ChatRequest.of("hello"), new Recorder());
    assertThat(f)
        .failsWithin(Duration.ofSeconds(10))
        .withThrowableThat()
        .havingCause()
        .isInstanceOfSatisfying(
            AllModelsFailedException.class,
            e -> assertThat(e.attempts()).extracting(Attempt::outcome).containsExactly(Outcome.TIMEOUT));
  }

  @Test
  void thePublisherEmitsDeltasThenCompleted() throws Exception {
    Flow.Publisher<ChatStreamEvent> publisher = kit(HAIKU).stream(ChatRequest.of("publish me"));
    List<ChatStreamEvent> events = new ArrayList<>();
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          Flow.Subscription s;

          @Override
          public void onSubscribe(Flow.Subscription subscription) {
            s = subscription;
            s.request(1);
          }

          @Override
          public void onNext(ChatStreamEvent item) {
            events.add(item);
            s.request(1);
          }

          @Override
          public void onError(Throwable throwable) {
            done.completeExceptionally(throwable);
          }

          @Override
          public void onComplete() {
            done.complete(null);
          }
        });
    done.get(10, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1)).isInstanceOf(ChatStreamEvent.Completed.class);
    String text =
        events.stream()
            .filter(e -> e instanceof ChatStreamEvent.TextDelta)
            .map(e -> ((ChatStreamEvent.TextDelta) e).text())
            .reduce("", String::concat);
    assertThat(text).isEqualTo(((ChatStreamEvent.Completed) events.get(events.size() - 1)).response().text());
  }

  @Test
  void streamsToolCallsAndParsesTheirInput() {
    var template =
        PromptTemplate.builder("t", TypedCallIntegrationTest.Ticket.class)
            .user("{{customer}} {{body}}")
            .returning(TypedCallIntegrationTest.Triage.class)
            .build();
    var tools =
        dev.bedrockkit.internal.structured.TemplateOutputs.of(template).toolConfiguration().orElseThrow();
    List<String> started = new CopyOnWriteArrayList<>();
    ChatResponse r =
        kit(HAIKU)
            .stream(
                ChatRequest.builder().user("acme: invoice wrong").tools(tools).build(),
                new StreamListener() {
                  @Override
                  public void onText(String delta) {}

                  @Override
                  public void onToolUseStart(String toolUseId, String name) {
                    started.add(name);
                  }
                })
            .join();
    assertThat(started).containsExactly("respond_Triage");
    assertThat(r.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(r.toolUses()).hasSize(1);
    assertThat(r.toolUses().get(0).input().asMap()).containsKeys("category", "priority", "summary");
  }
}
