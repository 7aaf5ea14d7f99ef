package dev.bedrockkit.test;

/**
 * The API operations the emulator answers, with their wire names.
 *
 * <p>Bedrock Runtime operations are routed by path ({@code POST /model/{modelId}/converse} ...),
 * SSM operations by the {@code X-Amz-Target: AmazonSSM.<name>} header. Thread-safe (an enum).
 */
public enum Operation {
  /** {@code POST /model/{modelId}/converse}. */
  CONVERSE("Converse", true, false),
  /** {@code POST /model/{modelId}/converse-stream}. */
  CONVERSE_STREAM("ConverseStream", true, true),
  /** {@code POST /model/{modelId}/invoke}. */
  INVOKE_MODEL("InvokeModel", true, false),
  /** {@code POST /model/{modelId}/invoke-with-response-stream}. */
  INVOKE_MODEL_WITH_RESPONSE_STREAM("InvokeModelWithResponseStream", true, true),
  /** SSM {@code AmazonSSM.GetParameter}. */
  GET_PARAMETER("GetParameter", false, false),
  /** SSM {@code AmazonSSM.GetParameters}. */
  GET_PARAMETERS("GetParameters", false, false),
  /** SSM {@code AmazonSSM.GetParametersByPath}. */
  GET_PARAMETERS_BY_PATH("GetParametersByPath", false, false),
  /** SSM {@code AmazonSSM.PutParameter}. */
  PUT_PARAMETER("PutParameter", false, false),
  /** SSM {@code AmazonSSM.DeleteParameter}. */
  DELETE_PARAMETER("DeleteParameter", false, false),
  /** Anything else; answered with an {@code UnknownOperationException}. */
  UNKNOWN("Unknown", false, false);

  private final String wireName;
  private final boolean bedrock;
  private final boolean streaming;

  Operation(String wireName, boolean bedrock, boolean streaming) {
    this.wireName = wireName;
    this.bedrock = bedrock;
    this.streaming = streaming;
  }

  /**
   * Returns the operation name as AWS spells it, e.g. {@code ConverseStream}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns whether this is a Bedrock Runtime operation.
   *
   * @return true for the four Bedrock Runtime operations
   */
  public boolean isBedrock() {
    return bedrock;
  }

  /**
   * Returns whether this is an SSM operation.
   *
   * @return true for the SSM operations
   */
  public boolean isSsm() {
    return !bedrock && this != UNKNOWN;
  }

  /**
   * Returns whether the response is an event stream.
   *
   * @return true for ConverseStream and InvokeModelWithResponseStream
   */
  public boolean isStreaming() {
    return streaming;
  }

  /**
   * Returns the SSM operation for an {@code X-Amz-Target} operation name.
   *
   * @param name the name after {@code AmazonSSM.}
   * @return the operation, or {@link #UNKNOWN}
   */
  public static Operation ssm(String name) {
    for (Operation op : values()) {
      if (op.isSsm() && op.wireName.equals(name)) {
        return op;
      }
    }
    return UNKNOWN;
  }
}
