package dev.bedrockkit.test.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Notifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * The WireMock server behind an emulator: bound to 127.0.0.1, one catch-all stub answered by the
 * {@link Router}, gzip off (it would buffer streams), its own request journal off, and asynchronous
 * responses so a paced stream holds a response thread, not a container thread. Not thread-safe for
 * start/stop; serving is.
 */
public final class EmulatorServer {
  private final WireMockServer server;

  /**
   * Creates a server.
   *
   * @param port the port, 0 for any free port
   * @param router the router
   * @param containerThreads Jetty threads
   * @param streamThreads threads that write delayed and paced responses
   */
  public EmulatorServer(int port, Router router, int containerThreads, int streamThreads) {
    WireMockConfiguration options = WireMockConfiguration.options()
        .bindAddress("127.0.0.1")
        .containerThreads(containerThreads)
        .asynchronousResponseEnabled(true)
        .asynchronousResponseThreads(streamThreads)
        .gzipDisabled(true)
        .disableRequestJournal()
        .stubCorsEnabled(false)
        .notifier(new QuietNotifier())
        .extensions(router, new HeaderScrubber());
    options = port == 0 ? options.dynamicPort() : options.port(port);
    this.server = new WireMockServer(options);
  }

  /** Starts serving and installs the catch-all stub. */
  public void start() {
    server.start();
    server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
  }

  /** Stops serving. */
  public void stop() {
    server.stop();
  }

  /** @return whether the server is running */
  public boolean isRunning() {
    return server.isRunning();
  }

  /** @return the bound port */
  public int port() {
    return server.port();
  }

  /** Keeps WireMock's own logging out of test output; errors go to stderr. */
  private static final class QuietNotifier implements Notifier {
    @Override
    public void info(String message) {}

    @Override
    public void error(String message) {
      System.err.println("bedrock-kit emulator: " + message);
    }

    @Override
    public void error(String message, Throwable t) {
      System.err.println("bedrock-kit emulator: " + message + ": " + t);
    }
  }
}
