package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.ModelUnavailableException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/**
 * Regression: under a 429 storm the chaos benchmark saw BedrockKit.chat throw a bare
 * java.util.concurrent.CancellationException. The SDK's Apache 5 client raises it from its
 * connection-pool lease when the api-call timeout fires there; the kit treated it as an unknown
 * bug, passed it through unwrapped, and never tried the next model.
 */
class SdkCancellationIsATimeoutTest {

  @Test
  void aCancelledSdkCallIsATimeout() {
    Failure f = ErrorClassifier.classify(new CancellationException());

    assertThat(f.outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(f.errorType()).isEqualTo("CancellationException");
    assertThat(ErrorClassifier.countsAgainstCircuit(f.outcome())).isTrue();
  }

  @Test
  void itReachesTheCallerAsAModelUnavailableTimeout() {
    String haiku = "anthropic.claude-3-haiku-20240307-v1:0";
    Failure f = ErrorClassifier.classify(new CancellationException());

    Throwable e =
        Failures.toPublic(f, new Target(dev.bedrockkit.ModelTarget.of(haiku), "us-east-1"));

    assertThat(e).isInstanceOfSatisfying(
        ModelUnavailableException.class,
        m -> assertThat(m.reason()).isEqualTo(ModelUnavailableException.Reason.TIMEOUT));
  }
}
