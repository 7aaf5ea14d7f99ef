package dev.bedrockkit.benchmarks.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces a generated section of {@code benchmarks/README.md}: the text between {@code <!--
 * BEGIN GENERATED name -->} and {@code <!-- END GENERATED name -->}. The markers stay; a README
 * without them gets the section appended. Not thread-safe (one writer per file).
 */
public final class Readme {
  private Readme() {}

  public static String begin(String name) {
    return "<!-- BEGIN GENERATED " + name + " -->";
  }

  public static String end(String name) {
    return "<!-- END GENERATED " + name + " -->";
  }

  /** Writes {@code body} into the section {@code name} of {@code readme}. */
  public static void replaceSection(Path readme, String name, String body) {
    try {
      String text = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";
      Files.writeString(readme, replaced(text, name, body), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot update " + readme, e);
    }
  }

  /** The text with the section {@code name} replaced (or appended when missing). */
  public static String replaced(String text, String name, String body) {
    String b = begin(name);
    String e = end(name);
    String section = b + "\n" + body.strip() + "\n" + e;
    int i = text.indexOf(b);
    int j = text.indexOf(e);
    if (i < 0 || j < i) {
      return (text.isEmpty() || text.endsWith("\n") ? text : text + "\n") + "\n" + section + "\n";
    }
    return text.substring(0, i) + section + text.substring(j + e.length());
  }
}
