package dev.bedrockkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes a record or one of its components to the model. bedrock-kit copies the text into the
 * {@code description} of the JSON schema it derives for structured output, so the model knows what
 * a field means, its unit, or how to fill it.
 *
 * <pre>{@code
 * record Answer(
 *     @Description("One paragraph, plain text, no markdown") String summary,
 *     @Description("How soon a human must look at it") Priority priority) {}
 * }</pre>
 *
 * <p>An annotation; immutable and safe to share between threads.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.TYPE})
public @interface Description {
  /** The description, written for the model: what the field holds and how to fill it. */
  String value();
}
