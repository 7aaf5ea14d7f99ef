package dev.bedrockkit.test.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An AWS error response: HTTP status, error type and message, plus optional extra body fields.
 * Thrown inside the emulator to answer a request with an error; immutable.
 */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String messageField;
  private final transient ObjectNode extra;

  /**
   * Creates an error.
   *
   * @param status HTTP status
   * @param type error type, e.g. {@code ValidationException}
   * @param messageField the JSON member that carries the message ({@code message} or {@code
   *     Message}), or null to send no message
   * @param message the message text
   * @param extra extra body members, or null
   */
  public ApiError(int status, String type, String messageField, String message, ObjectNode extra) {
    super(message, null, false, false);
    this.status = status;
    this.type = type;
    this.messageField = messageField;
    this.extra = extra;
  }

  /**
   * A Bedrock error with a {@code message} member.
   *
   * @param status HTTP status
   * @param type error type
   * @param message message
   * @return the error
   */
  public static ApiError bedrock(int status, String type, String message) {
    return new ApiError(status, type, "message", message, null);
  }

  /**
   * A Bedrock ValidationException (400).
   *
   * @param message message
   * @return the error
   */
  public static ApiError validation(String message) {
    return bedrock(400, "ValidationException", message);
  }

  /** @return the HTTP status */
  public int status() {
    return status;
  }

  /** @return the error type */
  public String type() {
    return type;
  }

  /** @return the JSON member for the message, or null */
  public String messageField() {
    return messageField;
  }

  /** @return extra body members, or null */
  public ObjectNode extra() {
    return extra;
  }
}
