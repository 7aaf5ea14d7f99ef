package dev.bedrockkit.internal;

import dev.bedrockkit.Attempt.Outcome;
import dev.bedrockkit.BedrockKitException;
import dev.bedrockkit.CircuitOpenException;
import dev.bedrockkit.ContextWindowExceededException;
import dev.bedrockkit.InvalidRequestException;
import dev.bedrockkit.ModelUnavailableException;
import dev.bedrockkit.ThrottledException;
import dev.failsafe.BulkheadFullException;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.FailsafeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * Internal: maps whatever an attempt threw (AWS SDK exceptions, Failsafe rejections, timeouts)
 * to an {@link Outcome}, and outcomes to the public exception a caller sees.
 *
 * <p>Context-window messages vary by model (see FACTS.md): "Input is too long for requested
 * model." and "prompt is too long: 200049 tokens > 200000 maximum"; both are matched, on
 * Converse and mid-stream alike.
 */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  /** Removes {@code CompletionException}, {@code ExecutionException} and Failsafe wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException
            || current instanceof ExecutionException
            || (current instanceof FailsafeException && !(current instanceof CircuitBreakerOpenException)
                && !(current instanceof BulkheadFullException)))
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** Classifies one attempt's failure. */
  public static Failure classify(Throwable thrown) {
    Throwable t = unwrap(thrown);
    return new Failure(outcome(t), errorType(t), t);
  }

  private static Outcome outcome(Throwable t) {
    if (t instanceof AttemptFailure af) {
      return af.outcome();
    }
    if (t instanceof CircuitBreakerOpenException || t instanceof CircuitOpenException) {
      return Outcome.CIRCUIT_OPEN;
    }
    if (t instanceof BulkheadFullException) {
      return Outcome.BULKHEAD_FULL;
    }
    if (t instanceof BedrockKitException bke) {
      return outcomeOf(bke);
    }
    if (t instanceof ThrottlingException || t instanceof ServiceQuotaExceededException) {
      return Outcome.THROTTLED;
    }
    if (t instanceof ModelNotReadyException) {
      return Outcome.NOT_READY;
    }
    if (t instanceof ModelTimeoutException
        || t instanceof ApiCallAttemptTimeoutException
        || t instanceof ApiCallTimeoutException
        || t instanceof TimeoutException
        || t instanceof dev.failsafe.TimeoutExceededException
        // The SDK's Apache 5 client (2.57.8) lets a bare CancellationException out when the
        // api-call timeout fires while the call waits for a pooled connection: a timeout too.
        || t instanceof CancellationException) {
      return Outcome.TIMEOUT;
    }
    if (t instanceof ModelStreamErrorException) {
      return Outcome.STREAM_ERROR;
    }
    if (t instanceof InternalServerException
        || t instanceof ServiceUnavailableException
        || t instanceof ModelErrorException) {
      return Outcome.SERVER_ERROR;
    }
    if (t instanceof AccessDeniedException) {
      return Outcome.ACCESS_DENIED;
    }
    if (t instanceof ResourceNotFoundException) {
      return Outcome.NOT_FOUND;
    }
    if (t instanceof ValidationException) {
      return isContextWindowMessage(t.getMessage())
          ? Outcome.CONTEXT_WINDOW_EXCEEDED
          : Outcome.INVALID_REQUEST;
    }
    if (t instanceof AwsServiceException ase) {
      int status = ase.statusCode();
      if (status == 429) {
        return Outcome.THROTTLED;
      }
      if (status >= 500) {
        return Outcome.SERVER_ERROR;
      }
      if (status == 408) {
        return Outcome.TIMEOUT;
      }
      if (status == 403) {
        return Outcome.ACCESS_DENIED;
      }
      return Outcome.FAILED;
    }
    if (t instanceof SdkClientException) {
      return hasCause(t, IOException.class) || hasCause(t, UncheckedIOException.class)
          ? Outcome.CONNECTION_ERROR
          : (hasCause(t, TimeoutException.class) ? Outcome.TIMEOUT : Outcome.CONNECTION_ERROR);
    }
    if (t instanceof IOException || t instanceof UncheckedIOException) {
      return Outcome.CONNECTION_ERROR;
    }
    return Outcome.FAILED;
  }

  private static Outcome outcomeOf(BedrockKitException e) {
    if (e instanceof ThrottledException) {
      return Outcome.THROTTLED;
    }
    if (e instanceof ContextWindowExceededException) {
      return Outcome.CONTEXT_WINDOW_EXCEEDED;
    }
    if (e instanceof InvalidRequestException) {
      return Outcome.INVALID_REQUEST;
    }
    if (e instanceof ModelUnavailableException mue) {
      return switch (mue.reason()) {
        case SERVER_ERROR -> Outcome.SERVER_ERROR;
        case NOT_READY -> Outcome.NOT_READY;
        case TIMEOUT -> Outcome.TIMEOUT;
        case STREAM_ERROR -> Outcome.STREAM_ERROR;
        case CONNECTION -> Outcome.CONNECTION_ERROR;
        case ACCESS_DENIED -> Outcome.ACCESS_DENIED;
        case NOT_FOUND -> Outcome.NOT_FOUND;
        case BULKHEAD_FULL -> Outcome.BULKHEAD_FULL;
        case DISABLED -> Outcome.DISABLED;
      };
    }
    return Outcome.FAILED;
  }

  /** Whether a ValidationException message means the input exceeded the context window. */
  public static boolean isContextWindowMessage(String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("input is too long")
        || m.contains("prompt is too long")
        || m.contains("too many input tokens")
        || m.contains("context window")
        || (m.contains("too long") && m.contains("tokens"));
  }

  private static String errorType(Throwable t) {
    if (t instanceof AttemptFailure af) {
      return af.errorType();
    }
    if (t instanceof AwsServiceException ase
        && ase.awsErrorDetails() != null
        && ase.awsErrorDetails().errorCode() != null) {
      return ase.awsErrorDetails().errorCode();
    }
    return t.getClass().getSimpleName();
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** Whether this outcome is a failure of the service (counts against its circuit breaker). */
  public static boolean countsAgainstCircuit(Outcome outcome) {
    return switch (outcome) {
      case THROTTLED, SERVER_ERROR, NOT_READY, TIMEOUT, STREAM_ERROR, CONNECTION_ERROR -> true;
      default -> false;
    };
  }
}
