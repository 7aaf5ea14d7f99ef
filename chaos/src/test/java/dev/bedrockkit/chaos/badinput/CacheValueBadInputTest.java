package dev.bedrockkit.chaos.badinput;

import static dev.bedrockkit.chaos.badinput.Corpus.CANARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.cache.Embedder;
import dev.bedrockkit.cache.ExactCache;
import dev.bedrockkit.cache.RedisTier;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.internal.Envelope;
import dev.bedrockkit.chaos.LogScanner;
import dev.bedrockkit.chaos.RedisServer;
import dev.bedrockkit.chaos.badinput.Corpus.Case;
import dev.bedrockkit.test.BedrockEmulatorExtension;
import dev.bedrockkit.test.ModelCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Values in Redis written by an older release, another program or a corrupt writer, under the very
 * keys bedrock-kit reads: every one is a miss (counted {@code result=invalid}), the model answers,
 * nothing is thrown, nothing waits, and no log line at INFO or above quotes the value. The same for
 * entries of the semantic cache's Redis streams. A well-formed envelope is trusted, on purpose:
 * whoever may write to the cache's Redis can answer for the service (keep it private, with TLS
 * and AUTH).
 */
class CacheValueBadInputTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  static final String HAIKU = ModelCatalog.CLAUDE_3_HAIKU;
  static RedisServer redis;
  static LogScanner logs;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    logs = LogScanner.attach().forbidAtInfo(CANARY);
  }

  @AfterAll
  static void stop() throws Exception {
    redis.close();
    logs.close();
    Corpus.write("bad-input-corpus.md");
    assertThat(logs.violations()).as("log lines at INFO or above quoting a cached value").isEmpty();
  }

  static byte[] envelope(int version, int flags, byte[] payload) {
    byte[] out = new byte[4 + payload.length];
    out[0] = 'B';
    out[1] = 'K';
    out[2] = (byte) version;
    out[3] = (byte) flags;
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] deflate(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[65536];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }

  static String validJson() {
    return "{\"created\":1,\"freshUntil\":" + Long.MAX_VALUE + ",\"response\":{\"text\":\"" + CANARY
        + "\",\"toolUses\":[],\"usage\":[1,1,0,0],\"latencyNanos\":1,\"modelId\":\"" + HAIKU + "\"}}";
  }

  /** Values a reader must refuse. */
  static Map<String, byte[]> corrupt() {
    Map<String, byte[]> v = new LinkedHashMap<>();
    v.put("empty value", new byte[0]);
    v.put("the magic only", utf8("BK"));
    v.put("another program's text", utf8("hello " + CANARY));
    v.put("wrong magic", utf8("XK\u0001\u0000" + validJson()));
    v.put("format version 0 (an older writer)", envelope(0, 0, utf8(validJson())));
    v.put("format version 2 (a newer writer)", envelope(2, 0, utf8(validJson())));
    v.put("format version 255", envelope(255, 0, utf8(validJson())));
    v.put("unknown flags", envelope(1, 6, utf8(validJson())));
    v.put("deflate flag on garbage", envelope(1, 1, utf8("not deflated " + CANARY)));
    v.put("truncated deflate stream", envelope(1, 1, java.util.Arrays.copyOf(deflate(utf8(validJson())), 20)));
    v.put("deflate bomb (20 MB of zeros)", envelope(1, 1, deflate(new byte[20 * 1024 * 1024])));
    v.put("truncated JSON", envelope(1, 0, utf8(validJson().substring(0, 40))));
    v.put("JSON array", envelope(1, 0, utf8("[\"" + CANARY + "\"]")));
    v.put("no response", envelope(1, 0, utf8("{\"created\":1,\"freshUntil\":1,\"x\":\"" + CANARY + "\"}")));
    v.put("usage of three numbers", envelope(1, 0, utf8(validJson().replace("[1,1,0,0]", "[1,1,0]"))));
    v.put("invalid UTF-8", envelope(1, 0, concat(utf8("{\"created\":1,\"text\":\"" + CANARY), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}, utf8("\"}"))));
    v.put("JSON nested 1,000 deep", envelope(1, 0, utf8(Corpus.nestedJsonObjects(1_000))));
    return v;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static boolean eventually(BooleanSupplier c) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!c.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }

  private static double count(SimpleMeterRegistry m, String tier, String result) {
    return m.find("bedrockkit.cache.requests").tag("tier", tier).tag("result", result).counters()
        .stream().mapToDouble(Counter::count).sum();
  }

  private static List<String> keys(String pattern) {
    try {
      return redis.keys(pattern);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @TestFactory
  Stream<DynamicTest> exactCacheValues() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    RedisTier tier = RedisTier.builder().uri(redis.uri()).meterRegistry(meters).timeout(Duration.ofSeconds(1)).build();
    assertThat(eventually(tier::isConnected)).as("connected").isTrue();
    BedrockKit kit =
        BedrockKit.builder()
            .client(BEDROCK.bedrockClient())
            .models(HAIKU)
            .responseCache(ExactCache.builder().redis(tier).localMaxEntries(0).meterRegistry(meters).build())
            .build();
    ChatRequest question =
        ChatRequest.builder().user("What is my plan? " + CANARY).cacheScope(CacheScope.tenant("acme")).build();
    List<Case> cases = new ArrayList<>();
    corrupt()
        .forEach(
            (name, value) ->
                cases.add(
                    new Case(
                        "corrupt or foreign value",
                        name,
                        () -> {
                          List<String> keys = primed(kit, question);
                          double invalid = count(meters, "redis", "invalid");
                          int calls = BEDROCK.journal().count(HAIKU);
                          for (String key : keys) {
                            redis.command("SET", key, value);
                          }
                          long start = System.nanoTime();
                          ChatResponse answer = kit.chat(question);
                          return new Object[] {answer, count(meters, "redis", "invalid") - invalid,
                              BEDROCK.journal().count(HAIKU) - calls, System.nanoTime() - start};
                        },
                        Corpus.Expect.handled(
                            "a miss counted result=invalid; the model answers",
                            r -> {
                              Object[] o = (Object[]) r;
                              return !((ChatResponse) o[0]).fromCache()
                                  && (double) o[1] >= 1
                                  && (int) o[2] == 1;
                            }))));
    cases.add(
        new Case(
            "well-formed envelope",
            "odd but parseable types (text as a number)",
            () -> {
              List<String> keys = primed(kit, question);
              byte[] odd = envelope(1, 0, utf8(validJson().replace("\"" + CANARY + "\"", "42")));
              for (String key : keys) {
                redis.command("SET", key, odd);
              }
              return kit.chat(question);
            },
            Corpus.Expect.accepted(
                "served: a well-formed envelope is trusted (keep Redis private, with TLS and AUTH)",
                r -> ((ChatResponse) r).fromCache() && ((ChatResponse) r).text().equals("42"))));
    List<DynamicTest> tests = new ArrayList<>(cases.stream().map(c -> Corpus.test("Redis exact-cache value", c)).toList());
    tests.add(DynamicTest.dynamicTest("close", () -> {
      kit.close();
      tier.close();
    }));
    return tests.stream();
  }

  /** Makes sure the question's answer is in Redis; returns its keys. */
  private static List<String> primed(BedrockKit kit, ChatRequest question) throws Exception {
    redis.command("FLUSHALL");
    kit.chat(question);
    assertThat(eventually(() -> !keys("bedrock-kit:cache:x:*").isEmpty())).as("the answer reached Redis").isTrue();
    return keys("bedrock-kit:cache:x:*");
  }

  /** Bag-of-words vectors, 64 dimensions. */
  static final class Words implements Embedder {
    @Override
    public String id() {
      return "words-64";
    }

    @Override
    public int dimensions() {
      return 64;
    }

    @Override
    public float[] embed(String text) {
      float[] v = new float[64];
      for (String w : text.toLowerCase(java.util.Locale.ROOT).split("\\W+")) {
        v[Math.floorMod(w.hashCode(), 64)] += 1;
      }
      double n = 0;
      for (float x : v) {
        n += x * x;
      }
      for (int i = 0; i < 64; i++) {
        v[i] = (float) (v[i] / Math.sqrt(n));
      }
      return v;
    }
  }

  static byte[] streamEntry(String embedder, String vectorBase64, double scale) {
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("id", Long.toHexString(System.nanoTime()));
    meta.put("text", "what is my plan " + CANARY);
    meta.put("embedder", embedder);
    meta.put("scale", scale);
    meta.put("vector", vectorBase64);
    ChatResponse answer =
        new ChatResponse("forged " + CANARY, List.of(), null, null, dev.bedrockkit.TokenUsage.ZERO,
            Duration.ZERO, HAIKU, "us-east-1", List.of(), false, false, java.util.Optional.empty(), 0, null);
    return Envelope.encode(answer, 1, Long.MAX_VALUE, meta, 10_000);
  }

  @TestFactory
  Stream<DynamicTest> semanticCacheStreamEntries() {
    Map<String, byte[]> entries = new LinkedHashMap<>(corrupt());
    entries.put("vector of the wrong length", streamEntry("words-64", Base64.getEncoder().encodeToString(new byte[10]), 0.01));
    entries.put("vector that is not base64", streamEntry("words-64", "%%% " + CANARY, 0.01));
    entries.put("scale NaN", streamEntry("words-64", Base64.getEncoder().encodeToString(new byte[64]), Double.NaN));
    entries.put("another embedder's vector", streamEntry("other-embedder", Base64.getEncoder().encodeToString(new byte[64]), 0.01));
    List<Case> cases = new ArrayList<>();
    entries.forEach(
        (name, value) ->
            cases.add(
                new Case(
                    "corrupt stream entry",
                    name,
                    () -> {
                      redis.command("FLUSHALL");
                      SimpleMeterRegistry meters = new SimpleMeterRegistry();
                      ChatRequest question =
                          ChatRequest.builder().user("what is my plan " + CANARY).cacheScope(CacheScope.tenant("acme")).build();
                      try (RedisTier a = RedisTier.builder().uri(redis.uri()).meterRegistry(meters).timeout(Duration.ofSeconds(1)).build();
                          RedisTier b = RedisTier.builder().uri(redis.uri()).meterRegistry(meters).timeout(Duration.ofSeconds(1)).build()) {
                        assertThat(eventually(() -> a.isConnected() && b.isConnected())).as("connected").isTrue();
                        SemanticCache writer = SemanticCache.builder().embedder(new Words()).untemplated().redis(a).meterRegistry(meters).build();
                        writer.store(question, answer("the real answer"));
                        assertThat(eventually(() -> !keys("bedrock-kit:cache:s:*").isEmpty())).isTrue();
                        String stream = keys("bedrock-kit:cache:s:*").get(0);
                        redis.command("XADD", stream, "*", "e", value);
                        redis.command("XADD", stream, "*", "x", value); // no "e" field at all
                        SemanticCache reader = SemanticCache.builder().embedder(new Words()).untemplated().redis(b).meterRegistry(meters).build();
                        return reader.lookup(question);
                      }
                    },
                    Corpus.Expect.handled(
                        "skipped; the valid entry before it still answers",
                        r -> ((java.util.Optional<?>) r).map(x -> ((ChatResponse) x).text()).orElse("").equals("the real answer")))));
    return cases.stream().map(c -> Corpus.test("Redis semantic-cache stream entry", c));
  }

  static ChatResponse answer(String text) {
    var m =
        software.amazon.awssdk.services.bedrockruntime.model.Message.builder()
            .role(software.amazon.awssdk.services.bedrockruntime.model.ConversationRole.ASSISTANT)
            .content(software.amazon.awssdk.services.bedrockruntime.model.ContentBlock.fromText(text))
            .build();
    return new ChatResponse(text, List.of(), m,
        software.amazon.awssdk.services.bedrockruntime.model.StopReason.END_TURN,
        new dev.bedrockkit.TokenUsage(1, 1, 0, 0), Duration.ZERO, HAIKU, "us-east-1", List.of(),
        false, false, java.util.Optional.empty(), 0, "r");
  }
}
