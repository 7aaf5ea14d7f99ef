package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.TokenUsage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The CLI's dry run end to end: embedded emulator (zero latency), table, CSV, JSON and SVG. */
class ShortlistDryRunTest {
  static final String HAIKU = "anthropic.claude-3-haiku-20240307-v1:0";
  static final String HAIKU_35_US = "us.anthropic.claude-3-5-haiku-20241022-v1:0";
  static final String TITAN_LITE = "amazon.titan-text-lite-v1";          // no built-in price
  static final List<String> MODELS = List.of(HAIKU, HAIKU_35_US, TITAN_LITE);
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path dir;

  record Cli(int status, String out, String err) {}

  static Cli run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Shortlist.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Cli dryRun(Path prompts, String... more) {
    List<String> args = new ArrayList<>(List.of(
        "--emulator", "--emulator-latency", "zero", "--models", String.join(",", MODELS),
        "--prompts", prompts.toString(), "--requests", "6", "--concurrency", "3", "--warmup", "0",
        "--max-tokens", "300", "--requests-per-day", "20000", "--out", dir.resolve("out").toString(),
        "--chart"));
    args.addAll(Arrays.asList(more));
    Cli cli = run(args.toArray(String[]::new));
    assertThat(cli.err()).isEmpty();
    assertThat(cli.status()).isZero();
    return cli;
  }

  Path samplePrompts() {
    return Path.of("src/main/resources/shortlist/prompts");
  }

  @Test
  void theTableHasEveryColumnAndOneRowPerModel() {
    Cli cli = dryRun(samplePrompts());
    List<String> lines = cli.out().lines().toList();
    String header = lines.stream().filter(l -> l.startsWith("model ")).findFirst().orElseThrow();
    assertThat(header.split("\\s{2,}")).containsExactly(
        "model", "ok", "errors", "throttled", "p50 ms", "p99 ms", "TTFT p50", "TTFT p99",
        "out tok/s", "in tok", "out tok", "$/1k req", "$/month", "$/month 10x");
    for (String model : MODELS) {
      String row = lines.stream().filter(l -> l.startsWith(model + " ")).findFirst().orElseThrow();
      String[] cells = row.split("\\s+");
      assertThat(cells).hasSize(14);
      assertThat(cells[1]).isEqualTo("6/6");
      assertThat(cells[2]).isEqualTo("0.0%");
      assertThat(cells[3]).isEqualTo("0.0%");
      if (model.equals(TITAN_LITE)) {
        assertThat(Arrays.copyOfRange(cells, 11, 14)).containsOnly("unknown");
      } else {
        assertThat(cells[11]).matches("\\d+\\.\\d{4}");
        assertThat(cells[12]).matches("[\\d,]+\\.\\d{2}");
      }
    }
    assertThat(cli.out())
        .contains("Model shortlist: emulator (zero latency), 6 measured request(s) per model after 0"
            + " warm-up, concurrency 3, 12 prompt(s) from " + samplePrompts())
        .contains("Retries: 3 attempt(s) per request, full-jitter backoff 1 s to 20 s, retry budget"
            + " 50 % of requests + 10/s, 30 s per attempt, 60 s per request, circuit breaker off,"
            + " SDK retries off.")
        .contains("month = 30 days at 20,000 requests/day (10x: 200,000).")
        .contains("No price for amazon.titan-text-lite-v1: cost unknown; add it with --prices FILE.")
        .contains("Wrote " + dir.resolve("out").resolve("shortlist.csv"))
        .contains("Wrote " + dir.resolve("out").resolve("shortlist.json"))
        .contains("Wrote " + dir.resolve("out").resolve("shortlist.svg"));
  }

  @Test
  void theJsonReportIsParseableAndItsNumbersArePlausible() throws IOException {
    dryRun(samplePrompts());
    JsonNode root = JSON.readTree(dir.resolve("out/shortlist.json").toFile());
    assertThat(root.get("requestsPerModel").asInt()).isEqualTo(6);
    assertThat(root.get("requestsPerDay").asLong()).isEqualTo(20_000);
    assertThat(root.get("callPolicy").get("maxAttempts").asInt()).isEqualTo(3);
    assertThat(root.get("models")).hasSize(3);
    for (JsonNode m : root.get("models")) {
      assertThat(m.get("succeeded").asInt()).isEqualTo(6);
      assertThat(m.get("attempts").asLong()).isEqualTo(6);
      assertThat(m.get("latencyP50Ms").decimalValue()).isLessThanOrEqualTo(m.get("latencyP99Ms").decimalValue());
      assertThat(m.get("ttftP50Ms").decimalValue()).isLessThanOrEqualTo(m.get("ttftP99Ms").decimalValue());
      assertThat(m.get("ttftP99Ms").decimalValue()).isLessThanOrEqualTo(m.get("latencyP99Ms").decimalValue());
      assertThat(m.get("meanInputTokens").decimalValue()).isPositive();
      assertThat(m.get("meanOutputTokens").decimalValue()).isPositive();
      if (m.get("priceKnown").asBoolean()) {
        BigDecimal mean = m.get("meanCostUsd").decimalValue();
        assertThat(mean).isPositive();
        assertThat(m.get("usdPer1000Requests").decimalValue())
            .isEqualByComparingTo(mean.multiply(BigDecimal.valueOf(1000)));
        BigDecimal monthly = mean.multiply(BigDecimal.valueOf(20_000 * 30));
        assertThat(m.get("monthlyUsd").decimalValue()).isEqualByComparingTo(monthly);
        assertThat(m.get("monthlyUsdAt10x").decimalValue())
            .isEqualByComparingTo(monthly.multiply(BigDecimal.TEN));
      } else {
        assertThat(m.get("modelId").asText()).isEqualTo(TITAN_LITE);
        assertThat(m.get("meanCostUsd").isNull()).isTrue();
        assertThat(m.get("usdPer1000Requests").isNull()).isTrue();
        assertThat(m.get("monthlyUsd").isNull()).isTrue();
      }
    }
  }

