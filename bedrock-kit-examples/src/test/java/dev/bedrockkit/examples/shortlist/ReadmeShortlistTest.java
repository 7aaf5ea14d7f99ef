package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Choosing a model" commands parse, the dry run runs, and its table is current. */
class ReadmeShortlistTest {
  static final Path README = Path.of("../README.md");

  @TempDir Path dir;

  static String section() throws IOException {
    String readme = Files.readString(README);
    int start = readme.indexOf("## Choosing a model");
    assertThat(start).isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    return readme.substring(start, end);
  }

  /** Every {@code ./shortlist.sh} command, arguments split, paths made relative to this module. */
  static List<List<String>> commands() throws IOException {
    List<List<String>> commands = new ArrayList<>();
    for (String block : section().split("```bash\n")) {
      if (!block.startsWith("./shortlist.sh")) {
        continue;
      }
      String command = block.substring(0, block.indexOf("```")).replace("\\\n", " ");
      List<String> args = new ArrayList<>();
      for (String arg : command.trim().split("\\s+")) {
        args.add(arg.startsWith("bedrock-kit-examples/") ? "../" + arg : arg);
      }
      commands.add(args.subList(1, args.size()));
    }
    return commands;
  }

  @Test
  void bothCommandsParse() throws IOException {
    List<List<String>> commands = commands();
    assertThat(commands).hasSize(2);
    ShortlistOptions bedrock = ShortlistOptions.parse(commands.get(0).toArray(String[]::new));
    assertThat(bedrock.emulator()).isFalse();
    assertThat(bedrock.models()).hasSize(3);
    ShortlistOptions dryRun = ShortlistOptions.parse(commands.get(1).toArray(String[]::new));
    assertThat(dryRun.emulator()).isTrue();
    assertThat(dryRun.throttleRate()).isEqualTo(0.05);
  }

  @Test
  void theDryRunRunsAndTheReadmeTableHasTheCurrentColumns() throws IOException {
    List<String> args = new ArrayList<>(commands().get(1));
    args.set(args.indexOf("--out") + 1, dir.toString());
    args.addAll(List.of("--emulator-latency", "zero", "--requests", "3", "--warmup", "0"));
    ShortlistDryRunTest.Cli cli = ShortlistDryRunTest.run(args.toArray(String[]::new));
    assertThat(cli.status()).isZero();
    String header = cli.out().lines().filter(l -> l.startsWith("model ")).findFirst().orElseThrow();
    String documented =
        section().lines().filter(l -> l.startsWith("model ")).findFirst().orElseThrow();
    assertThat(documented.split("\\s{2,}")).containsExactly(header.split("\\s{2,}"));
    assertThat(dir.resolve("shortlist.svg")).exists();
  }
}
