package dev.bedrockkit.internal;

import dev.bedrockkit.ConfigurationException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Internal: the Bedrock Runtime clients of a kit, one per region, plus optional factories for
 * regions added later by configuration. The first client given fixes the default region.
 *
 * <p>Thread-safe.
 */
public final class Clients {
  private final Map<String, BedrockRuntimeClient> sync = new ConcurrentHashMap<>();
  private final Map<String, BedrockRuntimeAsyncClient> async = new ConcurrentHashMap<>();
  private final Function<String, BedrockRuntimeClient> syncFactory;
  private final Function<String, BedrockRuntimeAsyncClient> asyncFactory;
  private final String defaultRegion;
  /** Each client's own API call timeout (ZERO when it has none), read once. */
  private final Map<SdkClient, Duration> ownTimeouts = new ConcurrentHashMap<>();

  public Clients(
      List<BedrockRuntimeClient> syncClients,
      List<BedrockRuntimeAsyncClient> asyncClients,
      Function<String, BedrockRuntimeClient> syncFactory,
      Function<String, BedrockRuntimeAsyncClient> asyncFactory) {
    Map<String, BedrockRuntimeClient> s = new LinkedHashMap<>();
    for (BedrockRuntimeClient c : syncClients) {
      putUnique(s, regionOf(c), c, "client");
    }
    Map<String, BedrockRuntimeAsyncClient> a = new LinkedHashMap<>();
    for (BedrockRuntimeAsyncClient c : asyncClients) {
      putUnique(a, regionOf(c), c, "asyncClient");
    }
    sync.putAll(s);
    async.putAll(a);
    this.syncFactory = syncFactory;
    this.asyncFactory = asyncFactory;
    this.defaultRegion =
        !s.isEmpty() ? s.keySet().iterator().next() : a.keySet().iterator().next();
  }

  private static <C> void putUnique(Map<String, C> map, String region, C client, String what) {
    if (map.putIfAbsent(region, client) != null) {
      throw new ConfigurationException(
          what,
          "two " + what + "s for region " + region + "; give one client per region");
    }
  }

  /** The region of the first client given. */
  public String defaultRegion() {
    return defaultRegion;
  }

  /** Whether a sync client exists (or can be made) for the region. */
  public boolean hasSync() {
    return !sync.isEmpty() || syncFactory != null;
  }

  /** Whether an async client exists (or can be made). */
  public boolean hasAsync() {
    return !async.isEmpty() || asyncFactory != null;
  }

  /** The sync client for a region ({@code null} means the default region). */
  public BedrockRuntimeClient sync(String region) {
    String r = region == null ? defaultRegion : region;
    BedrockRuntimeClient c = sync.get(r);
    if (c == null && syncFactory != null) {
      c = sync.computeIfAbsent(r, syncFactory);
    }
    if (c == null) {
      throw missing(r, "client", "clientFactory");
    }
    return c;
  }

  /** The async client for a region ({@code null} means the default region). */
  public BedrockRuntimeAsyncClient async(String region) {
    String r = region == null ? defaultRegion : region;
    BedrockRuntimeAsyncClient c = async.get(r);
    if (c == null && asyncFactory != null) {
      c = async.computeIfAbsent(r, asyncFactory);
    }
    if (c == null) {
      throw missing(r, "asyncClient", "asyncClientFactory");
    }
    return c;
  }

  /**
   * The per-call override that gives an attempt on {@code client} its {@code timeout} (and names
   * bedrock-kit in the user agent), or {@code null} when the client's own API call timeout is that
   * timeout already: a per-call override costs the SDK about 1 µs and 4 KB per call. Clients from
   * {@code BedrockClients.syncBuilder} carry the default attempt timeout, so with the default
   * policy most calls need none.
   */
  public AwsRequestOverrideConfiguration timeoutOverride(SdkClient client, Duration timeout) {
    Duration own = ownTimeouts.computeIfAbsent(client, Clients::ownApiCallTimeout);
    return timeout.equals(own) ? null : ConverseCaller.override(timeout);
  }

  private static Duration ownApiCallTimeout(SdkClient client) {
    try {
      return client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout()
          .orElse(Duration.ZERO);
    } catch (RuntimeException e) {
      return Duration.ZERO; // a client that cannot say: always override
    }
  }

  private static ConfigurationException missing(String region, String what, String factory) {
    return new ConfigurationException(
        what,
        "no Bedrock Runtime " + what + " for region " + region + "; add one with BedrockKit.builder()."
            + what + "(...) or give a " + factory + "(...)");
  }

  static String regionOf(SdkClient client) {
    Object config = client.serviceClientConfiguration();
    if (config instanceof software.amazon.awssdk.awscore.AwsServiceClientConfiguration aws) {
      Region region = aws.region();
      if (region != null) {
        return region.id();
      }
    }
    throw new ConfigurationException(
        "client", "the client has no region; build it with .region(Region.US_EAST_1) or similar");
  }
}