  @Test
  void costPerThousandIsTheListPriceOfOneRequestTimesAThousand() throws IOException {
    // One prompt: every request of a model uses the same tokens, so the mean cost is known exactly.
    Path one = Files.writeString(dir.resolve("one.txt"), "How long do refunds take?\n");
    dryRun(one);
    JsonNode haiku = JSON.readTree(dir.resolve("out/shortlist.json").toFile()).get("models").get(0);
    assertThat(haiku.get("modelId").asText()).isEqualTo(HAIKU);
    int in = haiku.get("meanInputTokens").decimalValue().intValueExact();
    int out = haiku.get("meanOutputTokens").decimalValue().intValueExact();
    BigDecimal perRequest = PricingCatalog.ofDefaults().price(HAIKU, "us-east-1").orElseThrow()
        .cost(new TokenUsage(in, out, 0, 0));
    assertThat(perRequest).isEqualByComparingTo(                       // 0.25 and 1.25 USD per 1M
        new BigDecimal("0.25").multiply(BigDecimal.valueOf(in))
            .add(new BigDecimal("1.25").multiply(BigDecimal.valueOf(out))).movePointLeft(6));
    assertThat(haiku.get("meanCostUsd").decimalValue()).isEqualByComparingTo(perRequest);
    assertThat(haiku.get("usdPer1000Requests").decimalValue())
        .isEqualByComparingTo(perRequest.movePointRight(3));
    assertThat(haiku.get("monthlyUsd").decimalValue())
        .isEqualByComparingTo(perRequest.multiply(BigDecimal.valueOf(600_000)));
    assertThat(haiku.get("monthlyUsdAt10x").decimalValue())
        .isEqualByComparingTo(perRequest.multiply(BigDecimal.valueOf(6_000_000)));
  }

  @Test
  void theCsvHasAHeaderAndOneParseableRowPerModel() throws IOException {
    dryRun(samplePrompts());
    List<String> lines = Files.readAllLines(dir.resolve("out/shortlist.csv"));
    assertThat(lines).hasSize(4);
    assertThat(List.of(lines.get(0).split(",", -1))).isEqualTo(ReportFormats.CSV_COLUMNS);
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      assertThat(f).hasSize(ReportFormats.CSV_COLUMNS.size());
      assertThat(f[0]).isEqualTo(MODELS.get(i - 1));
      assertThat(Integer.parseInt(f[1])).isEqualTo(6);
      assertThat(new BigDecimal(f[8])).isLessThanOrEqualTo(new BigDecimal(f[9]));   // p50 <= p99
      if (f[0].equals(TITAN_LITE)) {
        assertThat(f[15]).isEqualTo("false");
        assertThat(Arrays.copyOfRange(f, 16, 20)).containsOnly("unknown");
      } else {
        assertThat(f[15]).isEqualTo("true");
        assertThat(new BigDecimal(f[17]))
            .isEqualByComparingTo(new BigDecimal(f[16]).multiply(BigDecimal.valueOf(1000)));
      }
    }
  }

  @Test
  void theSvgIsWellFormedWithOneLabelledPointPerModel() throws Exception {
    dryRun(samplePrompts());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document svg = factory.newDocumentBuilder().parse(dir.resolve("out/shortlist.svg").toFile());
    assertThat(svg.getDocumentElement().getLocalName()).isEqualTo("svg");
    NodeList groups = svg.getElementsByTagNameNS("http://www.w3.org/2000/svg", "g");
    List<String> plotted = new ArrayList<>();
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("model")) {
        plotted.add(g.getAttribute("data-model"));
        assertThat(g.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(1);
        assertThat(g.getElementsByTagNameNS("*", "text").item(0).getTextContent())
            .isEqualTo(g.getAttribute("data-model"));
      }
    }
    assertThat(plotted).containsExactlyElementsOf(MODELS);
    assertThat(svg.getElementsByTagNameNS("*", "circle").getLength()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("out/shortlist.svg"))).contains(">price unknown</text>");
  }
}
