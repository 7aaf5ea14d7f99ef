package dev.bedrockkit.sample.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The problem types this service answers with (RFC 9457 {@code type}), each with its status and
 * title. The type URIs point at the table in the module README that says what to do about each.
 */
public enum ProblemType {
  INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "Invalid request"),
  RATE_LIMITED("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  /**
   * 429, not 402: the caller's feature spent its quota for the period (a quota is what 429
   * means, with standard client back-off), while 402 is reserved and the caller is not the payer.
   */
  BUDGET_EXHAUSTED("budget-exhausted", HttpStatus.TOO_MANY_REQUESTS, "Budget exhausted"),
  CONVERSATION_TOO_LONG(
      "conversation-too-long", HttpStatus.CONTENT_TOO_LARGE, "Conversation too long"),
  MODELS_UNAVAILABLE("models-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "No model could answer"),
  ASSISTANT_DISABLED(
      "assistant-disabled", HttpStatus.SERVICE_UNAVAILABLE, "Assistant switched off"),
  INVALID_MODEL_OUTPUT(
      "invalid-model-output", HttpStatus.BAD_GATEWAY, "The model's answer was not valid"),
  SHUTTING_DOWN("shutting-down", HttpStatus.SERVICE_UNAVAILABLE, "Service shutting down"),
  STREAM_TIMEOUT("stream-timeout", HttpStatus.GATEWAY_TIMEOUT, "Stream open too long"),
  INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

  /** Where the problem types are documented; the slug is the anchor. */
  public static final String BASE =
      "https://github.com/bedrock-kit/bedrock-kit/blob/main/fargate-sample/README.md#problem-";

  private final String slug;
  private final HttpStatus status;
  private final String title;

  ProblemType(String slug, HttpStatus status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  /** The short name, e.g. {@code rate-limited}. */
  public String slug() {
    return slug;
  }

  /** The HTTP status. */
  public HttpStatus status() {
    return status;
  }

  /** The title. */
  public String title() {
    return title;
  }

  /** The {@code type} URI. */
  public URI uri() {
    return URI.create(BASE + slug);
  }
}
