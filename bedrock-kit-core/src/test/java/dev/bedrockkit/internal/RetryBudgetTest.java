package dev.bedrockkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryBudgetTest {
  static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void startsFullSoABurstCanRetryAtOnce() {
    RetryBudget budget = new RetryBudget(0.2, 0, new MutableClock());
    for (int i = 0; i < 100; i++) {
      assertThat(budget.tryAcquire()).isTrue();
    }
    assertThat(budget.tryAcquire()).isFalse();
  }

  @Test
  void allowsOneRetryPerFiveRequestsOnceTheInitialCreditIsSpent() {
    MutableClock clock = new MutableClock();
    RetryBudget budget = new RetryBudget(0.2, 0, clock);
    while (budget.tryAcquire()) {
      // spend the initial credit
    }
    assertThat(budget.tryAcquire()).isFalse();
    for (int i = 0; i < 4; i++) {
      budget.deposit();
    }
    assertThat(budget.canRetry()).isFalse();
    budget.deposit();
    assertThat(budget.tryAcquire()).isTrue();
    assertThat(budget.tryAcquire()).isFalse();
  }

  @Test
  void refillsTheMinimumRetriesPerSecondWithTheInjectedClock() {
    MutableClock clock = new MutableClock();
    RetryBudget budget = new RetryBudget(0, 10, clock);
    while (budget.tryAcquire()) {
      // spend the initial credit
    }
    clock.now = clock.now.plus(Duration.ofMillis(500));
    int granted = 0;
    while (budget.tryAcquire()) {
      granted++;
    }
    assertThat(granted).isEqualTo(5);
  }
}
