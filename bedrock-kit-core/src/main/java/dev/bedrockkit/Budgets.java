package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * USD budgets per attribution value (team, feature), per window: the calendar month in UTC by
 * default, or fixed windows of any {@link Duration} aligned to the epoch. As a
 * {@link BedrockKitListener} it adds each request's known cost ({@link RequestEvent#costUsd()}) to
 * its attribution's spend in the current window; spend starts again at zero in each window.
 * Crossing 80 % and 100 % of a limit fires once per window each: a WARN log,
 * {@code bedrockkit.budget.alerts{threshold=80|100}} and every {@link BudgetListener}.
 * {@code bedrockkit.budget.used.ratio} shows the share spent per attribution.
 *
 * <p>As a {@link RequestGuard} with {@link Builder#hardLimit(boolean) hardLimit} on, it refuses a
 * request whose attribution has spent its limit in the current window with a
 * {@link BudgetExceededException}, before any model call. Register it both ways:
 * {@code builder.listener(budgets).requestGuard(budgets)}. Spend is known only after a call ends,
 * so calls already in flight may overshoot a limit a little; answers with an unknown price add
 * nothing, so price every model you use ({@link PricingCatalog}).
 *
 * <p>Requests without an attribution count as {@code none}. An attribution without its own
 * limit uses the default limit if one is set (and has no budget otherwise); to keep memory and
 * metric tags bounded, at most {@link Builder#maxAttributions} such attributions get their own
 * account, later ones share one named {@code other}.
 *
 * <p>Thread-safe: spend is updated under a per-attribution lock.
 */
public final class Budgets implements BedrockKitListener, RequestGuard {
  private static final Logger log = LoggerFactory.getLogger(Budgets.class);

  /** Default {@link Builder#maxAttributions}. */
  public static final int DEFAULT_MAX_ATTRIBUTIONS = 100;

  private static final BigDecimal EIGHTY_PERCENT = new BigDecimal("0.8");

  private final Map<String, BigDecimal> limits;
  private final BigDecimal defaultLimit;
  private final Duration window;
  private final Clock clock;
  private final boolean hardLimit;
  private final List<BudgetListener> listeners;
  private final MeterRegistry registry;
  private final int maxAttributions;
  private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
  private final AtomicBoolean warnedPool = new AtomicBoolean();

  private Budgets(Builder b) {
    this.limits = Map.copyOf(b.limits);
    this.defaultLimit = b.defaultLimit;
    this.window = b.window;
    this.clock = b.clock;
    this.hardLimit = b.hardLimit;
    this.listeners = List.copyOf(b.listeners);
    this.registry = b.registry;
    this.maxAttributions = b.maxAttributions;
    limits.forEach((attribution, limit) -> accounts.put(attribution, newAccount(attribution, limit)));
  }

  /** A builder: no limits, calendar month UTC, system clock, alerts only. */
  public static Builder builder() {
    return new Builder();
  }

  // ---------------------------------------------------------------- listener and guard

  @Override
  public void onRequest(RequestEvent event) {
    Optional<BigDecimal> cost = event.costUsd();
    if (cost.isEmpty() || cost.get().signum() <= 0) {
      return;
    }
    Account account = account(key(event.attribution()), true);
    if (account == null) {
      return;
    }
    List<BudgetAlert> alerts = account.add(cost.get(), windowStart(clock.instant()));
    for (BudgetAlert alert : alerts) {
      fire(alert);
    }
  }

  /** Refuses the request when {@code hardLimit} is on and its budget is spent in this window. */
  @Override
  public void check(Operation operation, String attribution) {
    if (!hardLimit) {
      return;
    }
    Account account = account(key(attribution), false);
    if (account == null) {
      return;
    }
    Instant start = windowStart(clock.instant());
    BigDecimal spent = account.spent(start);
    if (spent.compareTo(account.limit) >= 0) {
      if (registry != null) {
        Counter.builder(MetricNames.BUDGET_REJECTIONS)
            .description("Requests refused because their budget is spent")
            .tag(MetricNames.TAG_ATTRIBUTION, account.attribution)
            .register(registry)
            .increment();
      }
      throw new BudgetExceededException(
          account.attribution,
          spent,
          account.limit,
          "The budget of attribution '" + account.attribution + "' is spent: " + usd(spent)
              + " of " + usd(account.limit) + " in the window that started " + start
              + ". Requests resume when the next window starts at " + nextWindowStart(start)
              + "; raise the limit with Budgets.builder().limit(\"" + account.attribution
              + "\", ...) or turn hardLimit off to only alert.");
    }
  }

  // ---------------------------------------------------------------- queries

  /** USD spent by an attribution (null for none) in the current window. */
  public BigDecimal spent(String attribution) {
    Account account = account(key(attribution), false);
    return account == null ? BigDecimal.ZERO : account.spent(windowStart(clock.instant()));
  }

  /** The limit that applies to an attribution (null for none), if any. */
  public Optional<BigDecimal> limit(String attribution) {
    String key = key(attribution);
    BigDecimal own = limits.get(key);
    return Optional.ofNullable(own != null ? own : defaultLimit);
  }

  /** When the current window began. */
  public Instant currentWindowStart() {
    return windowStart(clock.instant());
  }

  // ---------------------------------------------------------------- machinery

  private static String key(String attribution) {
    return attribution == null ? MetricNames.NONE : attribution;
  }

  /** The account of an attribution, creating it for the default limit when asked to. */
  private Account account(String key, boolean create) {
    Account a = accounts.get(key);
    if (a != null || defaultLimit == null) {
      return a;
    }
    if (!create) {
      return pooled() ? accounts.get(MetricNames.OTHER) : null;
    }
    if (pooled()) {
      if (warnedPool.compareAndSet(false, true)) {
        log.warn(
            "More than {} attributions have budgets; attribution '{}' and later ones share the"
                + " budget '{}'. Use a bounded set of attributions (AttributionAllowList) or raise"
                + " Budgets.builder().maxAttributions(...) (logged once)",
            maxAttributions, key, MetricNames.OTHER);
      }
      key = MetricNames.OTHER;
    }
    return accounts.computeIfAbsent(key, k -> newAccount(k, defaultLimit));
  }

  /** Whether the default limit has given out all its own accounts. */
  private boolean pooled() {
    return accounts.size() - limits.size() >= maxAttributions;
  }

  private Account newAccount(String attribution, BigDecimal limit) {
    Account a = new Account(attribution, limit, windowStart(clock.instant()));
    if (registry != null) {
      Gauge.builder(MetricNames.BUDGET_USED, a, acc -> acc.ratio(windowStart(clock.instant())))
          .description("Share of the budget spent in the current window (1.0 = all)")
          .tag(MetricNames.TAG_ATTRIBUTION, attribution)
          .register(registry);
    }
    return a;
  }

  private void fire(BudgetAlert alert) {
    log.warn(
        "Budget of attribution '{}' reached {}%: {} of {} spent in the window that started {}{}",
        alert.attribution(),
        alert.threshold(),
        usd(alert.spentUsd()),
        usd(alert.limitUsd()),
        alert.windowStart(),
        alert.threshold() >= 100 && hardLimit
            ? "; further requests are refused until the next window"
            : "");
    if (registry != null) {
      Counter.builder(MetricNames.BUDGET_ALERTS)
          .description("Budget thresholds crossed")
          .tags(
              MetricNames.TAG_ATTRIBUTION, alert.attribution(),
              MetricNames.TAG_THRESHOLD,
                  alert.threshold() >= 100 ? MetricNames.THRESHOLD_100 : MetricNames.THRESHOLD_80)
          .register(registry)
          .increment();
    }
    for (BudgetListener l : listeners) {
      try {
        l.onThreshold(alert);
      } catch (RuntimeException e) {
        log.warn("BudgetListener {} threw; ignoring it", l.getClass().getName(), e);
      }
    }
  }

  Instant windowStart(Instant now) {
    if (window == null) {
      return now.atZone(ZoneOffset.UTC)
          .withDayOfMonth(1)
          .truncatedTo(ChronoUnit.DAYS)
          .toInstant();
    }
    long size = window.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), size) * size);
  }

  private Instant nextWindowStart(Instant start) {
    if (window == null) {
      return ZonedDateTime.ofInstant(start, ZoneOffset.UTC).plusMonths(1).toInstant();
    }
    return start.plus(window);
  }

  /** A USD amount for people: at least 2 and at most 6 decimals. */
  static String usd(BigDecimal v) {
    int scale = Math.max(2, Math.min(v.stripTrailingZeros().scale(), 6));
    return "$" + v.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** One attribution's spend in its current window. */
  private static final class Account {
    final String attribution;
    final BigDecimal limit;
    private Instant windowStart;
    private BigDecimal spent = BigDecimal.ZERO;
    private boolean alerted80;
    private boolean alerted100;

    Account(String attribution, BigDecimal limit, Instant windowStart) {
      this.attribution = attribution;
      this.limit = limit;
      this.windowStart = windowStart;
    }

    synchronized List<BudgetAlert> add(BigDecimal cost, Instant currentWindow) {
      roll(currentWindow);
      spent = spent.add(cost);
      List<BudgetAlert> alerts = new ArrayList<>(2);
      if (!alerted80 && spent.compareTo(limit.multiply(EIGHTY_PERCENT)) >= 0) {
        alerted80 = true;
        alerts.add(new BudgetAlert(attribution, 80, spent, limit, windowStart));
      }
      if (!alerted100 && spent.compareTo(limit) >= 0) {
        alerted100 = true;
        alerts.add(new BudgetAlert(attribution, 100, spent, limit, windowStart));
      }
      return alerts;
    }

    synchronized BigDecimal spent(Instant currentWindow) {
      roll(currentWindow);
      return spent;
    }

    synchronized double ratio(Instant currentWindow) {
      roll(currentWindow);
      return spent.doubleValue() / limit.doubleValue();
    }

    private void roll(Instant currentWindow) {
      if (!currentWindow.equals(windowStart)) {
        windowStart = currentWindow;
        spent = BigDecimal.ZERO;
        alerted80 = false;
        alerted100 = false;
      }
    }
  }

  /** Builds {@link Budgets}. Not thread-safe; {@link #build()} gives independent budgets. */
  public static final class Builder {
    private final Map<String, BigDecimal> limits = new LinkedHashMap<>();
    private BigDecimal defaultLimit;
    private Duration window;
    private Clock clock = Clock.systemUTC();
    private boolean hardLimit;
    private final List<BudgetListener> listeners = new ArrayList<>();
    private MeterRegistry registry;
    private int maxAttributions = DEFAULT_MAX_ATTRIBUTIONS;

    private Builder() {}

    /** The USD limit of one attribution value per window ({@code "none"}: requests without one). */
    public Builder limit(String attribution, BigDecimal usd) {
      limits.put(Checks.notBlank(attribution, "attribution"), positive(usd, "limit"));
      return this;
    }

    /** The USD limit of every attribution value that has no limit of its own. */
    public Builder defaultLimit(BigDecimal usd) {
      this.defaultLimit = positive(usd, "defaultLimit");
      return this;
    }

    /** Windows are calendar months in UTC (the default). */
    public Builder monthlyUtc() {
      this.window = null;
      return this;
    }

    /** Windows of a fixed length aligned to the epoch, e.g. {@code Duration.ofDays(1)} (UTC days). */
    public Builder window(Duration window) {
      Checks.positive(window, "window");
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("window must be >= 1 ms but was " + window);
      }
      this.window = window;
      return this;
    }

    /** The clock that decides the current window (tests inject their own). */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Whether to refuse requests whose budget is spent (default false: alerts only). */
    public Builder hardLimit(boolean hardLimit) {
      this.hardLimit = hardLimit;
      return this;
    }

    /** Adds a listener for thresholds crossed. */
    public Builder listener(BudgetListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /** Where to record the used-ratio gauge, alerts and rejections (optional). */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = Checks.notNull(registry, "meterRegistry");
      return this;
    }

    /**
     * How many attributions may get an account from the default limit before later ones share
     * the {@code other} account (default {@value Budgets#DEFAULT_MAX_ATTRIBUTIONS}).
     */
    public Builder maxAttributions(int max) {
      this.maxAttributions = Checks.positive(max, "maxAttributions");
      return this;
    }

    /** Builds the budgets; fails when no limit is set. */
    public Budgets build() {
      if (limits.isEmpty() && defaultLimit == null) {
        throw new IllegalStateException(
            "Budgets need a limit: add limit(attribution, usd) or defaultLimit(usd)");
      }
      return new Budgets(this);
    }

    private static BigDecimal positive(BigDecimal usd, String name) {
      Checks.notNull(usd, name);
      if (usd.signum() <= 0) {
        throw new IllegalArgumentException(
            name + " must be > 0 but was " + usd
                + " (to stop all calls use the kill switch, \"enabled\": false)");
      }
      return usd;
    }
  }
}
