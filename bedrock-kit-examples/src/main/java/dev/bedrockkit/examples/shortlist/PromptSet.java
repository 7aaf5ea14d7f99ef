package dev.bedrockkit.examples.shortlist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a workload's prompt set: a text file with one prompt per line (blank lines and lines
 * starting with {@code #} skipped), a JSON-lines file ({@code .jsonl} or {@code .ndjson}) of
 * {@code {"prompt": "...", "system": "...", "maxTokens": 300}} objects ({@code system} and
 * {@code maxTokens} optional, other fields rejected), or a directory of such files read in name
 * order (other files ignored). A mistake fails with a {@link UsageException} naming the file and
 * line.
 *
 * <p>Stateless and thread-safe.
 */
public final class PromptSet {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("prompt", "system", "maxTokens");

  private PromptSet() {}

  /**
   * Reads every prompt under {@code path}, in file then line order.
   *
   * @throws UsageException when the path holds no prompt or a line is invalid
   */
  public static List<BenchPrompt> load(Path path) {
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> children = Files.list(path)) {
        children.filter(p -> Files.isRegularFile(p) && (isJsonLines(p) || isText(p)))
            .sorted()
            .forEach(files::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path, e);
      }
      if (files.isEmpty()) {
        throw new UsageException(
            "--prompts: directory " + path + " has no .txt, .jsonl or .ndjson file");
      }
    } else if (Files.isRegularFile(path)) {
      files.add(path);
    } else {
      throw new UsageException("--prompts: no such file or directory: " + path);
    }
    List<BenchPrompt> prompts = new ArrayList<>();
    for (Path file : files) {
      prompts.addAll(isJsonLines(file) ? readJsonLines(file) : readText(file));
    }
    if (prompts.isEmpty()) {
      throw new UsageException(
          "--prompts: " + path + " has no prompts: put one per line, or one JSON object per line"
              + " in a .jsonl file");
    }
    return List.copyOf(prompts);
  }

  private static boolean isJsonLines(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson");
  }

  private static boolean isText(Path p) {
    return p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".txt");
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UsageException("--prompts: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static List<BenchPrompt> readText(Path file) {
    List<BenchPrompt> prompts = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty() && !line.startsWith("#")) {
        prompts.add(new BenchPrompt(line, null, null, file + ":" + (i + 1)));
      }
    }
    return prompts;
  }

  private static List<BenchPrompt> readJsonLines(Path file) {
    List<BenchPrompt> prompts = new ArrayList<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()) {
        prompts.add(parseLine(line, file + ":" + (i + 1)));
      }
    }
    return prompts;
  }

  private static BenchPrompt parseLine(String line, String where) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UsageException(
          "--prompts: " + where + ": not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || !node.isObject()) {
      throw new UsageException(
          "--prompts: " + where + ": expected a JSON object such as {\"prompt\": \"...\"}");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw new UsageException(
            "--prompts: " + where + ": unknown field '" + name
                + "': use prompt, system and maxTokens");
      }
    }
    JsonNode prompt = node.get("prompt");
    if (prompt == null || !prompt.isTextual() || prompt.asText().isBlank()) {
      throw new UsageException("--prompts: " + where + ": \"prompt\" must be a non-blank string");
    }
    JsonNode system = node.get("system");
    if (system != null && !system.isNull() && (!system.isTextual() || system.asText().isBlank())) {
      throw new UsageException("--prompts: " + where + ": \"system\" must be a non-blank string");
    }
    JsonNode max = node.get("maxTokens");
    if (max != null && !max.isNull() && (!max.canConvertToInt() || !max.isIntegralNumber()
        || max.asInt() < 1)) {
      throw new UsageException(
          "--prompts: " + where + ": \"maxTokens\" must be a positive integer but was " + max);
    }
    return new BenchPrompt(
        prompt.asText(),
        system == null || system.isNull() ? null : system.asText(),
        max == null || max.isNull() ? null : max.asInt(),
        where);
  }
}
