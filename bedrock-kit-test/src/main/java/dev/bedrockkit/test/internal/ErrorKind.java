package dev.bedrockkit.test.internal;

/**
 * The kinds of injected error and how each looks on the Bedrock and SSM wires. Messages are the
 * ones the real services send where known (see the comments); thread-safe.
 */
public enum ErrorKind {
  // Bedrock messages seen from the real service in public issue reports (e.g. BerriAI/litellm,
  // langchain-ai/langchainjs#2768, aws-samples/foundation-model-benchmarking-tool#247); status
  // codes from botocore bedrock-runtime/2023-09-30/service-2.json error shapes.
  THROTTLING(429, "ThrottlingException", "Too many requests, please wait before trying again."),
  MODEL_NOT_READY(
      429,
      "ModelNotReadyException",
      "Model is not ready to serve inference requests. The AWS SDK will automatically retry the"
          + " operation up to 5 times. For information about configuring automatic retries, see"
          + " Retry behavior in the AWS SDKs and Tools reference guide."),
  SERVICE_UNAVAILABLE(503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
  INTERNAL(
      500,
      "InternalServerException",
      "The system encountered an unexpected error during processing. Try your request again."),
  MODEL_TIMEOUT(
      408,
      "ModelTimeoutException",
      "Model has timed out in processing the request. Try your request again."),
  MODEL_ERROR(424, "ModelErrorException", "The model encountered an error processing the request.");

  private final int status;
  private final String bedrockType;
  private final String message;

  ErrorKind(int status, String bedrockType, String message) {
    this.status = status;
    this.bedrockType = bedrockType;
    this.message = message;
  }

  /** @return the Bedrock error type name */
  public String bedrockType() {
    return bedrockType;
  }

  /** @return the message the service sends */
  public String message() {
    return message;
  }

  /**
   * Returns the Bedrock error.
   *
   * @return the error
   */
  public ApiError bedrock() {
    return ApiError.bedrock(status, bedrockType, message);
  }

  /**
   * Returns the SSM (awsJson1.1) error: throttling is SSM's {@code ThrottlingException} (400,
   * "Rate exceeded"); everything else is the modeled {@code InternalServerError} (500). Shapes from
   * botocore ssm/2014-11-06/service-2.json.
   *
   * @return the error
   */
  public ApiError ssm() {
    if (this == THROTTLING || this == MODEL_NOT_READY) {
      return new ApiError(400, "ThrottlingException", "Message", "Rate exceeded", null);
    }
    return new ApiError(
        500, "InternalServerError", "Message", "An internal error occurred. Try again later.", null);
  }
}
