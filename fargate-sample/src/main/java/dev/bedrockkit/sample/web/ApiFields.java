package dev.bedrockkit.sample.web;

/**
 * Translates bedrock-kit's request field names ({@code inferenceConfig.maxTokens}) to this API's
 * ({@code maxTokens}), so a 400 names what the caller sent. Messages are checked by this service
 * before the kit sees them, so their names need no translation.
 */
final class ApiFields {
  private static final String INFERENCE = "inferenceConfig.";

  private ApiFields() {}

  /** The API field for a kit field; other names pass through. */
  static String fromKit(String kitField) {
    if (kitField == null) {
      return "request";
    }
    return kitField.startsWith(INFERENCE) ? kitField.substring(INFERENCE.length()) : kitField;
  }
}
