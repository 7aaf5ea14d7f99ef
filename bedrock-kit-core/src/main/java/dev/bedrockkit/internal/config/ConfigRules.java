package dev.bedrockkit.internal.config;

import dev.bedrockkit.ModelRef;
import dev.bedrockkit.ModelTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks shared by the JSON parser and the records' constructors, so a document and code
 * configuration are held to the same rules and the same messages. Each check records problems at
 * the path it is given.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ConfigRules {
  private static final Pattern CHAIN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private ConfigRules() {}

  /** Joins a prefix and a field into a path: {@code ("", "maxTokens")} gives {@code maxTokens}. */
  public static String path(String prefix, String field) {
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  /**
   * Regions of one target: well-formed, unique, and for an ARN equal to the ARN's Region (an ARN
   * can only be called where it lives).
   */
  public static void checkRegions(
      ModelRef model, List<String> regions, String path, Problems problems) {
    for (int i = 0; i < regions.size(); i++) {
      String region = regions.get(i);
      String at = path + "[" + i + "]";
      if (region == null) {
        problems.add(at, "must not be null");
      } else if (!AwsRegions.isValid(region)) {
        problems.add(at, AwsRegions.invalidMessage(region));
      } else if (regions.subList(0, i).contains(region)) {
        problems.add(at, "'" + region + "' is listed twice");
      } else if (model != null
          && model.arnRegion().isPresent()
          && !model.arnRegion().get().equals(region)) {
        problems.add(
            at,
            "'"
                + region
                + "' is not the Region of the model ARN ("
                + model.arnRegion().get()
                + "): an ARN is called in its own Region; leave regions empty or list "
                + model.arnRegion().get());
      }
    }
  }

  public static void checkMaxTokens(Integer maxTokens, String path, Problems problems) {
    if (maxTokens != null && maxTokens <= 0) {
      problems.add(path, "must be greater than 0, found " + maxTokens);
    }
  }

  /** temperature and topP: between 0 and 1 inclusive. */
  public static void checkUnitInterval(Double value, String path, Problems problems) {
    if (value != null && !(value >= 0.0 && value <= 1.0)) {
      problems.add(path, "must be between 0 and 1, found " + value);
    }
  }

  public static void checkStopSequences(List<String> stopSequences, String path, Problems problems) {
    for (int i = 0; i < stopSequences.size(); i++) {
      String stop = stopSequences.get(i);
      if (stop == null) {
        problems.add(path + "[" + i + "]", "must not be null");
      } else if (stop.isEmpty()) {
        problems.add(path + "[" + i + "]", "must not be empty");
      }
    }
  }

  public static void checkDegradedMessage(String degradedMessage, String path, Problems problems) {
    if (degradedMessage != null && degradedMessage.isBlank()) {
      problems.add(
          path, "must not be blank: leave it out to fail without a degraded answer instead");
    }
  }

  /** Whether {@code name} is a valid chain name; {@link #chainNameMessage} says why not. */
  public static boolean isValidChainName(String name) {
    return name != null && CHAIN_NAME.matcher(name).matches();
  }

  public static String chainNameMessage(String name) {
    return "chain name '"
        + name
        + "' is invalid: use 1 to 64 letters, digits, '-' or '_', e.g. \"default\"";
  }

  /** The message for a model listed twice in the chain at {@code chainPath}. */
  public static String duplicateMessage(String modelId, String chainPath, int firstIndex) {
    return "'"
        + modelId
        + "' is already at "
        + chainPath
        + "["
        + firstIndex
        + "]: list a model once per chain and give it several regions instead";
  }

  /** The chains as a whole: at least one, valid names, none empty, no model twice in a chain. */
  public static void checkChains(Map<String, List<ModelTarget>> chains, Problems problems) {
    if (chains.isEmpty()) {
      problems.add("chains", "must define at least one chain, e.g. \"default\"");
      return;
    }
    for (Map.Entry<String, List<ModelTarget>> chain : chains.entrySet()) {
      String name = chain.getKey();
      if (!isValidChainName(name)) {
        problems.add("chains", chainNameMessage(name));
        continue;
      }
      String chainPath = "chains." + name;
      List<ModelTarget> targets = chain.getValue();
      if (targets == null || targets.isEmpty()) {
        problems.add(chainPath, "must list at least one model");
        continue;
      }
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < targets.size(); i++) {
        ModelTarget target = targets.get(i);
        if (target == null) {
          problems.add(chainPath + "[" + i + "]", "must not be null");
          continue;
        }
        Integer first = seen.putIfAbsent(target.modelId(), i);
        if (first != null) {
          problems.add(
              chainPath + "[" + i + "].modelId", duplicateMessage(target.modelId(), chainPath, first));
        }
      }
    }
  }
}
