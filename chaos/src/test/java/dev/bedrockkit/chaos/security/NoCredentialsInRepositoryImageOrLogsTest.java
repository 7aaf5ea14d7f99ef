package dev.bedrockkit.chaos.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.InvokeRequest;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.chaos.LogScanner;
import dev.bedrockkit.chaos.RedisServer;
import dev.bedrockkit.chaos.TestCertificates;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.ParameterType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * No credentials in the repository, in what the container image is built from, or in the logs of
 * a run.
 *
 * <ul>
 *   <li>Every git-tracked file is scanned ({@link SecretScanner}): AWS key IDs, private keys,
 *       secret keys, secret-looking literals and settings, key files by name, and credentials in
 *       code that are not obvious dummies. The emulator's dummy keys ({@code AKIDEMULATOR},
 *       {@code AKIDTESTONLY}) are allowed by name.
 *   <li>The image: Jib copies the sample service's classes and resources and the jars of its
 *       dependencies; every entry of bedrock-kit's own jars on this classpath (core, cache, test;
 *       class files included), the resources of the modules the image adds, and the Jib settings
 *       of the root pom are scanned.
 *   <li>A run against the emulator and Redis with realistic credentials generated for the test
 *       (an {@code AKIA...} key and a 40-character secret), a SecureString configuration holding a
 *       secret and a Redis password: none of them reaches any log line, at any level.
 * </ul>
 */
