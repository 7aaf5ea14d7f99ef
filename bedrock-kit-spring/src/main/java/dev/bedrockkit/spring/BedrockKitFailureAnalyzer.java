package dev.bedrockkit.spring;

import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.TemplateException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up failure caused by bedrock-kit settings: an invalid {@code bedrock-kit.*}
 * property (named, with the value found and the values allowed), an invalid model configuration
 * (core's {@link ConfigurationException}, whose path is translated to the property name where one
 * exists), or a malformed prompt template file. Registered in {@code META-INF/spring.factories}.
 *
 * <p>Stateless and thread-safe.
 */
final class BedrockKitFailureAnalyzer implements FailureAnalyzer {

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    InvalidPropertyException invalid = find(failure, InvalidPropertyException.class);
    if (invalid != null) {
      return new FailureAnalysis(describe(invalid), invalid.action(), invalid);
    }
    TemplateException template = find(failure, TemplateException.class);
    if (template != null) {
      return new FailureAnalysis(
          "A bedrock-kit prompt template is invalid: " + template.getMessage(),
          "Fix the template file under src/main/resources/"
              + "(by default prompts/<id>/v<version>.txt), or the record it is declared with.",
          template);
    }
    ConfigurationException config = find(failure, ConfigurationException.class);
    if (config != null) {
      String path = config.path() == null ? "" : config.path();
      String property = path.isEmpty() ? Settings.P : Settings.configProperty(path, false);
      return new FailureAnalysis(
          "The bedrock-kit configuration is invalid"
              + (path.isEmpty() ? "" : " at '" + path + "'")
              + ": "
              + config.getMessage(),
          path.isEmpty() || "client".equals(path) || "modelConfig".equals(path)
              ? actionFor(path)
              : "Update " + property + " (or the same setting in the Parameter Store document): "
                  + Settings.hintFor(path),
          config);
    }
    return null;
  }

  private static String describe(InvalidPropertyException e) {
    Object value = e.value();
    return "Invalid bedrock-kit configuration:\n\n    Property: "
        + e.property()
        + "\n    Value:    "
        + (value == null ? "(none)" : "\"" + Settings.text(value) + "\"")
        + "\n    Reason:   "
        + e.reason();
  }

  private static String actionFor(String path) {
    switch (path) {
      case "client":
        return "Keep BedrockKitClientsAutoConfiguration enabled, or define a BedrockRuntimeClient"
            + " or BedrockRuntimeAsyncClient bean.";
      case "modelConfig":
        return "Set bedrock-kit.models, bedrock-kit.chains or bedrock-kit.config.parameter-name.";
      default:
        return "Check the bedrock-kit properties and the BedrockKitBuilderCustomizer beans.";
    }
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable t = failure;
    int depth = 0;
    while (t != null && depth++ < 64) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
      t = t.getCause();
    }
    return null;
  }
}
