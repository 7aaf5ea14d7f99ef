package dev.bedrockkit.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server certificate for {@code localhost} and {@code
 * 127.0.0.1}, generated with {@code openssl} into a temporary directory (valid one day; never
 * committed, so no private key is ever in the repository).
 */
public record TestCertificates(Path dir, Path caCert, Path serverCert, Path serverKey) {

  /** Generates a fresh CA and server certificate. */
  public static TestCertificates generate() throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("bedrock-kit-tls-");
    Path ext = dir.resolve("san.ext");
    Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
    openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
        "ca.crt", "-days", "1", "-subj", "/CN=bedrock-kit throw-away test CA");
    openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
        "server.csr", "-subj", "/CN=localhost");
    openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", ext.toString());
    return new TestCertificates(
        dir, dir.resolve("ca.crt"), dir.resolve("server.crt"), dir.resolve("server.key"));
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }
  }

  /** The TLS settings of {@link RedisServer#startTls}. */
  public RedisServer.Tls redisTls() throws Exception {
    return new RedisServer.Tls(serverCert, serverKey, caCert, clientContext());
  }

  /** An SSL context that trusts only this CA. */
  public SSLContext clientContext() throws Exception {
    X509Certificate ca;
    try (InputStream in = Files.newInputStream(caCert)) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  /** Deletes the directory, private keys included. */
  public void delete() throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
