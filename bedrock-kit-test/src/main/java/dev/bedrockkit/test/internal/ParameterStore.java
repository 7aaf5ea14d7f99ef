package dev.bedrockkit.test.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * SSM Parameter Store contents: every version of every parameter, one store for all regions.
 * Thread-safe (synchronized).
 */
public final class ParameterStore {
  private final Clock clock;
  private final List<Version> baseline;
  private final NavigableMap<String, List<Version>> parameters = new TreeMap<>();

  /**
   * Creates a store.
   *
   * @param clock clock for modification dates
   * @param baseline parameters that {@link #reset()} restores (version 1 each)
   */
  public ParameterStore(Clock clock, List<Version> baseline) {
    this.clock = clock;
    this.baseline = List.copyOf(baseline);
    reset();
  }

  /** Restores the baseline. */
  public synchronized void reset() {
    parameters.clear();
    for (Version v : baseline) {
      parameters.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(v);
    }
  }

  /**
   * Writes a parameter.
   *
   * @param name name
   * @param type {@code String}, {@code StringList} or {@code SecureString}; null keeps the current
   *     type (or {@code String} for a new parameter)
   * @param value value
   * @param overwrite whether an existing parameter may be replaced
   * @return the new version, or -1 when it exists and {@code overwrite} is false
   */
  public synchronized long put(String name, String type, String value, boolean overwrite) {
    List<Version> versions = parameters.get(name);
    if (versions != null && !overwrite) {
      return -1;
    }
    if (versions == null) {
      versions = new ArrayList<>();
      parameters.put(name, versions);
    }
    String effectiveType = type != null ? type : versions.isEmpty() ? "String" : versions.get(versions.size() - 1).type();
    long version = versions.size() + 1L;
    versions.add(new Version(name, effectiveType, value, version, clock.instant()));
    return version;
  }

  /**
   * Deletes a parameter with all its versions.
   *
   * @param name name
   * @return whether it existed
   */
  public synchronized boolean delete(String name) {
    return parameters.remove(name) != null;
  }

  /**
   * Returns the latest version, or a given version.
   *
   * @param name name
   * @param version version, or 0 for the latest
   * @return the version, or null
   */
  public synchronized Version get(String name, long version) {
    List<Version> versions = parameters.get(name);
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    if (version == 0) {
      return versions.get(versions.size() - 1);
    }
    return version <= versions.size() ? versions.get((int) version - 1) : null;
  }

  /** @return whether a parameter exists */
  synchronized boolean exists(String name) {
    return parameters.containsKey(name);
  }

  /**
   * Returns the latest versions of the parameters under a path, sorted by name.
   *
   * @param path a path ending with {@code /}
   * @param recursive whether deeper levels are included
   * @return the versions
   */
  public synchronized List<Version> under(String path, boolean recursive) {
    List<Version> out = new ArrayList<>();
    for (Map.Entry<String, List<Version>> e : parameters.tailMap(path, true).entrySet()) {
      String name = e.getKey();
      if (!name.startsWith(path)) {
        break;
      }
      if (!recursive && name.indexOf('/', path.length()) >= 0) {
        continue;
      }
      out.add(e.getValue().get(e.getValue().size() - 1));
    }
    return out;
  }

  /**
   * One stored version.
   *
   * @param name name
   * @param type type
   * @param value value
   * @param version version number, from 1
   * @param lastModified when it was written
   */
  public record Version(String name, String type, String value, long version, Instant lastModified) {}
}
