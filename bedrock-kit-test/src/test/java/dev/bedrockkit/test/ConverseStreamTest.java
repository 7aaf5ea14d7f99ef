package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.Requests.converse;
import static dev.bedrockkit.test.Requests.converseStream;
import static dev.bedrockkit.test.Requests.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput.EventType.CONTENT_BLOCK_DELTA;
import static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput.EventType.CONTENT_BLOCK_STOP;
import static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput.EventType.MESSAGE_START;
import static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput.EventType.MESSAGE_STOP;
import static software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput.EventType.METADATA;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStartEvent;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

class ConverseStreamTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static BedrockRuntimeAsyncClient http1;

  private static BedrockRuntimeAsyncClient http1() {
    synchronized (ConverseStreamTest.class) {
      if (http1 == null) {
        http1 = BEDROCK.bedrockAsyncClientBuilder("us-east-1")
            .httpClientBuilder(BedrockEmulatorExtension.nettyBuilder().protocol(Protocol.HTTP1_1))
            .build();
      }
      return http1;
    }
  }

  @org.junit.jupiter.api.AfterAll
  static void closeHttp1() {
    if (http1 != null) {
      http1.close();
    }
  }

  static Stream<Arguments> protocols() {
    return Stream.of(Arguments.of("HTTP/2.0"), Arguments.of("HTTP/1.1"));
  }

  private static BedrockRuntimeAsyncClient client(String protocol) {
    return protocol.equals("HTTP/2.0") ? BEDROCK.bedrockAsyncClient() : http1();
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void streamsTheEventsOfAConverseAnswerInOrder(String protocol) {
    Requests.Collected c = stream(client(protocol), converseStream(CLAUDE_3_HAIKU, "stream this text")).join();

    assertThat(c.types()).containsExactly(MESSAGE_START, CONTENT_BLOCK_DELTA, CONTENT_BLOCK_DELTA,
        CONTENT_BLOCK_DELTA, CONTENT_BLOCK_DELTA, CONTENT_BLOCK_DELTA, CONTENT_BLOCK_STOP, MESSAGE_STOP, METADATA);
    assertThat(((MessageStartEvent) c.events.get(0)).roleAsString()).isEqualTo("assistant");
    assertThat(c.text()).isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: stream this text");
    assertThat(((MessageStopEvent) c.events.get(7)).stopReason()).isEqualTo(StopReason.END_TURN);
    ConverseStreamMetadataEvent metadata = (ConverseStreamMetadataEvent) c.events.get(8);
    assertThat(metadata.usage().inputTokens()).isEqualTo(4);
    assertThat(metadata.usage().outputTokens()).isEqualTo((c.text().length() + 3) / 4);
    assertThat(metadata.metrics().latencyMs()).isZero();
    assertThat(BEDROCK.journal().last().protocol()).isEqualTo(protocol);
  }

  @Test
  void streamedTextEqualsTheConverseText(BedrockRuntimeAsyncClient async, BedrockRuntimeClient sync) {
    String text = sync.converse(converse(CLAUDE_3_HAIKU, "same  answer\ttwice")).output().message().content().get(0).text();

    assertThat(stream(async, converseStream(CLAUDE_3_HAIKU, "same  answer\ttwice")).join().text()).isEqualTo(text);
  }

  @Test
  void maxTokensEndsTheStreamWithMaxTokens(BedrockRuntimeAsyncClient async) {
    Requests.Collected c = stream(async, converseStream(CLAUDE_3_HAIKU, "long").toBuilder()
        .inferenceConfig(i -> i.maxTokens(2)).build()).join();

    assertThat(c.text()).isEqualTo("[anthrop"); // 2 tokens = 8 characters
    assertThat(c.events).filteredOn(e -> e instanceof MessageStopEvent)
        .singleElement().extracting(e -> ((MessageStopEvent) e).stopReason()).isEqualTo(StopReason.MAX_TOKENS);
  }

  @Test
  void firstDeltaArrivesBeforeTheStreamEndsWhenLatencyIsNonZero() {
    try (BedrockEmulator slow = BedrockEmulator.builder()
            .latency(LatencyModel.of(Duration.ofMillis(50), 50)) // 20 ms per token
            .start();
        BedrockRuntimeAsyncClient client = BEDROCK.bedrockAsyncClientBuilder("us-east-1")
            .endpointOverride(slow.endpoint()).build()) {
      long start = System.nanoTime();
      Requests.Collected c = stream(client, converseStream(CLAUDE_3_HAIKU, "one two three four five six seven eight")).join();
      long end = System.nanoTime();

      long firstDelta = c.arrivals.get(c.types().indexOf(CONTENT_BLOCK_DELTA));
      long lastEvent = c.arrivals.get(c.arrivals.size() - 1);
      // 22 output tokens at 50/s = 440 ms spread over 16 events: later events arrive well after the first.
      assertThat(Duration.ofNanos(lastEvent - firstDelta)).isGreaterThan(Duration.ofMillis(200));
      assertThat(Duration.ofNanos(end - start)).isGreaterThan(Duration.ofMillis(440));
    }
  }

  @Test
  void slowStreamsFaultSpacesEventsApart(BedrockRuntimeAsyncClient async) {
    Fault slow = BEDROCK.faults().slowStreams(Duration.ofMillis(30));

    Requests.Collected c = stream(async, converseStream(CLAUDE_3_HAIKU, "a b c")).join();

    long span = c.arrivals.get(c.arrivals.size() - 1) - c.arrivals.get(0);
    assertThat(Duration.ofNanos(span)).isGreaterThanOrEqualTo(Duration.ofMillis(30L * (c.events.size() - 2)));
    assertThat(slow.triggered()).isEqualTo(1);
  }

  static Stream<Arguments> midStreamExceptions() {
    return Stream.of(
        Arguments.of("throttlingException", ThrottlingException.class, "Too many requests, please wait before trying again."),
        Arguments.of("internalServerException", InternalServerException.class,
            "The system encountered an unexpected error during processing. Try your request again."),
        Arguments.of("serviceUnavailableException", ServiceUnavailableException.class, "Bedrock is unable to process your request."),
        Arguments.of("validationException", ValidationException.class, "Input is too long for requested model."),
        Arguments.of("modelStreamErrorException", ModelStreamErrorException.class,
            "The model stream ended with an error. Try your request again."));
  }

  @ParameterizedTest
  @MethodSource("midStreamExceptions")
  void midStreamExceptionSurfacesAsTheTypedException(String type, Class<? extends BedrockRuntimeException> expected, String message) {
    BEDROCK.faults().breakNextStreamAfter(3, type);

    Requests.Collected c = new Requests.Collected();
    Throwable t = catchThrowable(() -> BEDROCK.bedrockAsyncClient().converseStream(converseStream(CLAUDE_3_HAIKU, "one two three four"),
        software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler.builder()
            .subscriber(c.events::add).build()).join());

    assertThat(t).isInstanceOf(CompletionException.class);
    assertThat(t.getCause()).isInstanceOf(expected);
    assertThat(((BedrockRuntimeException) t.getCause()).awsErrorDetails().errorMessage()).isEqualTo(message);
    assertThat(c.events).hasSize(3);
    assertThat(BEDROCK.journal().last().errorType()).isEqualTo(type);
    assertThat(BEDROCK.journal().last().status()).isEqualTo(200);
  }

  @Test
  void pascalCaseExceptionTypeSurfacesAsTheGenericServiceException(BedrockRuntimeAsyncClient async) {
    BEDROCK.faults().breakNextStreamAfter(1, "ThrottlingException");

    Throwable t = catchThrowable(() -> stream(async, converseStream(CLAUDE_3_HAIKU, "x y")).join());

    assertThat(t.getCause()).isExactlyInstanceOf(BedrockRuntimeException.class);
  }

  @Test
  void breakNextStreamAfterAffectsOnlyOneStream(BedrockRuntimeAsyncClient async) {
    Fault f = BEDROCK.faults().breakNextStreamAfter(0, "throttlingException");

    Throwable first = catchThrowable(() -> stream(async, converseStream(CLAUDE_3_HAIKU, "x")).join());
    Requests.Collected second = stream(async, converseStream(CLAUDE_3_HAIKU, "x")).join();

    assertThat(first.getCause()).isInstanceOf(ThrottlingException.class);
    assertThat(second.types()).endsWith(METADATA);
    assertThat(f.triggered()).isEqualTo(1);
    assertThat(f.isActive()).isFalse();
  }

  @Test
  void breakStreamAfterBreaksEveryStreamUntilCancelled(BedrockRuntimeAsyncClient async) {
    Fault f = BEDROCK.faults().breakStreamAfter(1, "internalServerException");

    for (int i = 0; i < 2; i++) {
      Throwable t = catchThrowable(() -> stream(async, converseStream(CLAUDE_3_HAIKU, "x")).join());
      assertThat(t.getCause()).isInstanceOf(InternalServerException.class);
    }
    f.cancel();

    assertThat(stream(async, converseStream(CLAUDE_3_HAIKU, "x")).join().types()).endsWith(METADATA);
    assertThat(f.triggered()).isEqualTo(2);
  }

  @Test
  void errorBeforeTheStreamStartsIsRaisedByTheCall(BedrockRuntimeAsyncClient async) {
    BEDROCK.faults().throttleNext(1);

    Throwable t = catchThrowable(() -> stream(async, converseStream(CLAUDE_3_HAIKU, "x")).join());

    assertThat(t.getCause()).isInstanceOf(ThrottlingException.class);
    assertThat(((ThrottlingException) t.getCause()).statusCode()).isEqualTo(429);
  }

  @Test
  void unknownModelOnAStreamIsAValidationException(BedrockRuntimeAsyncClient async) {
    Throwable t = catchThrowable(() -> stream(async, converseStream("nope", "x")).join());

    assertThat(t.getCause()).isInstanceOf(ValidationException.class).hasMessageStartingWith("The provided model identifier is invalid.");
  }

  @Test
  void eventsCarryBedrocksHeadersAndPadding() throws Exception {
    java.net.http.HttpResponse<byte[]> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(BEDROCK.endpoint().resolve("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream"))
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi there\"}]}]}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.headers().firstValue("content-type")).hasValue("application/vnd.amazon.eventstream");
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(r.body());
    List<software.amazon.awssdk.eventstream.Message> frames = new java.util.ArrayList<>();
    while (buf.hasRemaining()) {
      int total = buf.getInt(buf.position());
      java.nio.ByteBuffer one = buf.slice(buf.position(), total);
      frames.add(software.amazon.awssdk.eventstream.Message.decode(one));
      buf.position(buf.position() + total);
    }
    assertThat(frames).extracting(m -> m.getHeaders().get(":event-type").getString())
        .containsExactly("messageStart", "contentBlockDelta", "contentBlockDelta", "contentBlockDelta",
            "contentBlockDelta", "contentBlockStop", "messageStop", "metadata");
    assertThat(frames).allSatisfy(m -> {
      assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
      assertThat(m.getHeaders().get(":content-type").getString()).isEqualTo("application/json");
      assertThat(new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8)).contains("\"p\":\"abcdefghijklmnop");
    });
    assertThat(new String(frames.get(1).getPayload(), java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("{\"contentBlockIndex\":0,\"delta\":{\"text\":\"[anthropic.claude-3-haiku-20240307-v1:0] \"},\"p\":\"");
  }
}
