package dev.bedrockkit.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelRef;
import dev.bedrockkit.ModelTarget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The strict reader of the model configuration document (see {@link ModelConfig#fromJson}).
 *
 * <p>Every problem is collected with its path before anything is built, so one rejection lists all
 * of them. Messages never quote the document's text (it may be a SecureString): only field names,
 * model IDs, Region codes and numbers.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class ModelConfigParser {
  /**
   * Largest document accepted, in UTF-8 bytes. Parameter Store holds at most 4 KB (standard) or 8
   * KB (advanced tier); anything far beyond that did not come from there.
   */
  public static final int MAX_DOCUMENT_BYTES = 64 * 1024;

  /** Deepest nesting accepted; a valid document nests 4 levels. */
  public static final int MAX_NESTING_DEPTH = 16;

  static final List<String> TOP_LEVEL_FIELDS = List.of("enabled", "chains", "degradedMessage");
  static final List<String> MODEL_FIELDS =
      List.of(
          "modelId", "regions", "maxTokens", "temperature", "topP", "stopSequences", "enabled");

  private static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final String SOURCE_REDACTED =
      "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); ";
  private static final Pattern UNEXPECTED_CHARACTER =
      Pattern.compile("\\('.+?' \\(code (\\d+)\\)\\)");
  private static final Pattern QUOTED = Pattern.compile("'([^']*)'|\"([^\"]*)\"");

  private ModelConfigParser() {}

  /**
   * Parses and validates a document.
   *
   * @throws ConfigurationException describing every problem found
   */
  public static ModelConfig parse(String json, String version) {
    Objects.requireNonNull(version, "version cannot be null");
    if (json == null || json.isBlank()) {
      throw new ConfigurationException(
          "",
          "the document is empty: expected a JSON object such as"
              + " {\"chains\": {\"default\": [{\"modelId\": \""
              + ModelIds.EXAMPLE
              + "\"}]}}");
    }
    int bytes = json.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_DOCUMENT_BYTES) {
      throw new ConfigurationException(
          "",
          "the document is "
              + bytes
              + " bytes, more than the limit of "
              + MAX_DOCUMENT_BYTES
              + " (a Parameter Store parameter holds at most 4 KB, or 8 KB in the advanced tier)");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw malformed(e);
    }
    if (!root.isObject()) {
      throw new ConfigurationException(
          "", "expected a JSON object at the top level, found " + describe(root));
    }
    Problems problems = new Problems();
    checkFields(root, "", TOP_LEVEL_FIELDS, "the top-level fields", problems);
    boolean enabled = readBoolean(root, "enabled", "enabled", problems);
    String degradedMessage = readString(root, "degradedMessage", "degradedMessage", problems);
    ConfigRules.checkDegradedMessage(degradedMessage, "degradedMessage", problems);
    Map<String, List<ModelTarget>> chains = readChains(root.get("chains"), problems);
    problems.throwIfAny();
    return new ModelConfig(enabled, chains, degradedMessage, version);
  }

  private static Map<String, List<ModelTarget>> readChains(JsonNode node, Problems problems) {
    Map<String, List<ModelTarget>> chains = new LinkedHashMap<>();
    if (node == null) {
      problems.add(
          "chains",
          "is required: define at least one chain, e.g. \"chains\": {\"default\": [{\"modelId\":"
              + " \""
              + ModelIds.EXAMPLE
              + "\"}]}");
      return chains;
    }
    if (!node.isObject()) {
      problems.add(
          "chains", "expected an object of named chains, found " + describe(node));
      return chains;
    }
    if (node.isEmpty()) {
      problems.add("chains", "must define at least one chain, e.g. \"default\"");
      return chains;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String name = field.getKey();
      if (!ConfigRules.isValidChainName(name)) {
        problems.add("chains", ConfigRules.chainNameMessage(name));
        continue;
      }
      chains.put(name, readChain("chains." + name, field.getValue(), problems));
    }
    return chains;
  }

  private static List<ModelTarget> readChain(String path, JsonNode node, Problems problems) {
    List<ModelTarget> targets = new ArrayList<>();
    if (!node.isArray()) {
      problems.add(path, "expected an array of models, found " + describe(node));
      return targets;
    }
    if (node.isEmpty()) {
      problems.add(path, "must list at least one model");
      return targets;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < node.size(); i++) {
      String at = path + "[" + i + "]";
      JsonNode element = node.get(i);
      if (!element.isObject()) {
        problems.add(at, "expected an object with a modelId, found " + describe(element));
        continue;
      }
      JsonNode modelId = element.get("modelId");
      if (modelId != null && modelId.isTextual()) {
        Integer first = seen.putIfAbsent(modelId.textValue(), i);
        if (first != null) {
          problems.add(
              at + ".modelId", ConfigRules.duplicateMessage(modelId.textValue(), path, first));
        }
      }
      ModelTarget target = readTarget(at, element, problems);
      if (target != null) {
        targets.add(target);
      }
    }
    return targets;
  }

  private static ModelTarget readTarget(String path, JsonNode node, Problems problems) {
    int before = problems.size();
    checkFields(node, path, MODEL_FIELDS, "the fields of a model", problems);
    ModelRef model = null;
    JsonNode id = node.get("modelId");
    String idPath = path + ".modelId";
    if (id == null) {
      problems.add(
          idPath, "is required: name a pinned model such as '" + ModelIds.EXAMPLE + "'");
    } else if (!id.isTextual()) {
      problems.add(idPath, "expected a string, found " + describe(id));
    } else {
      try {
        model = ModelRef.requirePinned(id.textValue(), idPath);
      } catch (ConfigurationException e) {
        problems.add(e);
      }
    }
    List<String> regions = readStrings(node, "regions", path + ".regions", problems);
    ConfigRules.checkRegions(model, regions, path + ".regions", problems);
    Integer maxTokens = readInteger(node, "maxTokens", path + ".maxTokens", problems);
    ConfigRules.checkMaxTokens(maxTokens, path + ".maxTokens", problems);
    Double temperature = readNumber(node, "temperature", path + ".temperature", problems);
    ConfigRules.checkUnitInterval(temperature, path + ".temperature", problems);
    Double topP = readNumber(node, "topP", path + ".topP", problems);
    ConfigRules.checkUnitInterval(topP, path + ".topP", problems);
    List<String> stopSequences =
        readStrings(node, "stopSequences", path + ".stopSequences", problems);
    ConfigRules.checkStopSequences(stopSequences, path + ".stopSequences", problems);
    boolean enabled = readBoolean(node, "enabled", path + ".enabled", problems);
    if (problems.size() > before) {
      return null;
    }
    return new ModelTarget(model, regions, maxTokens, temperature, topP, stopSequences, enabled);
  }

  private static void checkFields(
      JsonNode object, String path, List<String> allowed, String what, Problems problems) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (allowed.contains(name)) {
        continue;
      }
      String hint = "";
      for (String known : allowed) {
        if (known.equalsIgnoreCase(name)) {
          hint = " (did you mean '" + known + "'?)";
        }
      }
      problems.add(
          ConfigRules.path(path, name),
          "unknown field" + hint + ": " + what + " are " + String.join(", ", allowed));
    }
  }

  /** A boolean field; absent or null means {@code true}. */
  private static boolean readBoolean(JsonNode object, String field, String path, Problems problems) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return true;
    }
    if (!node.isBoolean()) {
      problems.add(path, "expected true or false, found " + describe(node));
      return true;
    }
    return node.booleanValue();
  }

  private static String readString(JsonNode object, String field, String path, Problems problems) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(path, "expected a string, found " + describe(node));
      return null;
    }
    return node.textValue();
  }

  private static Integer readInteger(
      JsonNode object, String field, String path, Problems problems) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      problems.add(path, "expected a whole number, found " + describe(node));
      return null;
    }
    if (!node.isIntegralNumber()) {
      problems.add(path, "expected a whole number, found " + node.asText());
      return null;
    }
    if (!node.canConvertToInt()) {
      problems.add(path, "must be at most " + Integer.MAX_VALUE + ", found " + node.asText());
      return null;
    }
    return node.intValue();
  }

  private static Double readNumber(JsonNode object, String field, String path, Problems problems) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isNumber()) {
      problems.add(path, "expected a number, found " + describe(node));
      return null;
    }
    return node.doubleValue();
  }

  /** An array of strings; absent or null means empty. */
  private static List<String> readStrings(
      JsonNode object, String field, String path, Problems problems) {
    JsonNode node = object.get(field);
    List<String> values = new ArrayList<>();
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isArray()) {
      problems.add(path, "expected an array of strings, found " + describe(node));
      return values;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode element = node.get(i);
      if (!element.isTextual()) {
        problems.add(path + "[" + i + "]", "expected a string, found " + describe(element));
      } else {
        values.add(element.textValue());
      }
    }
    return values;
  }

  /** The kind of a JSON value, never its content: "an array", "a string", "null", ... */
  static String describe(JsonNode node) {
    switch (node.getNodeType()) {
      case OBJECT:
        return "an object";
      case ARRAY:
        return "an array";
      case STRING:
        return "a string";
      case NUMBER:
        return "a number";
      case BOOLEAN:
        return "a boolean";
      case NULL:
        return "null";
      default:
        return "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static ConfigurationException malformed(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    String where =
        location == null || location.getLineNr() < 0
            ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    String reason;
    if (e instanceof StreamConstraintsException) {
      reason = constraint(e.getOriginalMessage());
    } else {
      reason = redact(e.getOriginalMessage());
    }
    // The parser's exception is not kept as the cause: its message can quote the document.
    return new ConfigurationException("", "malformed JSON" + where + ": " + reason);
  }

  /** Which of the parser's limits a document broke (Jackson names the limit's getter). */
  static String constraint(String message) {
    String m = message == null ? "" : message;
    if (m.contains("MaxNestingDepth")) {
      return "nested more than " + MAX_NESTING_DEPTH + " levels deep";
    }
    if (m.contains("MaxNumberLength")) {
      return "a number longer than "
          + StreamReadConstraints.DEFAULT_MAX_NUM_LEN
          + " characters; model settings are small numbers";
    }
    if (m.contains("MaxNameLength")) {
      return "a field name longer than the parser allows";
    }
    if (m.contains("MaxStringLength")) {
      return "a string longer than the parser allows";
    }
    return "beyond a limit of the JSON parser";
  }

  /**
   * Jackson's reason without any text it quotes from the document (a SecureString may hold
   * secrets); field names of duplicates are kept, they are not secret and they say what to fix.
   */
  static String redact(String message) {
    if (message == null) {
      return "not valid JSON";
    }
    String line = message.lines().findFirst().orElse("not valid JSON");
    if (line.startsWith("Trailing token")) {
      return "more content after the end of the top-level object";
    }
    if (line.startsWith("Duplicate field ")) {
      return "duplicate field " + line.substring("Duplicate field ".length());
    }
    line = line.replace(SOURCE_REDACTED, "[");
    line = UNEXPECTED_CHARACTER.matcher(line).replaceAll("(character code $1)");
    Matcher quoted = QUOTED.matcher(line);
    StringBuilder text = new StringBuilder();
    while (quoted.find()) {
      String content = quoted.group(1) != null ? quoted.group(1) : quoted.group(2);
      boolean keyword = content.equals("null") || content.equals("true") || content.equals("false");
      quoted.appendReplacement(text, keyword ? "'" + content + "'" : "'…'");
    }
    quoted.appendTail(text);
    return text.toString();
  }
}
