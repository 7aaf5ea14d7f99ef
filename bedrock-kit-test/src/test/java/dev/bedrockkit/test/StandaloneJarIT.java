package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/** Starts the shaded jar as a process, talks to it with the SDK, and stops it with SIGTERM. */
class StandaloneJarIT {
  @TempDir Path dir;

  private static Path jar() {
    return Path.of(System.getProperty("emulator.jar", "target/bedrock-kit-emulator.jar"));
  }

  @Test
  void jarManifestNamesTheMainClass() throws Exception {
    try (JarFile jar = new JarFile(jar().toFile())) {
      assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.bedrockkit.test.BedrockEmulatorMain");
      assertThat(jar.getEntry("dev/bedrockkit/test/BedrockEmulatorExtension.class")).isNull();
    }
  }

  @Test
  void jarServesBedrockAndSsmAndStopsCleanlyOnSigterm() throws Exception {
    Path params = dir.resolve("params.json");
    Files.writeString(params, "{\"/bedrock-kit/dev/models\": \"{\\\"enabled\\\":true}\"}");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-jar", jar().toString(), "--port", "0", "--parameters", params.toString())
        .redirectErrorStream(true)
        .start();
    try {
      BlockingQueue<String> lines = new LinkedBlockingQueue<>();
      Thread reader = new Thread(() -> {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = out.readLine(); line != null; line = out.readLine()) {
            lines.add(line);
          }
        } catch (java.io.IOException e) {
          lines.add("read failed: " + e);
        }
      }, "emulator-stdout");
      reader.setDaemon(true);
      reader.start();
      String ready = lines.poll(60, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("bedrock-kit emulator listening on (http://127\\.0\\.0\\.1:(\\d+))").matcher(ready);
      assertThat(m.matches()).as("ready line: %s", ready).isTrue();
      URI endpoint = URI.create(m.group(1));

      try (BedrockRuntimeClient bedrock = BedrockRuntimeClient.builder().endpointOverride(endpoint)
              .region(Region.US_WEST_2).credentialsProvider(BedrockEmulatorExtension.credentials()).build();
          SsmClient ssm = SsmClient.builder().endpointOverride(endpoint)
              .region(Region.US_WEST_2).credentialsProvider(BedrockEmulatorExtension.credentials()).build()) {
        assertThat(bedrock.converse(Requests.converse(ModelCatalog.CLAUDE_3_HAIKU, "from a process"))
                .output().message().content().get(0).text())
            .isEqualTo("[anthropic.claude-3-haiku-20240307-v1:0] echo: from a process");
        assertThat(ssm.getParameter(b -> b.name("/bedrock-kit/dev/models")).parameter().value()).isEqualTo("{\"enabled\":true}");
      }

      // SIGTERM; Process.destroy() would also close our end of the stdout pipe before we read the last line.
      assertThat(process.toHandle().destroy()).isTrue();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(143); // 128 + SIGTERM, after the shutdown hook ran
      reader.join(10_000);
      assertThat(lines).containsExactly("bedrock-kit emulator stopped");
    } finally {
      process.destroyForcibly();
    }
  }
}
