package dev.bedrockkit.examples.shortlist;

/**
 * A command-line mistake: the message names the option, what was found and what to do; the CLI
 * prints it with a pointer to {@code --help} and exits with status 2.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
