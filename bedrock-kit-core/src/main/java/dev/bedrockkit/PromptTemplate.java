package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.structured.StructuredOutput;
import dev.bedrockkit.internal.structured.TemplateOutputs;
import dev.bedrockkit.internal.template.CompiledTemplate;
import dev.bedrockkit.internal.template.TemplateFile;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A versioned prompt whose {@code {{placeholders}}} are filled from a record {@code I}, and whose
 * answer is read as {@code O}: text, a record, or a list of records.
 *
 * <pre>{@code
 * record Question(String customer, String question) {}
 * record Answer(String summary, Priority priority) {}
 *
 * PromptTemplate<Question, Answer> template =
 *     PromptTemplate.builder("support-answer", Question.class)
 *         .version("3")
 *         .system("You help customers of ACME.")
 *         .user("Customer {{customer}} asks: {{question}}")
 *         .returning(Answer.class)
 *         .build();
 * }</pre>
 *
 * <p>Checked when built: every placeholder must name a component of {@code I} (nested with {@code
 * {{customer.name}}}) and every component must be used; a {@code null} value fails at render. Each
 * value is inserted inside {@code <name>...</name>} and cannot close that block (tag look-alikes in
 * values are escaped), unless the placeholder is marked {@link Builder#trusted(String...) trusted}.
 * Templates also load from classpath files, see {@link #fromClasspath(String, Class)}.
 *
 * <p>Immutable; safe to share between threads and render concurrently.
 *
 * @param <I> the input record type
 * @param <O> the output type
 */
public final class PromptTemplate<I, O> {
  static {
    TemplateOutputs.register(t -> t.output);
  }

  private final String id;
  private final String version;
  private final Class<I> inputType;
  private final CompiledTemplate compiled;
  private final StructuredOutput<O> output;

  private PromptTemplate(
      String id,
      String version,
      Class<I> inputType,
      CompiledTemplate compiled,
      StructuredOutput<O> output) {
    this.id = id;
    this.version = version;
    this.inputType = inputType;
    this.compiled = compiled;
    this.output = output;
  }

  /**
   * Starts a template with the given id (used in metrics and cache keys) and input record type. The
   * version defaults to {@code "1"} and the output to text.
   */
  public static <I> Builder<I, String> builder(String id, Class<I> inputType) {
    return Builder.start(Checks.notBlank(id, "id"), Checks.notNull(inputType, "inputType"));
  }

  /**
   * Starts a template from a UTF-8 classpath resource named {@code <id>/v<version>.txt}, e.g.
   * {@code prompts/support-answer/v3.txt} (id {@code support-answer}, version {@code 3}), read with
   * the class loader of {@code inputType}. The file holds an optional {@code --- system ---}
   * section and a {@code --- user ---} section; lines starting with {@code #} before the first
   * section are comments.
   *
   * @throws TemplateException when the path has no id and version, the file is missing or not
   *     UTF-8, or its sections are malformed
   */
  public static <I> Builder<I, String> fromClasspath(String path, Class<I> inputType) {
    Checks.notNull(inputType, "inputType");
    ClassLoader loader = inputType.getClassLoader();
    return fromClasspath(
        path, inputType, loader != null ? loader : ClassLoader.getSystemClassLoader());
  }

  /** As {@link #fromClasspath(String, Class)}, read with {@code classLoader}. */
  public static <I> Builder<I, String> fromClasspath(
      String path, Class<I> inputType, ClassLoader classLoader) {
    Checks.notBlank(path, "path");
    Checks.notNull(inputType, "inputType");
    Checks.notNull(classLoader, "classLoader");
    TemplateFile file = TemplateFile.load(path, classLoader);
    Builder<I, String> builder =
        Builder.start(file.id(), inputType).version(file.version()).user(file.user());
    return file.system() == null ? builder : builder.system(file.system());
  }

  /** The template id. */
  public String id() {
    return id;
  }

  /** The template version. */
  public String version() {
    return version;
  }

  /** The input record type. */
  public Class<I> inputType() {
    return inputType;
  }

  /**
   * Fills the placeholders from {@code input}.
   *
   * @throws TemplateException when a value is {@code null}; names the field
   */
  public RenderedPrompt render(I input) {
    return compiled.render(Checks.notNull(input, "input"));
  }

  /**
   * The value of every placeholder for {@code input} as {@link #render} inserts it (before
   * delimiting), by placeholder name, e.g. {@code {customer=Ann, question=How do I...}}. Response
   * caches compare them: typed values exactly, free text by meaning.
   *
   * @throws TemplateException when a value is {@code null}; names the field
   */
  public Map<String, String> values(I input) {
    return compiled.values(Checks.notNull(input, "input"));
  }

  @Override
  public String toString() {
    return "PromptTemplate["
        + id
        + " v"
        + version
        + ": "
        + inputType.getSimpleName()
        + " -> "
        + output.describe()
        + "]";
  }

  /**
   * Builds a {@link PromptTemplate}; {@link #returning(Class)}, {@link #returningList(Class)} and
   * {@link #returningText()} choose the output type.
   *
   * <p>Not thread-safe; each {@link #build()} returns an independent immutable template.
   *
   * @param <I> the input record type
   * @param <O> the output type
   */
  public static final class Builder<I, O> {
    private final String id;
    private final Class<I> inputType;
    private String version = "1";
    private String system;
    private String user;
    private final Set<String> trusted = new LinkedHashSet<>();
    private final String outputName;
    private final Class<?> outputType;
    private final Supplier<StructuredOutput<O>> output;

    private Builder(
        String id, Class<I> inputType, String outputName, Supplier<StructuredOutput<O>> output) {
      this.id = id;
      this.inputType = inputType;
      this.outputName = outputName;
      this.outputType = null;
      this.output = output;
    }

    private static <I> Builder<I, String> start(String id, Class<I> inputType) {
      return new Builder<>(id, inputType, "text", StructuredOutput::text);
    }

    private Builder(
        Builder<I, ?> from,
        String outputName,
        Class<?> outputType,
        Supplier<StructuredOutput<O>> output) {
      this.id = from.id;
      this.inputType = from.inputType;
      this.version = from.version;
      this.system = from.system;
      this.user = from.user;
      this.trusted.addAll(from.trusted);
      this.outputName = outputName;
      this.outputType = outputType;
      this.output = output;
    }

    /** The version, e.g. {@code "3"}; part of metrics and cache keys. Defaults to {@code "1"}. */
    public Builder<I, O> version(String version) {
      this.version = Checks.notBlank(version, "version");
      return this;
    }

    /** The system prompt, with placeholders; {@code null} for none. */
    public Builder<I, O> system(String system) {
      this.system = system;
      return this;
    }

    /** The user message, with placeholders. Required. */
    public Builder<I, O> user(String user) {
      this.user = Checks.notNull(user, "user");
      return this;
    }

    /**
     * Inserts these placeholders as they are, without {@code <name>} delimiters or escaping. Only
     * for values your code controls, never for user input.
     */
    public Builder<I, O> trusted(String... placeholders) {
      Checks.notNull(placeholders, "placeholders");
      for (String placeholder : placeholders) {
        trusted.add(Checks.notBlank(placeholder, "placeholder"));
      }
      return this;
    }

    /**
     * The answer is one record of {@code type}. The model is made to call a tool whose input
     * schema is derived from the record (component names or {@code @JsonProperty}, {@link
     * Description} texts); every component is required except {@code Optional}s and components
     * annotated with any annotation named {@code Nullable}. The answer is validated and bound
     * with Jackson.
     */
    public <R> Builder<I, R> returning(Class<R> type) {
      Checks.notNull(type, "type");
      return new Builder<>(this, type.getSimpleName(), type, () -> StructuredOutput.of(type));
    }

    /** The answer is a list of records of {@code type}. */
    public <R> Builder<I, List<R>> returningList(Class<R> type) {
      Checks.notNull(type, "type");
      return new Builder<>(
          this, "a list of " + type.getSimpleName(), type, () -> StructuredOutput.listOf(type));
    }

    /** The answer is the model's text, as it is. The default. */
    public Builder<I, String> returningText() {
      return new Builder<>(this, "text", null, StructuredOutput::text);
    }

    /**
     * Checks and compiles the template.
     *
     * @throws TemplateException for a non-record input, a malformed or unknown placeholder, an
     *     unused component, a missing user text, or an output type with no JSON schema
     */
    public PromptTemplate<I, O> build() {
      CompiledTemplate compiled =
          CompiledTemplate.compile(id, version, inputType, system, user, Set.copyOf(trusted));
      String label = "Template '" + id + "' v" + version;
      if (outputType != null && !outputType.isRecord()) {
        throw new TemplateException(
            id,
            null,
            label
                + " returns "
                + outputType.getName()
                + ", which is not a record; use"
                + " returning(SomeRecord.class), returningList(SomeRecord.class) or"
                + " returningText()");
      }
      StructuredOutput<O> structured;
      try {
        structured = output.get();
      } catch (IllegalArgumentException e) {
        throw new TemplateException(
            id, null, label + " cannot return " + outputName + ": " + e.getMessage(), e);
      }
      return new PromptTemplate<>(id, version, inputType, compiled, structured);
    }
  }
}
