package dev.bedrockkit;

/**
 * A prompt template is wrong: a placeholder with no matching field, a field never used, a null
 * value, or a template file that cannot be read. Names the template and the variable.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class TemplateException extends BedrockKitException {
  private static final long serialVersionUID = 1L;

  private final String templateId;
  private final String variable;

  public TemplateException(String templateId, String variable, String message) {
    this(templateId, variable, message, null);
  }

  public TemplateException(String templateId, String variable, String message, Throwable cause) {
    super(message, cause);
    this.templateId = templateId;
    this.variable = variable;
  }

  /** The template's id. */
  public String templateId() {
    return templateId;
  }

  /** The variable at fault, or {@code null} when the failure is not about one variable. */
  public String variable() {
    return variable;
  }
}
