package dev.bedrockkit.chaos.badinput;

import static dev.bedrockkit.chaos.badinput.Corpus.CANARY;
import static dev.bedrockkit.chaos.badinput.Corpus.Expect.typed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.chaos.LogScanner;
import dev.bedrockkit.chaos.badinput.Corpus.Case;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import dev.bedrockkit.test.ParameterType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile and malformed Parameter Store documents, read with {@link ModelConfig#fromJson} and
 * through {@link ParameterStoreConfigSource} (first read and refresh). Every one is a {@link
 * ConfigurationException} naming the path; its message never quotes the document's text (the
 * canary sits in values, where a SecureString would hold something secret; model IDs are quoted
 * on purpose, they say what to fix), and no log line at any level carries it.
 */
class ModelConfigBadInputTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static final String PARAMETER = "/bedrock-kit/bad-input/models";
  /** Marks a document that is valid on purpose. */
  static final String ACCEPTED = "*accepted";
  static final String GOOD = "{\"chains\":{\"default\":[{\"modelId\":\"" + HAIKU + "\"}]}}";
  static LogScanner logs;

  @BeforeAll
  static void start() {
    logs = LogScanner.attach().forbidAnywhere(CANARY);
  }

  @AfterAll
  static void stop() throws Exception {
    logs.close();
    Corpus.write("bad-input-corpus.md");
    assertThat(logs.violations()).as("log lines carrying the document's text").isEmpty();
  }

  private static String target(String fields) {
    return "{\"chains\":{\"default\":[{\"modelId\":\"" + HAIKU + "\"," + fields + "}]}}";
  }

  /** Documents by category and name, with the path the exception must name. */
  static Map<String, String[]> documents() {
    Map<String, String[]> d = new LinkedHashMap<>();
    d.put("empty|empty string", new String[] {"", ""});
    d.put("empty|whitespace", new String[] {" \n\t ", ""});
    d.put("empty|JSON null", new String[] {"null", ""});
    d.put("empty|empty object", new String[] {"{}", "chains"});
    d.put("empty|no chains", new String[] {"{\"chains\":{}}", "chains"});
    d.put("empty|empty chain", new String[] {"{\"chains\":{\"default\":[]}}", "chains.default"});
    d.put("wrong types|array at the top", new String[] {"[\"" + CANARY + "\"]", ""});
    d.put("wrong types|string at the top", new String[] {"\"" + CANARY + "\"", ""});
    d.put("wrong types|enabled as a string", new String[] {"{\"enabled\":\"" + CANARY + "\"," + GOOD.substring(1), "enabled"});
    d.put("wrong types|chains as a list", new String[] {"{\"chains\":[\"" + CANARY + "\"]}", "chains"});
    d.put("wrong types|chain as a string", new String[] {"{\"chains\":{\"default\":\"" + CANARY + "\"}}", "chains.default"});
    d.put("wrong types|modelId as a number", new String[] {"{\"chains\":{\"default\":[{\"modelId\":42}]}}", "chains.default[0].modelId"});
    d.put("wrong types|maxTokens as a string", new String[] {target("\"maxTokens\":\"" + CANARY + "\""), "chains.default[0].maxTokens"});
    d.put("wrong types|temperature as a boolean", new String[] {target("\"temperature\":true"), "chains.default[0].temperature"});
    d.put("wrong types|regions as a string", new String[] {target("\"regions\":\"" + CANARY + "\""), "chains.default[0].regions"});
    d.put("wrong types|degradedMessage as an object", new String[] {"{\"degradedMessage\":{\"x\":\"" + CANARY + "\"}," + GOOD.substring(1), "degradedMessage"});
    d.put("wrong values|unknown top-level field", new String[] {"{\"chainz\":1," + GOOD.substring(1), "chainz"});
    d.put("wrong values|model alias", new String[] {"{\"chains\":{\"default\":[{\"modelId\":\"anthropic.claude-3-haiku\"}]}}", "chains.default[0].modelId"});
    d.put("wrong values|duplicate model", new String[] {"{\"chains\":{\"default\":[{\"modelId\":\"" + HAIKU + "\"},{\"modelId\":\"" + HAIKU + "\"}]}}", "chains.default[1].modelId"});
    d.put("wrong values|host name as Region", new String[] {target("\"regions\":[\"evil.example.com#\"]"), "chains.default[0].regions[0]"});
    d.put("wrong values|negative maxTokens", new String[] {target("\"maxTokens\":-1"), "chains.default[0].maxTokens"});
    d.put("wrong values|temperature 1e400", new String[] {target("\"temperature\":1e400"), "chains.default[0].temperature"});
    d.put("wrong values|NaN", new String[] {target("\"temperature\":NaN"), ""});
    d.put("wrong values|5,000-digit number", new String[] {target("\"maxTokens\":" + "9".repeat(5_000)), ""});
    d.put("malformed|truncated", new String[] {"{\"chains\":{\"default\":[{\"modelId\":\"" + CANARY, ""});
    d.put("malformed|trailing comma", new String[] {"{\"chains\":{\"default\":[{\"modelId\":\"" + HAIKU + "\",}]}}", ""});
    d.put("malformed|comment", new String[] {"// " + CANARY + "\n" + GOOD, ""});
    d.put("malformed|single quotes", new String[] {"{'chains':{'default':[{'modelId':'" + CANARY + "'}]}}", ""});
    d.put("malformed|duplicate key", new String[] {"{\"enabled\":true,\"enabled\":false," + GOOD.substring(1), ""});
    d.put("malformed|trailing garbage", new String[] {GOOD + " " + CANARY, ""});
    d.put("malformed|unquoted token", new String[] {"{\"chains\": " + CANARY.replace("-", "") + "}", ""});
    d.put("encoding|byte order mark", new String[] {"\uFEFF" + GOOD, ""});
    d.put("encoding|lone surrogate in a value", new String[] {"{\"degradedMessage\":\"\uD800" + CANARY + "\",\"chains\":{}}", "chains"});
    d.put("encoding|raw NUL in a string", new String[] {"{\"degradedMessage\":\"a\u0000" + CANARY + "\"," + GOOD.substring(1), ""});
    d.put("huge|70 KB document", new String[] {"{\"degradedMessage\":\"" + Corpus.huge(70 * 1024) + "\"," + GOOD.substring(1), ""});
    d.put("huge|degraded message of 60 KB", new String[] {"{\"degradedMessage\":\"" + Corpus.huge(60 * 1024) + "\"," + GOOD.substring(1), ACCEPTED});
    d.put("huge|4,000 chains", new String[] {many(4_000), ""});
    d.put("structure|arrays nested 5,000 deep", new String[] {Corpus.nestedJsonArrays(5_000), ""});
    d.put("structure|objects nested 17 deep", new String[] {Corpus.nestedJsonObjects(17), ""});
    return d;
  }

  private static String many(int chains) {
    StringBuilder sb = new StringBuilder("{\"chains\":{");
    for (int i = 0; i < chains; i++) {
      sb.append(i == 0 ? "" : ",").append("\"c").append(i).append("\":[{\"modelId\":\"").append(HAIKU).append("\"}]");
    }
    return sb.append("}}").toString();
  }

  @TestFactory
  Stream<DynamicTest> fromJson() {
    List<Case> cases = new ArrayList<>();
    documents()
        .forEach(
            (key, doc) -> {
              String[] parts = key.split("\\|");
              cases.add(
                  new Case(
                      parts[0],
                      parts[1],
                      () -> {
                        try {
                          return ModelConfig.fromJson(doc[0], "7");
                        } catch (ConfigurationException e) {
                          assertThat(e.getMessage()).as("the message quotes no document text").doesNotContain(CANARY);
                          assertThat(e.getCause()).as("no parser exception kept (it quotes the document)").isNull();
                          throw e;
                        }
                      },
                      ACCEPTED.equals(doc[1])
                          ? Corpus.Expect.accepted(
                              "valid: within the 64 KB document limit, the degraded message has no"
                                  + " limit of its own",
                              r -> r instanceof ModelConfig)
                          : typed(ConfigurationException.class, doc[1].isEmpty() ? null : doc[1])));
            });
    return cases.stream().map(c -> Corpus.test("model configuration document", c));
  }

  @Test
  void aGarbageFirstVersionFailsStartUpWithATypedErrorOrUsesTheFallback() {
    BEDROCK.emulator().putParameter(PARAMETER, "not json " + CANARY, ParameterType.SECURE_STRING);
    ParameterStoreConfigSource.Builder b =
        ParameterStoreConfigSource.builder()
            .ssmClient(BEDROCK.ssmClient())
            .parameterName(PARAMETER)
            .refreshInterval(Duration.ofHours(1));
    assertThatThrownBy(() -> b.build().start())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("version 1")
        .hasMessageNotContaining(CANARY);
    try (ParameterStoreConfigSource source = b.fallback(ModelConfig.of(HAIKU)).build().start()) {
      assertThat(source.current().version()).isEqualTo(ModelConfig.STATIC_VERSION);
      assertThat(source.status().usingFallback()).isTrue();
      assertThat(source.status().rejectedVersion()).isEqualTo("1");
    }
  }

  @Test
  void everyGarbageVersionIsRejectedOnRefreshAndTheKitKeepsAnswering() {
    BEDROCK.emulator().putParameter(PARAMETER, GOOD, ParameterType.SECURE_STRING);
    try (ParameterStoreConfigSource source =
            ParameterStoreConfigSource.builder()
                .ssmClient(BEDROCK.ssmClient())
                .parameterName(PARAMETER)
                .refreshInterval(Duration.ofHours(1))
                .build()
                .start();
        BedrockKit kit = BedrockKit.builder().client(BEDROCK.bedrockClient()).modelConfig(source).build()) {
      long version = 1;
      for (String[] doc : documents().values()) {
        if (ACCEPTED.equals(doc[1])) {
          continue;
        }
        BEDROCK.emulator().putParameter(PARAMETER, doc[0], ParameterType.SECURE_STRING);
        version++;
        source.refreshNow();
        assertThat(source.current().version()).isEqualTo("1");
        assertThat(source.status().rejectedVersion()).isEqualTo(Long.toString(version));
        assertThat(kit.chat(ChatRequest.of("still answering")).modelId()).isEqualTo(HAIKU);
      }
    }
  }
}
