package dev.bedrockkit.cache.internal;

import static dev.bedrockkit.MetricNames.COMPONENT_CACHE_REDIS;
import static dev.bedrockkit.MetricNames.DEGRADATIONS;
import static dev.bedrockkit.MetricNames.TAG_COMPONENT;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Internal: the Redis connection of the shared cache tier, and the few commands the caches use.
 *
 * <p>Redis is optional: every command on the request path waits at most {@code timeout}, and any
 * failure (not connected yet, disconnected, slow, refused) is a {@link Failure} the caller turns
 * into a miss. Failures are counted ({@code bedrockkit.optional.failures{component=cache.redis}})
 * and logged once per outage at WARN, then once at INFO when Redis answers again. While
 * disconnected, Lettuce rejects commands at once instead of queueing them
 * ({@code DisconnectedBehavior.REJECT_COMMANDS}), and reconnects by itself with a backoff capped
 * at {@link #MAX_RECONNECT_DELAY}; when Redis is down at start-up this class retries the first
 * connection on the same backoff. The request queue is bounded ({@link #REQUEST_QUEUE_SIZE}).
 *
 * <p>Invalidations are broadcast on a pub/sub channel so that every task drops its in-process
 * copies too.
 *
 * <p>Thread-safe.
 */
public final class RedisStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
  private static final RedisCodec<String, byte[]> CODEC =
      RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** Longest wait between reconnection attempts. */
  public static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);
  /** Commands in flight on the connection before new ones are refused. */
  public static final int REQUEST_QUEUE_SIZE = 4096;
  /** Time allowed for commands off the request path (writes, scans, invalidation). */
  static final Duration BACKGROUND_TIMEOUT = Duration.ofSeconds(2);
  /** How often a task checks that it has seen every invalidation. */
  static final Duration EPOCH_CHECK = Duration.ofSeconds(1);

  /** A Redis command failed or took too long; the caller treats it as a miss. */
  public static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message, null, false, false);
    }
  }

  /** One invalidation, local or broadcast by another task. {@code null} fields match anything. */
  public record Invalidation(
      String kinds, String scopeTag, String templateIdTag, String templateVersionTag) {
    String encode(String origin, long epoch) {
      return origin + "|" + epoch + "|" + kinds + "|" + star(scopeTag) + "|"
          + star(templateIdTag) + "|" + star(templateVersionTag);
    }

    /** Decodes a broadcast; {@code header} receives the origin and the epoch. */
    static Invalidation decode(String message, String[] header) {
      String[] p = message.split("\\|", -1);
      if (p.length != 6) {
        return null;
      }
      header[0] = p[0];
      header[1] = p[1];
      return new Invalidation(p[2], unstar(p[3]), unstar(p[4]), unstar(p[5]));
    }

    private static String star(String s) {
      return s == null ? "*" : s;
    }

    private static String unstar(String s) {
      return "*".equals(s) ? null : s;
    }

    /** Whether entries of this kind, scope and template are invalidated. */
    public boolean matches(char kind, String scopeTag, String templateTag) {
      if (kinds.indexOf(kind) < 0) {
        return false;
      }
      if (this.scopeTag != null && !this.scopeTag.equals(scopeTag)) {
        return false;
      }
      if (templateIdTag == null) {
        return true;
      }
      if (Tags.NO_TEMPLATE.equals(templateTag)) {
        return false;
      }
      int dot = templateTag.indexOf('.');
      String idTag = templateTag.substring(0, dot);
      String versionTag = templateTag.substring(dot + 1);
      return templateIdTag.equals(idTag)
          && (templateVersionTag == null || templateVersionTag.equals(versionTag));
    }
  }

  private final RedisClient client;
  private final boolean ownsClient;
  private final ClientResources resources;
  private final RedisURI uri;
  private final String endpoint;
  private final String prefix;
  private final String channel;
  private final long timeoutNanos;
  private final Counter degradations;
  private final ScheduledExecutorService scheduler;
  private final String origin = UUID.randomUUID().toString();
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> missedListeners = new CopyOnWriteArrayList<>();
  private final String epochKey;
  /** Invalidations this task knows about (-1: not read yet). */
  private final AtomicLong seenEpoch = new AtomicLong(-1);
  /** An epoch found ahead of {@link #seenEpoch} at the last check, or -1. */
  private final AtomicLong pendingEpoch = new AtomicLong(-1);

  private volatile StatefulRedisConnection<String, byte[]> connection;
  private volatile StatefulRedisPubSubConnection<String, String> pubsub;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private final AtomicLong connectDelayMillis = new AtomicLong(100);
  private final AtomicBoolean down = new AtomicBoolean();
  private volatile boolean closed;

  /**
   * @param client a client the caller owns, or null to create one for {@code uri}
   */
  public RedisStore(
      RedisClient client, RedisURI uri, String prefix, Duration timeout, MeterRegistry registry) {
    this.uri = uri;
    this.endpoint = uri.getHost() + ":" + uri.getPort();
    this.prefix = prefix;
    this.channel = prefix + "invalidations";
    this.epochKey = prefix + "invalidation-epoch";
    this.timeoutNanos = timeout.toNanos();
    this.degradations =
        Counter.builder(DEGRADATIONS)
            .description("Failures of optional parts, which were bypassed")
            .tag(TAG_COMPONENT, COMPONENT_CACHE_REDIS)
            .register(registry);
    ClientOptions options =
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .requestQueueSize(REQUEST_QUEUE_SIZE)
            .timeoutOptions(TimeoutOptions.enabled(BACKGROUND_TIMEOUT))
            .socketOptions(
                SocketOptions.builder()
                    .connectTimeout(Duration.ofMillis(Math.max(250, 4 * timeout.toMillis())))
                    .keepAlive(true)
                    .build())
            .build();
    if (client == null) {
      this.resources =
          ClientResources.builder()
              .ioThreadPoolSize(2)
              .computationThreadPoolSize(2)
              .reconnectDelay(
                  Delay.exponential(
                      Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
              .build();
      this.client = RedisClient.create(resources, uri);
      this.ownsClient = true;
    } else {
      this.resources = null;
      this.client = client;
      this.ownsClient = false;
    }
    this.client.setOptions(options);
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bedrock-kit-redis-connect");
              t.setDaemon(true);
              return t;
            });
    connectInBackground();
  }

  /** The key prefix, e.g. {@code bedrock-kit:}. */
  public String prefix() {
    return prefix;
  }

  /** Whether the command connection is up now. */
  public boolean connected() {
    StatefulRedisConnection<String, byte[]> c = connection;
    return c != null && c.isOpen();
  }

  /** Registers a handler for invalidations broadcast by other tasks. */
  public void onInvalidation(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  /**
   * Registers a handler for invalidations this task may have missed (its subscription was down
   * when another task invalidated): it must drop everything it holds in process.
   */
  public void onMissedInvalidations(Runnable listener) {
    missedListeners.add(listener);
  }

  // ------------------------------------------------------------------------------- commands

  /** GET, waiting at most the request timeout. */
  public byte[] get(String key) throws Failure {
    return await(commands().get(key), "GET");
  }

  /** SET with a TTL, in the background; a failure is counted and logged, never thrown. */
  public void set(String key, byte[] value, Duration ttl) {
    try {
      background(commands().set(key, value, SetArgs.Builder.px(ttl.toMillis())), "SET");
    } catch (Failure e) {
      // already counted
    }
  }

  /** Stream entries after {@code afterId}, at most {@code count}, waiting the request timeout. */
  public List<StreamMessage<String, byte[]>> streamAfter(String key, String afterId, int count)
      throws Failure {
    Range<String> range =
        Range.from(Range.Boundary.excluding(afterId), Range.Boundary.unbounded());
    return await(commands().xrange(key, range, Limit.from(count)), "XRANGE");
  }

  /**
   * Appends to a stream in the background, trimming entries older than {@code ttl} and expiring
   * the whole stream {@code ttl} after its last append.
   */
  public void streamAppend(String key, String field, byte[] value, long nowMillis, Duration ttl) {
    try {
      RedisAsyncCommands<String, byte[]> c = commands();
      XAddArgs args =
          new XAddArgs().minId(Long.toString(Math.max(0, nowMillis - ttl.toMillis())))
              .approximateTrimming();
      background(c.xadd(key, args, Map.of(field, value)), "XADD");
      background(c.pexpire(key, ttl.toMillis()), "PEXPIRE");
    } catch (Failure e) {
      // already counted
    }
  }

  /**
   * Removes every key matching the invalidation (SCAN + UNLINK, in the background) and tells
   * the other tasks. Completes with the number of keys removed.
   */
  public CompletableFuture<Long> invalidate(Invalidation what) {
    String pattern =
        Tags.globEscape(prefix)
            + (what.kinds().length() == 1 ? what.kinds() : "[" + what.kinds() + "]")
            + ":"
            + (what.scopeTag() == null ? "*" : what.scopeTag())
            + ":"
            + (what.templateIdTag() == null
                ? "*"
                : what.templateIdTag()
                    + "."
                    + (what.templateVersionTag() == null ? "*" : what.templateVersionTag()))
            + ":*";
    RedisAsyncCommands<String, byte[]> c;
    try {
      c = commands();
    } catch (Failure e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Long> removed = new CompletableFuture<>();
    scanAndUnlink(c, ScanCursor.INITIAL, ScanArgs.Builder.matches(pattern).limit(1000), 0, removed);
    return removed
        .thenCompose(n -> stage(c.incr(epochKey)).thenApply(epoch -> new long[] {n, epoch}))
        .thenCompose(
            r -> {
              seenEpoch.accumulateAndGet(r[1], Math::max);
              return stage(
                      c.publish(
                          channel,
                          what.encode(origin, r[1])
                              .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                  .thenApply(receivers -> r[0]);
            })
        .orTimeout(BACKGROUND_TIMEOUT.toMillis() * 5, TimeUnit.MILLISECONDS)
        .whenComplete(
            (n, e) -> {
              if (e != null) {
                fail("invalidate", e);
              } else {
                ok();
              }
            });
  }

  private void scanAndUnlink(
      RedisAsyncCommands<String, byte[]> c,
      ScanCursor cursor,
      ScanArgs args,
      long removedSoFar,
      CompletableFuture<Long> done) {
    stage(c.scan(cursor, args))
        .thenCompose(
            (KeyScanCursor<String> page) -> {
              List<String> keys = page.getKeys();
              CompletionStage<Long> unlinked =
                  keys.isEmpty()
                      ? CompletableFuture.completedFuture(0L)
                      : stage(c.unlink(keys.toArray(new String[0])));
              return unlinked.thenApply(n -> new Object[] {page, n});
            })
        .whenComplete(
            (pageAndCount, e) -> {
              if (e != null) {
                done.completeExceptionally(e);
                return;
              }
              KeyScanCursor<?> page = (KeyScanCursor<?>) pageAndCount[0];
              long total = removedSoFar + (Long) pageAndCount[1];
              if (page.isFinished()) {
                done.complete(total);
              } else {
                scanAndUnlink(c, page, args, total, done);
              }
            });
  }

  // ------------------------------------------------------------------------------- connection

  private RedisAsyncCommands<String, byte[]> commands() throws Failure {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c == null) {
      connectInBackground();
      throw fail("connect", "not connected to Redis at " + endpoint + " yet");
    }
    return c.async();
  }

  private void connectInBackground() {
    if (closed || connection != null || !connecting.compareAndSet(false, true)) {
      return;
    }
    client
        .connectAsync(CODEC, uri)
        .toCompletableFuture()
        .whenComplete(
            (c, e) -> {
              if (e == null) {
                if (closed) {
                  c.closeAsync();
                } else {
                  connection = c;
                  connectDelayMillis.set(100);
                  ok();
                  subscribe();
                  scheduler.scheduleWithFixedDelay(
                      this::checkEpoch, 0, EPOCH_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                }
                connecting.set(false);
              } else {
                fail("connect", e);
                long delay = connectDelayMillis.getAndUpdate(
                    d -> Math.min(d * 2, MAX_RECONNECT_DELAY.toMillis()));
                connecting.set(false);
                if (!closed) {
                  scheduler.schedule(this::connectInBackground, delay, TimeUnit.MILLISECONDS);
                }
              }
            });
  }

  private void subscribe() {
    client
        .connectPubSubAsync(StringCodec.UTF8, uri)
        .toCompletableFuture()
        .thenCompose(
            ps -> {
              if (closed) {
                ps.closeAsync();
                return CompletableFuture.completedFuture(null);
              }
              pubsub = ps;
              ps.addListener(
                  new RedisPubSubAdapter<>() {
                    @Override
                    public void message(String ch, String message) {
                      onMessage(message);
                    }
                  });
              return ps.async().subscribe(channel).toCompletableFuture();
            })
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                fail("subscribe", e);
                if (!closed) {
                  scheduler.schedule(this::subscribe, MAX_RECONNECT_DELAY.toMillis(),
                      TimeUnit.MILLISECONDS);
                }
              }
            });
  }

  private void onMessage(String message) {
    String[] header = new String[2];
    Invalidation what = Invalidation.decode(message, header);
    if (what == null) {
      return;
    }
    try {
      seenEpoch.accumulateAndGet(Long.parseLong(header[1]), Math::max);
    } catch (NumberFormatException e) {
      return;
    }
    if (origin.equals(header[0])) {
      return;
    }
    for (Consumer<Invalidation> l : listeners) {
      try {
        l.accept(what);
      } catch (RuntimeException e) {
        log.warn("A response-cache invalidation handler failed", e);
      }
    }
  }

  /**
   * Pub/sub is fire-and-forget: a task whose subscription was down (starting, reconnecting)
   * misses broadcasts. Every invalidation also increments a counter in Redis; a task that finds it
   * ahead of what it has seen drops everything it holds in process.
   */
  private void checkEpoch() {
    StatefulRedisConnection<String, byte[]> c = connection;
    if (closed || c == null || !c.isOpen()) {
      return;
    }
    c.async()
        .get(epochKey)
        .whenComplete(
            (value, e) -> {
              if (e != null) {
                return; // counted on the request path; the next check tries again
              }
              long current;
              try {
                current =
                    value == null
                        ? 0
                        : Long.parseLong(
                            new String(value, java.nio.charset.StandardCharsets.US_ASCII));
              } catch (NumberFormatException bad) {
                return;
              }
              long seen = seenEpoch.get();
              if (seen < 0) {
                seenEpoch.compareAndSet(seen, current); // baseline: nothing held yet to drop
              } else if (current <= seen) {
                pendingEpoch.set(-1);
              } else if (pendingEpoch.getAndSet(current) == current
                  && seenEpoch.compareAndSet(seen, current)) {
                // Ahead for two checks in a row: not a broadcast still on its way, a missed one.
                pendingEpoch.set(-1);
                log.info(
                    "Missed {} response-cache invalidation(s) from other tasks; dropping every"
                        + " answer held in process",
                    current - seen);
                missedListeners.forEach(Runnable::run);
              }
            });
  }

  /** The invalidation count this task has seen, or -1 before its first check. */
  public long invalidationEpochSeen() {
    return seenEpoch.get();
  }

  // ------------------------------------------------------------------------------- outcomes

  private <T> T await(RedisFuture<T> future, String command) throws Failure {
    try {
      T value = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      ok();
      return value;
    } catch (TimeoutException e) {
      future.cancel(false);
      throw fail(command, "no answer within " + Duration.ofNanos(timeoutNanos).toMillis() + " ms");
    } catch (ExecutionException e) {
      throw fail(command, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw fail(command, "interrupted");
    }
  }

  private void background(RedisFuture<?> future, String command) {
    future.whenComplete(
        (v, e) -> {
          if (e != null) {
            fail(command, e);
          } else {
            ok();
          }
        });
  }

  private static <T> CompletableFuture<T> stage(RedisFuture<T> future) {
    return future.toCompletableFuture();
  }

  private void ok() {
    if (down.compareAndSet(true, false)) {
      log.info("Redis response-cache tier at {} answers again", endpoint);
    }
  }

  private Failure fail(String command, Throwable cause) {
    Throwable c = cause;
    while (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return fail(command, c.getClass().getSimpleName() + ": " + c.getMessage());
  }

  private Failure fail(String command, String reason) {
    if (!closed) {
      degradations.increment();
      if (down.compareAndSet(false, true)) {
        log.warn(
            "Redis response-cache tier at {} is unavailable ({} failed: {}); requests bypass it"
                + " until it answers again",
            endpoint,
            command,
            reason);
      } else {
        log.debug("Redis {} failed: {}", command, reason);
      }
    }
    return new Failure("Redis " + command + " failed: " + reason);
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    StatefulRedisPubSubConnection<String, String> ps = pubsub;
    if (ps != null) {
      ps.close();
    }
    StatefulRedisConnection<String, byte[]> c = connection;
    if (c != null) {
      c.close();
    }
    if (ownsClient) {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
