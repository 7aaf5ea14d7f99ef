package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitException;
import dev.bedrockkit.CircuitOpenException;
import dev.bedrockkit.ContextWindowExceededException;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.ModelUnavailableException;
import dev.bedrockkit.ModelUnavailableException.Reason;
import dev.bedrockkit.ThrottledException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Internal: turns classified failures into the public exceptions callers see, with messages
 * that say what happened and what to do. The original exception is kept as the cause.
 */
public final class Failures {
  private Failures() {}

  /**
   * The exception for a failure that ends the request at once: a {@link BedrockKitException}, or,
   * for a failure that is not Bedrock's (a bug, a listener's exception, an {@link Error} such as
   * {@code OutOfMemoryError} or a listener's {@code AssertionError}), that throwable itself.
   */
  public static Throwable toPublic(Failure f, Target target) {
    Throwable cause = f.cause();
    if (cause instanceof BedrockKitException bke) {
      return bke;
    }
    if (f.outcome() == Outcome.FAILED
        && !(cause instanceof AwsServiceException)
        && (cause instanceof RuntimeException || cause instanceof Error)) {
      // Not a Bedrock failure: never disguise it as one.
      return cause;
    }
    return toPublic(f, target.modelId(), target.region());
  }

  private static BedrockKitException toPublic(Failure f, String model, String region) {
    Throwable cause = f.cause();
    String where = (model == null ? "the model" : "model " + model)
        + (region == null ? "" : " in " + region);
    String aws = awsMessage(cause);
    return switch (f.outcome()) {
      case THROTTLED -> new ThrottledException(model, region,
          where + " is throttled (" + f.errorType() + ")" + aws
              + ". Request a quota increase, add a region or model to the chain, or slow down.",
          cause);
      case CIRCUIT_OPEN -> new CircuitOpenException(model, region,
          "The circuit of " + where + " is open after repeated failures; it will let a probe"
              + " through after its open delay.");
      case NOT_READY -> unavailable(model, region, Reason.NOT_READY, where + " is not ready yet"
          + aws + ". Retry later.", cause);
      case TIMEOUT -> unavailable(model, region, Reason.TIMEOUT, where + " timed out ("
          + f.errorType() + ")" + aws + ". Raise attemptTimeout or the deadline, or ask for"
          + " fewer tokens.", cause);
      case STREAM_ERROR -> unavailable(model, region, Reason.STREAM_ERROR, "The stream of "
          + where + " broke (" + f.errorType() + ")" + aws + ".", cause);
      case CONNECTION_ERROR -> unavailable(model, region, Reason.CONNECTION, "Could not reach "
          + where + " (" + f.errorType() + "): check the network path to Bedrock (VPC endpoint,"
          + " NAT) and the endpoint.", cause);
      case SERVER_ERROR -> unavailable(model, region, Reason.SERVER_ERROR, where
          + " failed on the server side (" + f.errorType() + ")" + aws + ".", cause);
      case ACCESS_DENIED -> unavailable(model, region, Reason.ACCESS_DENIED, "Access to "
          + where + " is denied" + aws + ". Enable the model for this account and region"
          + " (Bedrock console, Model access) and allow bedrock:InvokeModel on its ARN.", cause);
      case NOT_FOUND -> unavailable(model, region, Reason.NOT_FOUND, where
          + " was not found or reached end of life" + aws + ". Pin a current model version in"
          + " the chain.", cause);
      case BULKHEAD_FULL -> unavailable(model, region, Reason.BULKHEAD_FULL, "Too many calls to "
          + where + " are in flight; raise maxConcurrentCallsPerModel or add a model.", cause);
      case DISABLED -> unavailable(model, region, Reason.DISABLED, where
          + " is disabled in the model configuration.", cause);
      case CONTEXT_WINDOW_EXCEEDED -> new ContextWindowExceededException(model, -1, -1,
          "The input is too long for " + where + aws + ". Shorten the conversation or use a"
              + " model with a larger context window.", cause);
      case INVALID_REQUEST -> new InvalidRequestException(fieldOf(cause),
          "Bedrock rejected the request to " + where + aws + ".", cause);
      case FAILED, SUCCESS -> new InvalidRequestException("request",
          "Bedrock rejected the request to " + where + " (" + f.errorType() + ")" + aws + ".",
          cause);
    };
  }

  /** The failure of a request whose deadline passed. */
  public static AttemptFailure deadline(RequestContext ctx) {
    return new AttemptFailure(
        Outcome.TIMEOUT,
        "DeadlineExceeded",
        "the request's deadline passed after " + ctx.elapsed().toMillis() + " ms;"
            + " raise CallPolicy.deadline or ChatRequest.deadline",
        null);
  }

  private static ModelUnavailableException unavailable(
      String model, String region, Reason reason, String message, Throwable cause) {
    return new ModelUnavailableException(model, region, reason, message, cause);
  }

  private static String fieldOf(Throwable cause) {
    String m = cause == null || cause.getMessage() == null ? "" : cause.getMessage();
    return m.contains("model identifier") || m.contains("inference profile") ? "modelId" : "request";
  }

  private static String awsMessage(Throwable cause) {
    if (cause instanceof AwsServiceException ase && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().errorMessage() != null) {
      return ": \"" + ase.awsErrorDetails().errorMessage() + "\"";
    }
    return "";
  }
}
