package dev.bedrockkit.internal.structured;

import dev.bedrockkit.PromptTemplate;
import java.util.function.Function;

/**
 * Internal: lets the client facade read a template's {@link StructuredOutput} without making it
 * public API ({@link PromptTemplate} registers the accessor when its class initialises, which
 * has happened by the time anyone holds a template).
 */
public final class TemplateOutputs {
  private static volatile Function<PromptTemplate<?, ?>, StructuredOutput<?>> accessor;

  private TemplateOutputs() {}

  /** Called once by {@link PromptTemplate}. */
  public static void register(Function<PromptTemplate<?, ?>, StructuredOutput<?>> access) {
    accessor = access;
  }

  /** How the answer of {@code template} is read. */
  @SuppressWarnings("unchecked") // a PromptTemplate<?, O> always holds a StructuredOutput<O>
  public static <O> StructuredOutput<O> of(PromptTemplate<?, O> template) {
    return (StructuredOutput<O>) accessor.apply(template);
  }
}
