package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

/**
 * JUnit 5 extension that runs a {@link BedrockEmulator} and hands tests SDK clients wired to it.
 *
 * <p>Register it on a static field for one server per test class; the emulator is {@link
 * BedrockEmulator#reset() reset} before each test, so faults, journal entries, scripts and
 * parameters never leak between tests. On an instance field it starts and stops around each test.
 * Test methods may declare parameters of type {@link BedrockEmulator}, {@link Faults}, {@link
 * Journal}, {@link BedrockRuntimeClient}, {@link BedrockRuntimeAsyncClient} and {@link SsmClient}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();
 *
 * @Test
 * void answers(BedrockRuntimeClient client) { ... }
 * }</pre>
 *
 * <p>Clients use static dummy credentials, {@code endpointOverride}, the region asked for (default
 * {@code us-east-1}) and {@link AwsRetryStrategy#doNotRetry()}, so each injected fault reaches the
 * test exactly once. The sync clients use the SDK's default HTTP client, the async client Netty
 * (HTTP/2 cleartext by default). The extension owns and closes the clients it returns. Thread-safe.
 */
public final class BedrockEmulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** Region of the clients returned without a region argument. */
  public static final String DEFAULT_REGION = "us-east-1";



  private final BedrockEmulator emulator;
  private final Map<String, BedrockRuntimeClient> syncClients = new ConcurrentHashMap<>();
  private final Map<String, BedrockRuntimeAsyncClient> asyncClients = new ConcurrentHashMap<>();
  private final Map<String, SsmClient> ssmClients = new ConcurrentHashMap<>();
  private String startedBy;

  private BedrockEmulatorExtension(BedrockEmulator emulator) {
    this.emulator = emulator;
  }

  /**
   * Returns an extension with a default emulator (built-in models, zero latency).
   *
   * @return the extension
   */
  public static BedrockEmulatorExtension create() {
    return of(BedrockEmulator.builder());
  }

  /**
   * Returns an extension for an emulator with these options.
   *
   * @param builder the emulator options
   * @return the extension
   */
  public static BedrockEmulatorExtension of(BedrockEmulator.Builder builder) {
    return new BedrockEmulatorExtension(Checks.notNull(builder, "builder").build());
  }

  /**
   * Returns the credentials the clients use: static dummy keys, never real ones.
   *
   * @return the provider
   */
  public static AwsCredentialsProvider credentials() {
    return EmulatorClients.credentials();
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    if (!emulator.isRunning()) {
      emulator.start();
      startedBy = context.getUniqueId();
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (context.getUniqueId().equals(startedBy)) {
      shutdown();
    }
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (!emulator.isRunning()) {
      emulator.start();
      startedBy = context.getUniqueId();
    } else {
      emulator.reset();
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (context.getUniqueId().equals(startedBy)) {
      shutdown();
    }
  }

  private void shutdown() {
    List<AutoCloseable> clients = new ArrayList<>();
    clients.addAll(syncClients.values());
    clients.addAll(asyncClients.values());
    clients.addAll(ssmClients.values());
    syncClients.clear();
    asyncClients.clear();
    ssmClients.clear();
    for (AutoCloseable c : clients) {
      try {
        c.close();
      } catch (Exception e) {
        // closing a client of a stopped server; nothing to do
      }
    }
    emulator.stop();
    startedBy = null;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    return type == BedrockEmulator.class
        || type == Faults.class
        || type == Journal.class
        || type == BedrockRuntimeClient.class
        || type == BedrockRuntimeAsyncClient.class
        || type == SsmClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Class<?> type = parameterContext.getParameter().getType();
    if (type == BedrockEmulator.class) {
      return emulator;
    } else if (type == Faults.class) {
      return faults();
    } else if (type == Journal.class) {
      return journal();
    } else if (type == BedrockRuntimeClient.class) {
      return bedrockClient();
    } else if (type == BedrockRuntimeAsyncClient.class) {
      return bedrockAsyncClient();
    }
    return ssmClient();
  }

  /** @return the emulator */
  public BedrockEmulator emulator() {
    return emulator;
  }

  /** @return the endpoint of the running emulator */
  public URI endpoint() {
    return emulator.endpoint();
  }

  /** @return the emulator's fault injection API */
  public Faults faults() {
    return emulator.faults();
  }

  /** @return the emulator's request journal */
  public Journal journal() {
    return emulator.journal();
  }

  /** @return a sync Bedrock Runtime client for {@value #DEFAULT_REGION} */
  public BedrockRuntimeClient bedrockClient() {
    return bedrockClient(DEFAULT_REGION);
  }

  /**
   * Returns a sync Bedrock Runtime client signing for a region, created once per region.
   *
   * @param region e.g. {@code us-west-2}
   * @return the client
   */
  public BedrockRuntimeClient bedrockClient(String region) {
    return syncClients.computeIfAbsent(region, r -> bedrockClientBuilder(r).build());
  }

  /** @return an async (Netty) Bedrock Runtime client for {@value #DEFAULT_REGION} */
  public BedrockRuntimeAsyncClient bedrockAsyncClient() {
    return bedrockAsyncClient(DEFAULT_REGION);
  }

  /**
   * Returns an async (Netty) Bedrock Runtime client signing for a region, created once per region.
   *
   * @param region e.g. {@code us-west-2}
   * @return the client
   */
  public BedrockRuntimeAsyncClient bedrockAsyncClient(String region) {
    return asyncClients.computeIfAbsent(region, r -> bedrockAsyncClientBuilder(r).build());
  }

  /** @return an SSM client for {@value #DEFAULT_REGION} */
  public SsmClient ssmClient() {
    return ssmClient(DEFAULT_REGION);
  }

  /**
   * Returns an SSM client signing for a region, created once per region.
   *
   * @param region e.g. {@code eu-west-1}
   * @return the client
   */
  public SsmClient ssmClient(String region) {
    return ssmClients.computeIfAbsent(region, r -> ssmClientBuilder(r).build());
  }

  /**
   * Returns a sync client builder already pointed at the emulator (endpoint, region, dummy
   * credentials, no retries), for tests that need their own settings. The caller closes what it
   * builds.
   *
   * @param region the signing region
   * @return the builder
   */
  public BedrockRuntimeClientBuilder bedrockClientBuilder(String region) {
    return EmulatorClients.bedrock(emulator, region);
  }

  /**
   * Returns an async client builder already pointed at the emulator, with a Netty client sized for
   * hundreds of concurrent streams; replace the HTTP client builder to change the protocol. The
   * caller closes what it builds.
   *
   * @param region the signing region
   * @return the builder
   */
  public BedrockRuntimeAsyncClientBuilder bedrockAsyncClientBuilder(String region) {
    return EmulatorClients.bedrockAsync(emulator, region);
  }

  /**
   * Returns a Netty HTTP client builder sized for the emulator's concurrency tests (500
   * connections or streams, 30 s acquisition timeout) on one shared event loop group of daemon
   * threads, so closing a client does not wait for Netty's graceful shutdown.
   *
   * @return the builder
   */
  public static NettyNioAsyncHttpClient.Builder nettyBuilder() {
    return EmulatorClients.nettyBuilder();
  }

  /**
   * Returns an SSM client builder already pointed at the emulator. The caller closes what it
   * builds.
   *
   * @param region the signing region
   * @return the builder
   */
  public SsmClientBuilder ssmClientBuilder(String region) {
    return EmulatorClients.ssm(emulator, region);
  }
}
