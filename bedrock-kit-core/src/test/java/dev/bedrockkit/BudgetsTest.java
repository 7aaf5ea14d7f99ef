package dev.bedrockkit;

import static dev.bedrockkit.Events.costing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.bedrockkit.BedrockKitListener.Operation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class BudgetsTest {
  private final SettableClock clock = new SettableClock(Instant.parse("2026-11-10T12:00:00Z"));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<BudgetAlert> alerts = new CopyOnWriteArrayList<>();

  private Budgets.Builder builder() {
    return Budgets.builder()
        .limit("search", new BigDecimal("10.00"))
        .clock(clock)
        .meterRegistry(registry)
        .listener(alerts::add);
  }

  @Test
  void eightyAndHundredPercentFireOnceEachPerWindowAndAgainInTheNextWindow() {
    Budgets budgets = builder().build();

    try (CapturedLogs logs = CapturedLogs.of(Budgets.class)) {
      budgets.onRequest(costing("7.99", "search"));
      assertThat(alerts).isEmpty();
      budgets.onRequest(costing("0.01", "search")); // 8.00: 80 %
      budgets.onRequest(costing("1.00", "search")); // 9.00: nothing new
      budgets.onRequest(costing("1.00", "search")); // 10.00: 100 %
      budgets.onRequest(costing("5.00", "search")); // 15.00: nothing new

      Instant november = Instant.parse("2026-11-01T00:00:00Z");
      assertThat(alerts)
          .containsExactly(
              new BudgetAlert("search", 80, new BigDecimal("8.00"), new BigDecimal("10.00"), november),
              new BudgetAlert("search", 100, new BigDecimal("10.00"), new BigDecimal("10.00"), november));
      assertThat(logs.atLeast(Level.WARN))
          .extracting(e -> e.getFormattedMessage())
          .containsExactly(
              "Budget of attribution 'search' reached 80%: $8.00 of $10.00 spent in the window that"
                  + " started 2026-11-01T00:00:00Z",
              "Budget of attribution 'search' reached 100%: $10.00 of $10.00 spent in the window"
                  + " that started 2026-11-01T00:00:00Z");
    }
    assertThat(alertCount("80")).isEqualTo(1.0);
    assertThat(alertCount("100")).isEqualTo(1.0);

    clock.set(Instant.parse("2026-12-01T00:00:00Z"));
    assertThat(budgets.spent("search")).isEqualByComparingTo("0");
    budgets.onRequest(costing("12.00", "search"));

    Instant december = Instant.parse("2026-12-01T00:00:00Z");
    assertThat(alerts.subList(2, alerts.size()))
        .containsExactly(
            new BudgetAlert("search", 80, new BigDecimal("12.00"), new BigDecimal("10.00"), december),
            new BudgetAlert("search", 100, new BigDecimal("12.00"), new BigDecimal("10.00"), december));
    assertThat(alertCount("80")).isEqualTo(2.0);
    assertThat(alertCount("100")).isEqualTo(2.0);
  }

  @Test
  void hardLimitRefusesBeforeAnyCallOnceTheWindowsSpendReachesTheLimit() {
    Budgets budgets = builder().hardLimit(true).build();
    budgets.onRequest(costing("9.99", "search"));
    assertThatCode(() -> budgets.check(Operation.CHAT, "search")).doesNotThrowAnyException();

    budgets.onRequest(costing("0.02", "search"));

    assertThatThrownBy(() -> budgets.check(Operation.CHAT, "search"))
        .isInstanceOfSatisfying(
            BudgetExceededException.class,
            e -> {
              assertThat(e.attribution()).isEqualTo("search");
              assertThat(e.spentUsd()).isEqualByComparingTo("10.01");
              assertThat(e.limitUsd()).isEqualByComparingTo("10.00");
            })
        .hasMessage(
            "The budget of attribution 'search' is spent: $10.01 of $10.00 in the window that"
                + " started 2026-11-01T00:00:00Z. Requests resume when the next window starts at"
                + " 2026-12-01T00:00:00Z; raise the limit with"
                + " Budgets.builder().limit(\"search\", ...) or turn hardLimit off to only alert.");
    assertThat(registry.get("bedrockkit.budget.rejections").tag("attribution", "search").counter().count())
        .isEqualTo(1.0);
    assertThatCode(() -> budgets.check(Operation.CHAT, "support")).doesNotThrowAnyException();

    clock.set(Instant.parse("2026-12-01T00:00:00Z"));
    assertThatCode(() -> budgets.check(Operation.CHAT, "search")).doesNotThrowAnyException();
  }

  @Test
  void withoutHardLimitASpentBudgetOnlyAlerts() {
    Budgets budgets = builder().build();
    budgets.onRequest(costing("50", "search"));

    assertThatCode(() -> budgets.check(Operation.CHAT, "search")).doesNotThrowAnyException();
    assertThat(alerts).extracting(BudgetAlert::threshold).containsExactly(80, 100);
  }

  @Test
  void usedRatioGaugeShowsTheShareSpentInTheCurrentWindow() {
    Budgets budgets = builder().build();
    assertThat(ratio("search")).isEqualTo(0.0);

    budgets.onRequest(costing("2.50", "search"));
    assertThat(ratio("search")).isEqualTo(0.25);

    clock.set(Instant.parse("2026-12-03T00:00:00Z"));
    assertThat(ratio("search")).isEqualTo(0.0);
  }

  @Test
  void fixedWindowsAreAlignedToTheEpochAndResetAtTheirBoundary() {
    Budgets budgets = builder().window(Duration.ofDays(1)).build();
    budgets.onRequest(costing("9", "search"));
    assertThat(budgets.currentWindowStart()).isEqualTo(Instant.parse("2026-11-10T00:00:00Z"));

    clock.set(Instant.parse("2026-11-10T23:59:59.999Z"));
    assertThat(budgets.spent("search")).isEqualByComparingTo("9");
    clock.set(Instant.parse("2026-11-11T00:00:00Z"));
    assertThat(budgets.spent("search")).isEqualByComparingTo("0");
    budgets.onRequest(costing("8", "search"));

    assertThat(alerts)
        .extracting(BudgetAlert::threshold, BudgetAlert::windowStart)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(80, Instant.parse("2026-11-10T00:00:00Z")),
            org.assertj.core.groups.Tuple.tuple(80, Instant.parse("2026-11-11T00:00:00Z")));
  }

  @Test
  void defaultLimitAppliesToEachAttributionSeparatelyIncludingNone() {
    Budgets budgets =
        Budgets.builder().defaultLimit(new BigDecimal("1")).clock(clock).hardLimit(true).build();
    budgets.onRequest(costing("1", "checkout"));
    budgets.onRequest(costing("0.5", null));

    assertThatThrownBy(() -> budgets.check(Operation.CHAT, "checkout"))
        .isInstanceOf(BudgetExceededException.class);
    assertThatCode(() -> budgets.check(Operation.CHAT, "search")).doesNotThrowAnyException();
    assertThatCode(() -> budgets.check(Operation.CHAT, null)).doesNotThrowAnyException();
    assertThat(budgets.spent(null)).isEqualByComparingTo("0.5");
    assertThat(budgets.limit("anything")).hasValue(new BigDecimal("1"));
  }

  @Test
  void attributionsBeyondTheCapShareTheOtherAccount() {
    Budgets budgets =
        Budgets.builder()
            .defaultLimit(new BigDecimal("1"))
            .maxAttributions(2)
            .clock(clock)
            .meterRegistry(registry)
            .build();
    budgets.onRequest(costing("0.1", "a"));
    budgets.onRequest(costing("0.1", "b"));
    budgets.onRequest(costing("0.3", "c"));
    budgets.onRequest(costing("0.4", "d"));

    assertThat(budgets.spent("c")).isEqualByComparingTo("0.7");
    assertThat(registry.find("bedrockkit.budget.used.ratio").gauges())
        .extracting(g -> g.getId().getTag("attribution"))
        .containsExactlyInAnyOrder("a", "b", "other");
  }

  @Test
  void unknownAndZeroCostsAddNothingAndAttributionsWithoutALimitAreNotTracked() {
    Budgets budgets = builder().build();
    budgets.onRequest(
        Events.chat(Events.HAIKU, new TokenUsage(1, 1, 0, 0), Optional.empty(), null, "search"));
    budgets.onRequest(Events.cached(Events.HAIKU));
    budgets.onRequest(costing("3", "support"));

    assertThat(budgets.spent("search")).isEqualByComparingTo("0");
    assertThat(budgets.spent("support")).isEqualByComparingTo("0");
    assertThat(budgets.limit("support")).isEmpty();
  }

  @Test
  void aThrowingBudgetListenerIsIgnored() {
    Budgets budgets =
        builder()
            .listener(
                a -> {
                  throw new IllegalStateException("pager down");
                })
            .build();

    try (CapturedLogs logs = CapturedLogs.of(Budgets.class)) {
      assertThatCode(() -> budgets.onRequest(costing("9", "search"))).doesNotThrowAnyException();
      assertThat(logs.events()).hasSize(2);
      assertThat(logs.events().get(1).getFormattedMessage())
          .startsWith("BudgetListener dev.bedrockkit.BudgetsTest")
          .endsWith(" threw; ignoring it");
    }
    assertThat(alerts).hasSize(1);
  }

  @Test
  void limitsMustBePositiveAndOneMustBeSet() {
    assertThatThrownBy(() -> Budgets.builder().limit("x", BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "limit must be > 0 but was 0 (to stop all calls use the kill switch, \"enabled\": false)");
    assertThatThrownBy(() -> Budgets.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Budgets need a limit: add limit(attribution, usd) or defaultLimit(usd)");
  }

  private double alertCount(String threshold) {
    return registry
        .get("bedrockkit.budget.alerts")
        .tag("attribution", "search")
        .tag("threshold", threshold)
        .counter()
        .count();
  }

  private double ratio(String attribution) {
    return registry.get("bedrockkit.budget.used.ratio").tag("attribution", attribution).gauge().value();
  }

  /** A clock set by hand. Thread-safe. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      this.now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
