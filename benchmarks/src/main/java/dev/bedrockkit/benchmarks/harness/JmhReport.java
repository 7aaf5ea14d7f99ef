package dev.bedrockkit.benchmarks.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * Turns a JMH JSON result file ({@code -rf json}) into the README's {@code jmh} section and a
 * CSV: score and error per benchmark and parameter, and, when run with {@code -prof gc}, bytes
 * allocated per operation. Usage: {@code JmhReport jmh.json README.md results-dir "note"}.
 */
public final class JmhReport {
  private JmhReport() {}

  public static void main(String[] args) throws IOException {
    Path json = Path.of(args[0]);
    Path readme = Path.of(args[1]);
    Path results = Path.of(args[2]);
    String note = args.length > 3 ? args[3] : "";
    Table t = table(new ObjectMapper().readTree(json.toFile()));
    t.writeCsv(results.resolve("jmh.csv"));
    String md = "Measured " + note + "\n\n" + t.markdown();
    Readme.replaceSection(readme, "jmh", md);
    System.out.println(md);
  }

  static Table table(JsonNode runs) {
    Table t = new Table("benchmark", "params", "score", "± error", "unit", "bytes allocated per op");
    for (JsonNode run : runs) {
      String name = run.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      StringBuilder params = new StringBuilder();
      Iterator<Map.Entry<String, JsonNode>> it = run.path("params").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> p = it.next();
        params.append(params.length() == 0 ? "" : ", ").append(p.getKey()).append('=').append(p.getValue().asText());
      }
      JsonNode primary = run.path("primaryMetric");
      JsonNode alloc = run.path("secondaryMetrics").path("·gc.alloc.rate.norm");
      if (alloc.isMissingNode()) {
        alloc = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
      }
      t.row(name, params.length() == 0 ? "-" : params.toString(),
          Table.fmt(primary.path("score").asDouble(), 3),
          Table.fmt(primary.path("scoreError").asDouble(), 3),
          primary.path("scoreUnit").asText(),
          alloc.isMissingNode() ? "-" : Table.fmt(alloc.path("score").asDouble(), 0));
    }
    return t;
  }
}
