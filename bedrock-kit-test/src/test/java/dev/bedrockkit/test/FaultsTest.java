package dev.bedrockkit.test;

import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_HAIKU;
import static dev.bedrockkit.test.ModelCatalog.CLAUDE_3_SONNET;
import static dev.bedrockkit.test.Requests.converse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.InternalServerErrorException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class FaultsTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static Throwable call(BedrockRuntimeClient client, String model) {
    return catchThrowable(() -> client.converse(converse(model, "hi")));
  }

  @Test
  void throttleNextFailsExactlyThatManyCallsThenRecovers(Faults faults, BedrockRuntimeClient client) {
    Fault fault = faults.throttleNext(3);

    for (int i = 0; i < 3; i++) {
      Throwable t = call(client, CLAUDE_3_HAIKU);
      assertThat(t).isInstanceOf(ThrottlingException.class);
      assertThat(((ThrottlingException) t).statusCode()).isEqualTo(429);
      assertThat(((ThrottlingException) t).awsErrorDetails().errorMessage()).isEqualTo("Too many requests, please wait before trying again.");
    }
    assertThat(client.converse(converse(CLAUDE_3_HAIKU, "hi")).stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(fault.triggered()).isEqualTo(3);
    assertThat(fault.remaining()).isZero();
    assertThat(fault.isActive()).isFalse();
    assertThat(faults.triggered()).isEqualTo(3);
  }

  @Test
  void eachErrorFaultRaisesItsTypedExceptionAndStatus(Faults faults, BedrockRuntimeClient client) {
    record Case(Fault fault, Class<? extends BedrockRuntimeException> type, int status, String message) {}
    List<Case> cases = new ArrayList<>();
    cases.add(new Case(faults.serverErrorNext(1), InternalServerException.class, 500,
        "The system encountered an unexpected error during processing. Try your request again."));
    cases.add(new Case(faults.serviceUnavailableNext(1), ServiceUnavailableException.class, 503,
        "Bedrock is unable to process your request."));
    cases.add(new Case(faults.modelNotReadyNext(1), ModelNotReadyException.class, 429,
        "Model is not ready to serve inference requests. The AWS SDK will automatically retry the operation up to 5"
            + " times. For information about configuring automatic retries, see Retry behavior in the AWS SDKs and"
            + " Tools reference guide."));
    cases.add(new Case(faults.timeoutNext(1), ModelTimeoutException.class, 408,
        "Model has timed out in processing the request. Try your request again."));
    cases.add(new Case(faults.modelErrorNext(1), ModelErrorException.class, 424,
        "The model encountered an error processing the request."));

    for (Case c : cases) {
      Throwable t = call(client, CLAUDE_3_HAIKU);
      assertThat(t).isInstanceOf(c.type());
      assertThat(((BedrockRuntimeException) t).statusCode()).isEqualTo(c.status());
      assertThat(((BedrockRuntimeException) t).awsErrorDetails().errorMessage()).isEqualTo(c.message());
      assertThat(c.fault().triggered()).isEqualTo(1);
    }
  }

  @Test
  void forModelScopesTheFaultToThatModelId(Faults faults, BedrockRuntimeClient client) {
    Fault f = faults.forModel(CLAUDE_3_HAIKU).serverErrorNext(2);

    assertThat(call(client, CLAUDE_3_SONNET)).isNull();
    assertThat(call(client, CLAUDE_3_HAIKU)).isInstanceOf(InternalServerException.class);
    assertThat(call(client, CLAUDE_3_HAIKU)).isInstanceOf(InternalServerException.class);
    assertThat(call(client, CLAUDE_3_HAIKU)).isNull();
    assertThat(f.triggered()).isEqualTo(2);
    assertThat(f.description()).isEqualTo("serverErrorNext(2) model=anthropic.claude-3-haiku-20240307-v1:0");
  }

  @Test
  void forOperationScopesTheFaultToThatOperation(Faults faults, BedrockRuntimeClient client) {
    faults.forOperation(Operation.INVOKE_MODEL).throttleNext(1);

    assertThat(call(client, CLAUDE_3_HAIKU)).isNull();
    assertThatThrownBy(() -> client.invokeModel(b -> b.modelId(ModelCatalog.TITAN_TEXT_EXPRESS)
        .body(SdkBytes.fromUtf8String("{\"inputText\":\"hi\"}")))).isInstanceOf(ThrottlingException.class);
  }

  @Test
  void modelDownLastsUntilCancelled(Faults faults, BedrockRuntimeClient client) {
    Fault down = faults.modelDown(CLAUDE_3_HAIKU);

    for (int i = 0; i < 4; i++) {
      Throwable t = call(client, CLAUDE_3_HAIKU);
      assertThat(t).isInstanceOf(ServiceUnavailableException.class).hasMessageStartingWith("Bedrock is unable to process your request.");
    }
    assertThat(call(client, CLAUDE_3_SONNET)).isNull();
    down.cancel();
    assertThat(call(client, CLAUDE_3_HAIKU)).isNull();
    assertThat(down.triggered()).isEqualTo(4);
    assertThat(down.remaining()).isZero();
  }

  @Test
  void timeoutNextWithAHangLongerThanTheClientTimeoutLooksLikeAClientTimeout(Faults faults) {
    faults.timeoutNext(1, Duration.ofSeconds(2));
    try (BedrockRuntimeClient client = BEDROCK.bedrockClientBuilder("us-east-1")
        .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry())
            .apiCallAttemptTimeout(Duration.ofMillis(300)))
        .build()) {
      assertThat(call(client, CLAUDE_3_HAIKU)).isInstanceOf(ApiCallAttemptTimeoutException.class);
    }
  }

  @Test
  void timeoutNextWithAShortHangAnswersModelTimeoutAfterTheHang(Faults faults, BedrockRuntimeClient client) {
    faults.timeoutNext(1, Duration.ofMillis(150));

    long start = System.nanoTime();
    Throwable t = call(client, CLAUDE_3_HAIKU);

    assertThat(t).isInstanceOf(ModelTimeoutException.class)
        .hasMessageStartingWith("Model has timed out in processing the request. Try your request again.");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
  }

  @Test
  void delayNextDelaysThenAnswersNormally(Faults faults, BedrockRuntimeClient client) {
    Fault f = faults.delayNext(1, Duration.ofMillis(150));

    long start = System.nanoTime();
    var r = client.converse(converse(CLAUDE_3_HAIKU, "hi"));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    assertThat(r.metrics().latencyMs()).isEqualTo(150);
    assertThat(f.triggered()).isEqualTo(1);
  }

  @Test
  void slowDelaysEveryCall(Faults faults, BedrockRuntimeClient client) {
    Fault f = faults.slow(Duration.ofMillis(60));

    for (int i = 0; i < 2; i++) {
      long start = System.nanoTime();
      client.converse(converse(CLAUDE_3_HAIKU, "hi"));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(60));
    }
    assertThat(f.triggered()).isEqualTo(2);
    assertThat(f.remaining()).isEqualTo(-1);
  }

  @Test
  void throttleRateIsRandomButRepeatsForTheSameSeed(BedrockEmulator emulator, BedrockRuntimeClient client) {
    List<Boolean> first = throttledPattern(emulator, client, 0.3, 42);
    List<Boolean> second = throttledPattern(emulator, client, 0.3, 42);

    assertThat(first).isEqualTo(second);
    long throttled = first.stream().filter(b -> b).count();
    assertThat(throttled).isBetween(5L, 20L);
  }

  private static List<Boolean> throttledPattern(BedrockEmulator emulator, BedrockRuntimeClient client, double rate, long seed) {
    emulator.faults().reset();
    Fault f = emulator.faults().throttleRate(rate, seed);
    List<Boolean> pattern = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pattern.add(call(client, CLAUDE_3_HAIKU) instanceof ThrottlingException);
    }
    assertThat(f.triggered()).isEqualTo((int) pattern.stream().filter(b -> b).count());
    return pattern;
  }

  @Test
  void ssmUnavailableFailsSsmCallsButNotBedrock(Faults faults, SsmClient ssm, BedrockRuntimeClient client) {
    Fault f = faults.ssmUnavailable();

    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/x")))
        .isInstanceOf(InternalServerErrorException.class)
        .satisfies(t -> assertThat(((InternalServerErrorException) t).statusCode()).isEqualTo(500));
    assertThat(call(client, CLAUDE_3_HAIKU)).isNull();
    f.cancel();
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/x"))).isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void ssmThrottleNextRaisesSsmsThrottlingException(Faults faults, SsmClient ssm) {
    faults.ssmThrottleNext(1);

    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/x")))
        .isInstanceOf(software.amazon.awssdk.services.ssm.model.ThrottlingException.class)
        .hasMessageStartingWith("Rate exceeded");
  }

  @Test
  void bedrockFaultsDoNotTouchSsm(Faults faults, SsmClient ssm) {
    faults.throttleNext(5);

    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/x"))).isInstanceOf(ParameterNotFoundException.class);
    assertThat(faults.triggered()).isZero();
  }

  @Test
  void resetRemovesEveryFault(Faults faults, BedrockRuntimeClient client) {
    faults.forModel(CLAUDE_3_HAIKU).throttleNext(5);
    faults.regionDown("us-east-1");

    faults.reset();

    assertThat(call(client, CLAUDE_3_HAIKU)).isNull();
    assertThat(faults.all()).isEmpty();
  }

  @Test
  void faultsAreTriedInOrderAndTheFirstErrorWins(Faults faults, BedrockRuntimeClient client) {
    Fault delay = faults.delayNext(1, Duration.ofMillis(10));
    Fault throttle = faults.throttleNext(1);
    Fault server = faults.serverErrorNext(1);

    assertThat(call(client, CLAUDE_3_HAIKU)).isInstanceOf(ThrottlingException.class);
    assertThat(call(client, CLAUDE_3_HAIKU)).isInstanceOf(InternalServerException.class);
    assertThat(List.of(delay.triggered(), throttle.triggered(), server.triggered())).containsExactly(1, 1, 1);
    assertThat(faults.all()).containsExactly(delay, throttle, server);
  }

  @Test
  void asyncCallsSeeTheSameFaults(Faults faults, BedrockRuntimeAsyncClient async) {
    faults.serviceUnavailableNext(1);

    Throwable t = catchThrowable(() -> async.converse(converse(CLAUDE_3_HAIKU, "hi")).join());

    assertThat(t.getCause()).isInstanceOf(ServiceUnavailableException.class);
    assertThat(async.converse(converse(CLAUDE_3_HAIKU, "hi")).join().stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void argumentsAreChecked(Faults faults) {
    assertThatThrownBy(() -> faults.throttleNext(0)).isInstanceOf(IllegalArgumentException.class).hasMessage("n must be >= 1");
    assertThatThrownBy(() -> faults.throttleRate(1.5, 1)).hasMessage("rate must be in (0, 1]");
    assertThatThrownBy(() -> faults.slow(Duration.ofMillis(-1))).hasMessage("delay must be >= 0");
    assertThatThrownBy(() -> faults.forModel(null)).isInstanceOf(NullPointerException.class).hasMessage("modelId cannot be null");
  }
}
