package dev.bedrockkit.examples.shortlist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptSetTest {
  @TempDir Path dir;

  @Test
  void aTextFileHasOnePromptPerLineWithoutCommentsOrBlankLines() throws IOException {
    Path file = Files.writeString(dir.resolve("faq.txt"),
        "# support questions\nHow do I reset my password?\n\n  Where is my parcel?  \n");
    assertThat(PromptSet.load(file))
        .containsExactly(
            new BenchPrompt("How do I reset my password?", null, null, file + ":2"),
            new BenchPrompt("Where is my parcel?", null, null, file + ":4"));
  }

  @Test
  void jsonLinesCarryASystemPromptAndMaxTokens() throws IOException {
    Path file = Files.writeString(dir.resolve("tickets.jsonl"),
        "{\"system\": \"Be brief.\", \"prompt\": \"Summarise the ticket\", \"maxTokens\": 200}\n"
            + "\n{\"prompt\": \"Draft a reply\"}\n");
    assertThat(PromptSet.load(file))
        .containsExactly(
            new BenchPrompt("Summarise the ticket", "Be brief.", 200, file + ":1"),
            new BenchPrompt("Draft a reply", null, null, file + ":3"));
  }

  @Test
  void aDirectoryIsReadFileByFileInNameOrderIgnoringOtherFiles() throws IOException {
    Files.writeString(dir.resolve("b.jsonl"), "{\"prompt\": \"second\"}\n");
    Files.writeString(dir.resolve("a.txt"), "first\n");
    Files.writeString(dir.resolve("notes.md"), "not a prompt\n");
    List<BenchPrompt> prompts = PromptSet.load(dir);
    assertThat(prompts).extracting(BenchPrompt::text).containsExactly("first", "second");
  }

  @Test
  void theBundledSampleHasTwelvePrompts() {
    Path sample = Path.of("src/main/resources/shortlist/prompts");
    assertThat(PromptSet.load(sample)).hasSize(12).allSatisfy(p -> assertThat(p.text()).isNotBlank());
  }

  @Test
  void invalidJsonNamesTheFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"ok\"}\n{\"prompt\": \n");
    assertThatThrownBy(() -> PromptSet.load(file))
        .isInstanceOf(UsageException.class)
        .hasMessageStartingWith("--prompts: " + file + ":2: not valid JSON (");
  }

  @Test
  void aLineThatIsNotAnObjectIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.jsonl"), "\"just text\"\n");
    assertThatThrownBy(() -> PromptSet.load(file))
        .hasMessage("--prompts: " + file + ":1: expected a JSON object such as {\"prompt\": \"...\"}");
  }

  @Test
  void anUnknownFieldIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"x\", \"temp\": 0.2}\n");
    assertThatThrownBy(() -> PromptSet.load(file))
        .hasMessage("--prompts: " + file + ":1: unknown field 'temp': use prompt, system and maxTokens");
  }

  @Test
  void aBlankPromptOrBadMaxTokensIsRejected() throws IOException {
    Path blank = Files.writeString(dir.resolve("blank.jsonl"), "{\"prompt\": \" \"}\n");
    assertThatThrownBy(() -> PromptSet.load(blank))
        .hasMessage("--prompts: " + blank + ":1: \"prompt\" must be a non-blank string");
    Path max = Files.writeString(dir.resolve("max.jsonl"), "{\"prompt\": \"x\", \"maxTokens\": 0}\n");
    assertThatThrownBy(() -> PromptSet.load(max))
        .hasMessage("--prompts: " + max + ":1: \"maxTokens\" must be a positive integer but was 0");
  }

  @Test
  void aFileWithoutPromptsIsRejected() throws IOException {
    Path file = Files.writeString(dir.resolve("empty.txt"), "# nothing yet\n\n");
    assertThatThrownBy(() -> PromptSet.load(file))
        .hasMessage("--prompts: " + file + " has no prompts: put one per line, or one JSON object"
            + " per line in a .jsonl file");
  }

  @Test
  void aDirectoryWithoutPromptFilesIsRejected() throws IOException {
    Files.writeString(dir.resolve("readme.md"), "hi\n");
    assertThatThrownBy(() -> PromptSet.load(dir))
        .hasMessage("--prompts: directory " + dir + " has no .txt, .jsonl or .ndjson file");
  }
}