class NoCredentialsInRepositoryImageOrLogsTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  /** The modules whose classes and resources the sample service's image holds. */
  static final List<String> IMAGE_MODULES =
      List.of(
          "bedrock-kit-core", "bedrock-kit-cache", "bedrock-kit-spring", "bedrock-kit-test",
          "fargate-sample");

  static Path repositoryRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve(".git"))) {
      p = p.getParent();
    }
    assertThat(p).as("the repository root (a directory with .git above " + Path.of("").toAbsolutePath() + ")").isNotNull();
    return p;
  }

  static List<Path> trackedFiles(Path root) throws IOException, InterruptedException {
    Process git =
        new ProcessBuilder("git", "-C", root.toString(), "ls-files", "-z")
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    byte[] out = git.getInputStream().readAllBytes();
    assertThat(git.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(git.exitValue()).as("git ls-files").isZero();
    List<Path> files = new ArrayList<>();
    for (String name : new String(out, StandardCharsets.UTF_8).split("\0")) {
      if (!name.isEmpty() && Files.isRegularFile(root.resolve(name))) {
        files.add(root.resolve(name));
      }
    }
    return files;
  }

  @Test
  void noTrackedFileHoldsACredential() throws Exception {
    Path root = repositoryRoot();
    List<Path> files = trackedFiles(root);
    assertThat(files).as("tracked files").hasSizeGreaterThan(100);
    List<SecretScanner.Finding> findings = new ArrayList<>();
    for (Path f : files) {
      findings.addAll(SecretScanner.scanFile(root, f));
    }
    assertThat(findings).isEmpty();
  }

  @Test
  void theScannerFindsWhatItLooksFor() {
    // Built at run time, so that this source file holds none of them.
    String keyId = "AKIA" + "Q".repeat(12) + "7XZW";
    String secret = "wJalr" + "Xu7nFEMIk7MDENGbPxRfiCYq".toLowerCase() + "K9d2Fq0Zp/Ab";
    String pem = "-----BEGIN " + "RSA PRIVATE KEY-----\nMIIE...\n";
    assertThat(SecretScanner.scan("App.java", "String id = \"" + keyId + "\";")).hasSize(1);
    assertThat(SecretScanner.scan("app.yaml", "aws:\n  secret_access_key: " + secret + "\n"))
        .isNotEmpty();
    assertThat(SecretScanner.scan("k.txt", pem)).hasSize(1);
    assertThat(SecretScanner.scan("Db.java", "String password = \"" + "hunter2hunter2" + "\";")).hasSize(1);
    assertThat(SecretScanner.scan("app.properties", "db.password=" + "s3cr3tValue9")).hasSize(1);
    assertThat(SecretScanner.scan("deploy/server.key", "anything")).hasSize(1);
    assertThat(
            SecretScanner.scan(
                "C.java", "AwsBasicCredentials.create(\"" + keyId + "\", \"" + secret + "\")"))
        .isNotEmpty();
    // and lets through what is not a credential
    assertThat(
            SecretScanner.scan(
                "C.java", "AwsBasicCredentials.create(\"AKIDEMULATOR\", \"emulator-secret-not-real\")"))
        .isEmpty();
    assertThat(SecretScanner.scan("pom.xml", "<aws.accessKeyId>AKIDTESTONLY</aws.accessKeyId>")).isEmpty();
    assertThat(SecretScanner.scan("T.java", "static final String PASSWORD = \"tls-test-\" + random();")).isEmpty();
    assertThat(SecretScanner.scan("a.yaml", "password: ${REDIS_PASSWORD}")).isEmpty();
  }

  @Test
  void whatTheImageIsBuiltFromHoldsNoCredential() throws Exception {
    Path root = repositoryRoot();
    List<SecretScanner.Finding> findings = new ArrayList<>();
    List<String> scanned = new ArrayList<>();
    // bedrock-kit's own jars on this classpath, every entry (class constants, properties, manifest)
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      String name = p.getFileName() == null ? "" : p.getFileName().toString();
      // In the reactor the modules' target/ (classes or jar); run alone, their installed jars.
      boolean ours =
          IMAGE_MODULES.stream()
              .anyMatch(
                  m -> p.startsWith(root.resolve(m))
                      || p.toString().replace(File.separatorChar, '/')
                          .contains("/dev/bedrockkit/" + m + "/"));
      if (ours && name.endsWith(".jar") && Files.isRegularFile(p)) {
        findings.addAll(SecretScanner.scanJar(p));
        scanned.add(p.startsWith(root) ? root.relativize(p).toString() : name);
      } else if (ours && Files.isDirectory(p)) {
        try (var files = Files.walk(p)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            findings.addAll(SecretScanner.scanFile(root, f));
          }
        }
        scanned.add(root.relativize(p).toString());
      }
    }
    // what the image adds from the modules this test does not depend on: their resources
    for (String module : IMAGE_MODULES) {
      Path resources = root.resolve(module).resolve("src/main/resources");
      if (Files.isDirectory(resources)) {
        try (var files = Files.walk(resources)) {
          for (Path f : files.filter(Files::isRegularFile).toList()) {
            findings.addAll(SecretScanner.scanFile(root, f));
          }
        }
        scanned.add(module + "/src/main/resources");
      }
    }
    assertThat(scanned).as("scanned").anyMatch(s -> s.startsWith("bedrock-kit-core"));
    assertThat(findings).as("credentials in " + scanned).isEmpty();
  }

  @Test
  void theImageIsGivenNoCredentialsByItsBuild() throws Exception {
    String pom = Files.readString(repositoryRoot().resolve("pom.xml"));
    Matcher jib =
        Pattern.compile("<artifactId>jib-maven-plugin</artifactId>(.*?)</plugin>", Pattern.DOTALL)
            .matcher(pom);
    assertThat(jib.find()).as("the Jib settings in the root pom").isTrue();
    String settings = jib.group(1);
    Matcher env = Pattern.compile("<environment>(.*?)</environment>", Pattern.DOTALL).matcher(settings);
    assertThat(env.find()).isTrue();
    Matcher names = Pattern.compile("<([A-Za-z_][A-Za-z0-9_]*)>").matcher(env.group(1));
    List<String> variables = new ArrayList<>();
    while (names.find()) {
      variables.add(names.group(1));
    }
    assertThat(variables)
        .isNotEmpty()
        .noneMatch(v -> v.matches("(?i).*(KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL).*"));
    assertThat(SecretScanner.scan("pom.xml#jib", settings)).isEmpty();
    // Credentials reach the task from its role (default provider chain), never from the image.
    assertThat(settings).doesNotContain("AWS_ACCESS_KEY_ID").doesNotContain("AWS_SECRET_ACCESS_KEY");
  }

  @Test
  void noCredentialReachesALogLine() throws Exception {
    SecureRandom random = new SecureRandom();
    String keyId = "AKIA" + upper(random, 16);
    String secretKey = base64ish(random, 40);
    String parameterSecret = "param-secret-" + upper(random, 12);
    String redisPassword = "redis-pw-" + upper(random, 12);
    String parameter = "/bedrock-kit/secrets-test/models";
    BEDROCK
        .emulator()
        .putParameter(
            parameter,
            "{\"chains\":{\"default\":[{\"modelId\":\"" + ModelCatalog.CLAUDE_3_HAIKU + "\"}]},"
                + "\"degradedMessage\":\"Busy (" + parameterSecret + ")\"}",
            ParameterType.SECURE_STRING);
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secretKey));
    TestCertificates certs = TestCertificates.generate();
    try (RedisServer redis = RedisServer.startTls(redisPassword, certs.redisTls());
        LogScanner logs =
            LogScanner.attach()
                .forbidAnywhere(keyId)
                .forbidAnywhere(secretKey)
                .forbidAnywhere(parameterSecret)
                .forbidAnywhere(redisPassword)
                .raise("dev.bedrockkit", Level.TRACE)
                .raise("io.lettuce", Level.DEBUG)) {
      try (var ssm = BEDROCK.ssmClientBuilder("us-east-1").credentialsProvider(credentials).build();
          var client = BEDROCK.bedrockClientBuilder("us-east-1").credentialsProvider(credentials).build();
          var async = BEDROCK.bedrockAsyncClientBuilder("us-east-1").credentialsProvider(credentials).build();
          RedisTier tier =
              RedisTier.builder()
                  .uri("rediss://:" + redisPassword + "@127.0.0.1:" + redis.port())
                  .sslOptions(
                      io.lettuce.core.SslOptions.builder().trustManager(certs.caCert().toFile()).build())
                  .timeout(Duration.ofMillis(300))
                  .meterRegistry(new SimpleMeterRegistry())
                  .build();
          ParameterStoreConfigSource source =
              ParameterStoreConfigSource.builder()
                  .ssmClient(ssm)
                  .parameterName(parameter)
                  .refreshInterval(Duration.ofHours(1))
                  .build()
                  .start();
          BedrockKit kit =
              BedrockKit.builder()
                  .client(client)
                  .asyncClient(async)
                  .modelConfig(source)
                  .responseCache(ExactCache.builder().redis(tier).build())
                  .build()) {
        ChatRequest question =
            ChatRequest.builder().user("What is my plan?").cacheScope(CacheScope.tenant("acme")).build();
        kit.chat(question);
        kit.chat(question);
        kit.stream(ChatRequest.of("Tell me a story"), delta -> {}).join();
        kit.invoke(
            InvokeRequest.of(
                ModelCatalog.CLAUDE_3_HAIKU,
                "{\"anthropic_version\":\"bedrock-2023-05-31\",\"max_tokens\":20,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
        kit.embed("hello", 256, true);
        BEDROCK.faults().forModel(ModelCatalog.CLAUDE_3_HAIKU).throttleNext(20);
        kit.chat(ChatRequest.of("this one fails over to the degraded message")); // WARN lines
        // a rejected version and an outage, both logged at WARN
        BEDROCK.emulator().putParameter(parameter, "{\"oops\":\"" + parameterSecret + "\"}", ParameterType.SECURE_STRING);
        source.refreshNow();
        BEDROCK.faults().ssmUnavailable();
        source.refreshNow();
      }
      assertThat(logs.count(Level.WARN)).as("WARN lines were produced and scanned").isGreaterThan(0);
      assertThat(logs.violations()).isEmpty();
    } finally {
      certs.delete();
    }
  }

  private static String upper(SecureRandom r, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(r.nextInt(32)));
    }
    return sb.toString();
  }

  private static String base64ish(SecureRandom r, int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
