package dev.bedrockkit.benchmarks.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the form {@code --name value}, checked against the names a harness
 * knows, so a typo fails with the list of valid options instead of being ignored.
 *
 * <p>Not thread-safe; parse once in {@code main}.
 */
public final class Cli {
  private final String usage;
  private final Map<String, String> values = new LinkedHashMap<>();

  private Cli(String usage) {
    this.usage = usage;
  }

  /** Parses {@code args}; every option must be one of {@code known}. */
  public static Cli parse(String[] args, String usage, Set<String> known) {
    Cli cli = new Cli(usage);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        throw new IllegalArgumentException(usage);
      }
      if (!a.startsWith("--") || !known.contains(a.substring(2))) {
        throw new IllegalArgumentException("Unknown option " + a + "\n" + usage);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + a + " needs a value\n" + usage);
      }
      cli.values.put(a.substring(2), args[++i]);
    }
    return cli;
  }

  public String string(String name, String dflt) {
    return values.getOrDefault(name, dflt);
  }

  public int integer(String name, int dflt) {
    String v = values.get(name);
    try {
      return v == null ? dflt : Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v + "'\n" + usage);
    }
  }

  public double decimal(String name, double dflt) {
    String v = values.get(name);
    try {
      return v == null ? dflt : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, not '" + v + "'\n" + usage);
    }
  }

  /** A duration in milliseconds ({@code 1500}) or with a unit ({@code 2s}, {@code 250ms}). */
  public Duration duration(String name, Duration dflt) {
    String v = values.get(name);
    return v == null ? dflt : parseDuration(v, name);
  }

  public List<Integer> integers(String name, List<Integer> dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    List<Integer> out = new ArrayList<>();
    for (String p : v.split(",")) {
      try {
        out.add(Integer.parseInt(p.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--" + name + " must be comma-separated whole numbers, not '" + v + "'");
      }
    }
    return out;
  }

  public List<String> strings(String name, List<String> dflt) {
    String v = values.get(name);
    if (v == null) {
      return dflt;
    }
    List<String> out = new ArrayList<>();
    for (String p : v.split(",")) {
      if (!p.isBlank()) {
        out.add(p.trim());
      }
    }
    return out;
  }

  static Duration parseDuration(String v, String name) {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      }
      if (s.endsWith("s")) {
        return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
      }
      if (s.endsWith("m")) {
        return Duration.ofSeconds((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 60));
      }
      return Duration.ofMillis(Long.parseLong(s));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a duration like 2s or 500ms, not '" + v + "'");
    }
  }
}
