package dev.bedrockkit.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.benchmarks.harness.Readme;
import org.junit.jupiter.api.Test;

class ReadmeTest {
  @Test
  void replacesOnlyTheTextBetweenTheMarkers() {
    String text = "a\n" + Readme.begin("x") + "\nold\n" + Readme.end("x") + "\nb\n";
    assertThat(Readme.replaced(text, "x", "new"))
        .isEqualTo("a\n" + Readme.begin("x") + "\nnew\n" + Readme.end("x") + "\nb\n");
  }

  @Test
  void appendsTheSectionWhenTheMarkersAreMissing() {
    assertThat(Readme.replaced("a\n", "x", "new"))
        .isEqualTo("a\n\n" + Readme.begin("x") + "\nnew\n" + Readme.end("x") + "\n");
  }
}
