package dev.bedrockkit.spring;

import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.TemplateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The prompt template files found on the classpath at start-up ({@code prompts/<id>/v<version>.txt}
 * in every jar and directory), by id and version, and a one-line way to declare a typed template
 * from one of them:
 *
 * <pre>{@code
 * @Bean
 * PromptTemplate<Ticket, Triage> triage(PromptTemplates templates) {
 *   return templates.get("ticket-triage", Ticket.class, Triage.class);          // latest version
 * }
 *
 * @Bean
 * PromptTemplate<Ticket, String> summary(PromptTemplates templates) {
 *   return templates.get("ticket-summary", "2", Ticket.class, String.class);     // pinned, text
 * }
 * }</pre>
 *
 * <p>Every file is read and its sections checked at start-up, so a malformed file fails the
 * application before it serves; placeholders are checked against the input record when a template
 * is built with {@link #get}. Versions compare number by number ({@code 2 < 10}, {@code 1.2 <
 * 1.10}); the latest is the greatest.
 *
 * <p>Immutable and thread-safe; each {@code get} builds a new template.
 */
public final class PromptTemplates {
  private static final Pattern FILE =
      Pattern.compile("(?:.*/)?([A-Za-z0-9._-]+)/v([A-Za-z0-9][A-Za-z0-9._-]*)\\.txt");

  /** Compares versions segment by segment, numbers numerically, numbers before words. */
  static final Comparator<String> VERSION_ORDER = PromptTemplates::compareVersions;

  private final String location;
  private final Map<String, TreeMap<String, String>> paths;
  private final ClassLoader classLoader;

  private PromptTemplates(
      String location, Map<String, TreeMap<String, String>> paths, ClassLoader classLoader) {
    this.location = location;
    this.paths = paths;
    this.classLoader = classLoader;
  }

  /**
   * Finds and checks the template files under {@code location} (a classpath folder such as {@code
   * prompts}).
   *
   * @throws TemplateException when a file cannot be read or its sections are malformed
   */
  static PromptTemplates scan(String location, ResourcePatternResolver resolver) {
    String folder = trimSlashes(location);
    ClassLoader loader =
        resolver.getClassLoader() != null
            ? resolver.getClassLoader()
            : PromptTemplates.class.getClassLoader();
    Resource[] resources;
    try {
      resources = resolver.getResources("classpath*:" + folder + "/*/v*.txt");
    } catch (IOException e) {
      throw new TemplateException(
          folder, null, "Cannot list template files under classpath:" + folder + ": " + e.getMessage(), e);
    }
    Map<String, TreeMap<String, String>> paths = new TreeMap<>();
    for (Resource resource : resources) {
      String url;
      try {
        url = resource.getURL().toString();
      } catch (IOException e) {
        continue;
      }
      Matcher m = FILE.matcher(url);
      if (!m.matches()) {
        continue;
      }
      String id = m.group(1);
      String version = m.group(2);
      String path = folder + "/" + id + "/v" + version + ".txt";
      paths.computeIfAbsent(id, k -> new TreeMap<>(VERSION_ORDER)).putIfAbsent(version, path);
    }
    for (Map<String, String> versions : paths.values()) {
      for (String path : versions.values()) {
        // Reads the file and checks its sections; placeholders are checked when a typed template
        // is built from it.
        PromptTemplate.fromClasspath(path, Object.class, loader);
      }
    }
    return new PromptTemplates(folder, paths, loader);
  }

  /** The template ids found, sorted. */
  public Set<String> ids() {
    return Collections.unmodifiableSet(new TreeSet<>(paths.keySet()));
  }

  /** Whether a file of template {@code id} was found. */
  public boolean contains(String id) {
    return paths.containsKey(id);
  }

  /**
   * The versions of template {@code id}, oldest first.
   *
   * @throws TemplateException when no file of {@code id} was found
   */
  public List<String> versions(String id) {
    return List.copyOf(versionsOf(id).keySet());
  }

  /**
   * The latest version of template {@code id}.
   *
   * @throws TemplateException when no file of {@code id} was found
   */
  public String latestVersion(String id) {
    return versionsOf(id).lastKey();
  }

