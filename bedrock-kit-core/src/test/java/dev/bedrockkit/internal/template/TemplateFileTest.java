package dev.bedrockkit.internal.template;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateFileTest {
  @Test
  void windowsLineEndingsByteOrderMarkAndSurroundingBlankLinesAreNormalised() {
    String content =
        "\uFEFF# comment\r\n\r\n---  SYSTEM  ---\r\n\r\n  Indented first line\r\nsecond\r\n\r\n"
            + "--- user ---\r\n{{a}}\r\n\r\n  \r\n";

    TemplateFile file = TemplateFile.parse("p/x/v1.txt", "x", "1", content);

    assertThat(file)
        .isEqualTo(new TemplateFile("x", "1", "  Indented first line\nsecond", "{{a}}"));
  }

  @Test
  void emptySystemSectionMeansNoSystemPrompt() {
    TemplateFile file =
        TemplateFile.parse("p/x/v1.txt", "x", "1", "--- system ---\n\n--- user ---\nhi\n");

    assertThat(file.system()).isNull();
  }

  @Test
  void dashesThatAreNotAMarkerAreContent() {
    TemplateFile file =
        TemplateFile.parse("p/x/v1.txt", "x", "1", "--- user ---\n---\n-- user --\nend\n");

    assertThat(file.user()).isEqualTo("---\n-- user --\nend");
  }
}
