package dev.bedrockkit;

/**
 * Root of every exception bedrock-kit throws. The hierarchy is sealed, so callers can
 * {@code switch} over it exhaustively; an AWS SDK exception behind a failure is kept as the cause.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public abstract sealed class BedrockKitException extends RuntimeException
    permits ThrottledException,
        ModelUnavailableException,
        ContextWindowExceededException,
        InvalidRequestException,
        TemplateException,
        StructuredOutputException,
        CircuitOpenException,
        AllModelsFailedException,
        KillSwitchEngagedException,
        BudgetExceededException,
        ConfigurationException {

  private static final long serialVersionUID = 1L;

  BedrockKitException(String message, Throwable cause) {
    super(message, cause);
  }
}