  /**
   * The latest version of template {@code id}, reading {@code inputType} and answering {@code
   * outputType}: {@code String.class} for the model's text, or a record for structured output.
   *
   * @throws TemplateException when there is no such template, or it does not fit the types (a
   *     placeholder with no component, a component no placeholder uses, an output that is neither
   *     text nor a record)
   */
  public <I, O> PromptTemplate<I, O> get(String id, Class<I> inputType, Class<O> outputType) {
    return get(id, latestVersion(id), inputType, outputType);
  }

  /**
   * Version {@code version} of template {@code id}; see {@link #get(String, Class, Class)}.
   *
   * @throws TemplateException when there is no such template or version, or it does not fit the
   *     types
   */
  @SuppressWarnings("unchecked")
  public <I, O> PromptTemplate<I, O> get(
      String id, String version, Class<I> inputType, Class<O> outputType) {
    Objects.requireNonNull(outputType, "outputType cannot be null");
    PromptTemplate.Builder<I, String> builder = builder(id, version, inputType);
    if (outputType == String.class) {
      return (PromptTemplate<I, O>) builder.returningText().build();
    }
    return builder.returning(outputType).build();
  }

  /** The latest version of template {@code id}, answering a list of {@code elementType} records. */
  public <I, O> PromptTemplate<I, List<O>> getList(
      String id, Class<I> inputType, Class<O> elementType) {
    return getList(id, latestVersion(id), inputType, elementType);
  }

  /** Version {@code version} of template {@code id}, answering a list of records. */
  public <I, O> PromptTemplate<I, List<O>> getList(
      String id, String version, Class<I> inputType, Class<O> elementType) {
    Objects.requireNonNull(elementType, "elementType cannot be null");
    return builder(id, version, inputType).returningList(elementType).build();
  }

  private <I> PromptTemplate.Builder<I, String> builder(
      String id, String version, Class<I> inputType) {
    Objects.requireNonNull(inputType, "inputType cannot be null");
    Objects.requireNonNull(version, "version cannot be null");
    String path = versionsOf(id).get(version);
    if (path == null) {
      throw new TemplateException(
          id,
          null,
          "Template '"
              + id
              + "' has no version "
              + version
              + " under classpath:"
              + location
              + "/"
              + id
              + "/; versions found: "
              + String.join(", ", versionsOf(id).keySet()));
    }
    return PromptTemplate.fromClasspath(path, inputType, classLoader);
  }

  private TreeMap<String, String> versionsOf(String id) {
    Objects.requireNonNull(id, "id cannot be null");
    TreeMap<String, String> versions = paths.get(id);
    if (versions == null) {
      throw new TemplateException(
          id,
          null,
          "No template '"
              + id
              + "' under classpath:"
              + location
              + "/ (expected a file "
              + location
              + "/"
              + id
              + "/v1.txt); templates found: "
              + (paths.isEmpty() ? "none" : String.join(", ", paths.keySet())));
    }
    return versions;
  }

  @Override
  public String toString() {
    List<String> all = new ArrayList<>();
    paths.forEach((id, versions) -> all.add(id + " " + versions.keySet()));
    return "PromptTemplates[classpath:" + location + "/: " + String.join(", ", all) + "]";
  }

  private static String trimSlashes(String location) {
    String s = location.strip();
    if (s.startsWith("classpath:")) {
      s = s.substring("classpath:".length());
    }
    while (s.startsWith("/")) {
      s = s.substring(1);
    }
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static int compareVersions(String a, String b) {
    String[] x = a.split("[._-]");
    String[] y = b.split("[._-]");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = compareSegments(x[i], y[i]);
      if (c != 0) {
        return c;
      }
    }
    int c = Integer.compare(x.length, y.length);
    return c != 0 ? c : a.compareTo(b);
  }

  private static int compareSegments(String a, String b) {
    boolean an = a.chars().allMatch(Character::isDigit) && !a.isEmpty();
    boolean bn = b.chars().allMatch(Character::isDigit) && !b.isEmpty();
    if (an && bn) {
      String ta = a.replaceFirst("^0+(?=.)", "");
      String tb = b.replaceFirst("^0+(?=.)", "");
      int c = Integer.compare(ta.length(), tb.length());
      return c != 0 ? c : ta.compareTo(tb);
    }
    if (an != bn) {
      return an ? -1 : 1;
    }
    return a.compareTo(b);
  }
}
