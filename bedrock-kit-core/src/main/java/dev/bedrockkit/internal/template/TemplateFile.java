package dev.bedrockkit.internal.template;

import dev.bedrockkit.TemplateException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template read from a classpath resource {@code .../<id>/v<version>.txt}, UTF-8:
 *
 * <pre>
 * # comment lines before the first section are ignored
 * --- system ---
 * You answer questions about {{product}}.
 * --- user ---
 * {{question}}
 * </pre>
 *
 * <p>The system section is optional and comes first; the user section is required. Blank lines
 * around a section's text are dropped; line endings become {@code \n}.
 *
 * @param id the template id, the name of the file's directory
 * @param version the version, the file name between {@code v} and {@code .txt}
 * @param system the system text, or {@code null}
 * @param user the user text
 */
public record TemplateFile(String id, String version, String system, String user) {
  private static final Pattern PATH =
      Pattern.compile("(?:.*/)?([A-Za-z0-9._-]+)/v([A-Za-z0-9][A-Za-z0-9._-]*)\\.txt");
  private static final Pattern MARKER = Pattern.compile("---\\s*([A-Za-z]+)\\s*---\\s*");
  private static final String SYSTEM = "system";
  private static final String USER = "user";

  /**
   * Reads and parses {@code path} with {@code loader}.
   *
   * @throws TemplateException when the path does not name an id and version, the file is missing or
   *     not UTF-8, or its sections are malformed
   */
  public static TemplateFile load(String path, ClassLoader loader) {
    String resource = path.startsWith("/") ? path.substring(1) : path;
    Matcher matcher = PATH.matcher(resource);
    if (!matcher.matches()) {
      throw new TemplateException(
          path,
          null,
          "Template path '"
              + path
              + "' must end in '<id>/v<version>.txt', e.g."
              + " 'prompts/support-answer/v3.txt'");
    }
    String id = matcher.group(1);
    String version = matcher.group(2);
    byte[] bytes;
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new TemplateException(
            id,
            null,
            "Template file '"
                + resource
                + "' not found by classloader "
                + describe(loader)
                + "; put it under src/main/resources/"
                + resource);
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new TemplateException(
          id, null, "Template file '" + resource + "' cannot be read: " + e.getMessage(), e);
    }
    String content;
    try {
      content =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new TemplateException(
          id, null, "Template file '" + resource + "' is not valid UTF-8; save it as UTF-8", e);
    }
    return parse(resource, id, version, content);
  }

  /** Parses the content of a template file; {@code path} is for messages. */
  static TemplateFile parse(String path, String id, String version, String content) {
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    String[] lines = text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    String section = null;
    List<String> system = null;
    List<String> user = null;
    List<String> current = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String where = "Template file '" + path + "' line " + (i + 1) + ": ";
      Matcher marker = MARKER.matcher(line.strip());
      if (marker.matches()) {
        String name = marker.group(1).toLowerCase(Locale.ROOT);
        if (!name.equals(SYSTEM) && !name.equals(USER)) {
          throw new TemplateException(
              id,
              null,
              where
                  + "unknown section '"
                  + line.strip()
                  + "'; sections are '--- system ---' and '--- user ---'");
        }
        if (name.equals(SYSTEM) ? system != null : user != null) {
          throw new TemplateException(
              id,
              null,
              where + "second '--- " + name + " ---' section; each section appears at most once");
        }
        if (name.equals(SYSTEM) && user != null) {
          throw new TemplateException(
              id, null, where + "'--- system ---' must come before '--- user ---'");
        }
        current = new ArrayList<>();
        if (name.equals(SYSTEM)) {
          system = current;
        } else {
          user = current;
        }
        section = name;
      } else if (section == null) {
        if (!line.isBlank() && !line.startsWith("#")) {
          throw new TemplateException(
              id,
              null,
              where
                  + "text before the first section; start with '--- system ---' or"
                  + " '--- user ---' (lines starting with '#' before it are comments)");
        }
      } else {
        current.add(line);
      }
    }
    if (user == null) {
      throw new TemplateException(
          id, null, "Template file '" + path + "' has no '--- user ---' section");
    }
    String userText = join(user);
    if (userText.isEmpty()) {
      throw new TemplateException(
          id, null, "Template file '" + path + "' has an empty '--- user ---' section");
    }
    String systemText = system == null ? null : join(system);
    return new TemplateFile(
        id, version, systemText == null || systemText.isEmpty() ? null : systemText, userText);
  }

  private static String join(List<String> lines) {
    int from = 0;
    int to = lines.size();
    while (from < to && lines.get(from).isBlank()) {
      from++;
    }
    while (to > from && lines.get(to - 1).isBlank()) {
      to--;
    }
    return String.join("\n", lines.subList(from, to));
  }

  private static String describe(ClassLoader loader) {
    return loader.getName() != null ? "'" + loader.getName() + "'" : loader.toString();
  }
}
