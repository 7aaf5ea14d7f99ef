package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.BedrockKitListener.CircuitState;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottledShareOpensTheCircuitTest {
  private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String REGION = "us-east-1";

  private final TestClock clock = new TestClock();
  private ModelGuards guards;

  @BeforeEach
  void setUp() {
    guards =
        new ModelGuards(CircuitBreakerSettings.ofDefaults(), 256, clock, new BedrockKitListener() {});
    guards.guard(MODEL, REGION);
  }

  @Test
  void aBurstOfThrottledAnswersWithinOneSecondDoesNotOpenIt() {
    // 200 concurrent callers in a 30 % storm: the 60 throttled answers come back first, at once.
    record(60, Outcome.THROTTLED);
    clock.advance(Duration.ofMillis(50));
    record(140, Outcome.SUCCESS);

    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aQuietServiceHitByABurstOfThrottlesStaysClosed() {
    record(5, Outcome.SUCCESS);
    clock.advance(Duration.ofMinutes(5));
    record(100, Outcome.THROTTLED);

    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void throttlingNearlyEveryCallForTwoSecondsOpensIt() {
    for (int i = 0; i < 20; i++) {
      record(1, Outcome.THROTTLED);
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(state()).as("20 calls, but over 1.9 s").isEqualTo(CircuitState.CLOSED);

    clock.advance(Duration.ofMillis(100));
    record(1, Outcome.THROTTLED);

    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aThirtyPercentShareOverTimeStaysClosed() {
    for (int i = 0; i < 300; i++) {
      record(1, i % 10 < 3 ? Outcome.THROTTLED : Outcome.SUCCESS);
      clock.advance(Duration.ofMillis(50));
    }
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void callsOlderThanTenSecondsNoLongerDiluteTheShare() {
    for (int i = 0; i < 100; i++) {
      record(1, Outcome.SUCCESS);
      clock.advance(Duration.ofMillis(50));
    }
    for (int i = 0; i < 100; i++) {
      record(1, Outcome.THROTTLED);
      clock.advance(Duration.ofMillis(100));
    }
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void fewerThanTwentyCallsNeverOpenIt() {
    for (int i = 0; i < 19; i++) {
      record(1, Outcome.THROTTLED);
      clock.advance(Duration.ofMillis(400));
    }
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void goodCallsFromManyThreadsAreEachCountedWithoutALock() throws Exception {
    int threads = 8;
    int each = 500;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
    java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (int t = 0; t < threads; t++) {
      done.add(pool.submit(() -> {
        start.await();
        record(each, Outcome.SUCCESS);
        return null;
      }));
    }
    start.countDown();
    for (var f : done) {
      f.get();
    }
    pool.shutdown();
    clock.advance(Duration.ofSeconds(2));

    // 4,000 good calls: the share reaches 90 % at the 36,000th throttled call, not one earlier.
    record(35_999, Outcome.THROTTLED);
    assertThat(state()).as("35,999 of 39,999 calls throttled").isEqualTo(CircuitState.CLOSED);
    record(1, Outcome.THROTTLED);
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  private void record(int times, Outcome outcome) {
    for (int i = 0; i < times; i++) {
      guards.guard(MODEL, REGION).record(outcome);
    }
  }

  private CircuitState state() {
    return guards.states().get(MODEL + "@" + REGION);
  }
}
