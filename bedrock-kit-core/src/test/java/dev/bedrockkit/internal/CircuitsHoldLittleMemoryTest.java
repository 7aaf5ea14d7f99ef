package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.CallPolicy.CircuitBreakerSettings;
import dev.bedrockkit.TestClock;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitsHoldLittleMemoryTest {

  @Test
  void creatingOpeningAndClosingCircuitsAllocatesUnderOneMegabyte() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    TestClock clock = new TestClock();
    for (CircuitBreakerSettings settings :
        new CircuitBreakerSettings[] {
          CircuitBreakerSettings.ofDefaults(),
          CircuitBreakerSettings.rateBased(50, 20, Duration.ofSeconds(10))
        }) {
      ModelGuards guards = new ModelGuards(settings, 256, clock, new BedrockKitListener() {});
      long before = threads.getThreadAllocatedBytes(thread);

      for (int model = 0; model < 4; model++) {
        String id = "anthropic.claude-3-haiku-20240307-v" + model + ":0";
        var circuit = guards.guard(id, "us-east-1").breaker();
        circuit.open();
        clock.advance(settings.openDelay());
        guards.guard(id, "us-east-1");
        circuit.close();
        guards.guard(id, "us-east-1").record(Outcome.SUCCESS);
      }

      long allocated = threads.getThreadAllocatedBytes(thread) - before;
      assertThat(allocated).as("bytes allocated by 4 circuits through a full cycle, " + settings)
          .isLessThan(1_000_000);
    }
  }
}
