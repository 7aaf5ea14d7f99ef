package dev.bedrockkit.internal.template;

import dev.bedrockkit.RenderedPrompt;
import dev.bedrockkit.TemplateException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A template's system and user text, checked against its input record and split once into literal
 * segments and slots whose record accessors are resolved to method handles, so that {@link
 * #render(Object)} only walks an array and appends.
 *
 * <p>Immutable; safe to share between threads.
 */
public final class CompiledTemplate {
  private static final Pattern PATH =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");
  private static final MethodType OBJECT_TO_OBJECT =
      MethodType.methodType(Object.class, Object.class);

  private final String label;
  private final Object[] system;
  private final Object[] user;
  private final int literalLength;
  private final Delimiters delimiters;

  private CompiledTemplate(String label, Object[] system, Object[] user, Delimiters delimiters) {
    this.label = label;
    this.system = system;
    this.user = user;
    this.delimiters = delimiters;
    this.literalLength = literalLength(system) + literalLength(user);
  }

  /**
   * Checks and compiles a template.
   *
   * @param system the system text, or {@code null}
   * @param user the user text, not blank
   * @param trusted placeholders inserted without delimiters
   * @throws TemplateException for a non-record input, a malformed or unknown placeholder, a
   *     component no placeholder uses, or a trusted name that is not a placeholder
   */
  public static CompiledTemplate compile(
      String id,
      String version,
      Class<?> inputType,
      String system,
      String user,
      Set<String> trusted) {
    String label = "Template '" + id + "' v" + version;
    if (!inputType.isRecord()) {
      throw new TemplateException(
          id,
          null,
          label
              + " needs a record as input, but "
              + inputType.getName()
              + " is not a record; declare one, e.g. record Input(String question) {}");
    }
    if (user == null || user.isBlank()) {
      throw new TemplateException(
          id,
          null,
          label + " has no user text; set it with user(\"...\") or a '--- user ---' section");
    }
    List<Part> systemParts = system == null ? List.of() : parse(id, label, "system", system);
    List<Part> userParts = parse(id, label, "user", user);

    // Resolve every placeholder first: a typo is reported as the unknown name it is, not as
    // the component it fails to use.
    Object[] systemCompiled =
        system == null ? null : compileParts(id, label, inputType, systemParts, trusted);
    Object[] userCompiled = compileParts(id, label, inputType, userParts, trusted);

    Set<String> used = new LinkedHashSet<>();
    Set<String> rootsUsed = new LinkedHashSet<>();
    for (Part part : concat(systemParts, userParts)) {
      if (part instanceof Placeholder placeholder) {
        used.add(placeholder.path);
        rootsUsed.add(placeholder.path.split("\\.", 2)[0]);
      }
    }
    for (RecordComponent component : inputType.getRecordComponents()) {
      if (!rootsUsed.contains(component.getName())) {
        throw new TemplateException(
            id,
            component.getName(),
            label
                + " never uses component '"
                + component.getName()
                + "' of "
                + inputType.getSimpleName()
                + "; add {{"
                + component.getName()
                + "}} to the system or user text, or remove the component");
      }
    }
    for (String name : trusted) {
      if (!used.contains(name)) {
        throw new TemplateException(
            id,
            name,
            label + " marks {{" + name + "}} as trusted but never uses it; placeholders: " + used);
      }
    }
    List<String> delimited = new ArrayList<>();
    for (String name : used) {
      if (!trusted.contains(name)) {
        delimited.add(name);
      }
    }
    return new CompiledTemplate(
        label, systemCompiled, userCompiled, new Delimiters(delimited.toArray(new String[0])));
  }

  /**
   * Renders {@code input}.
   *
   * @throws TemplateException when a value is {@code null}; names the field
   */
  public RenderedPrompt render(Object input) {
    return new RenderedPrompt(
        system == null ? null : renderParts(system, input), renderParts(user, input));
  }

  /**
   * The value of every placeholder for {@code input} as {@link #render} inserts it (before
   * delimiting and escaping), by placeholder path.
   *
   * @throws TemplateException when a value is {@code null}; names the field
   */
  public Map<String, String> values(Object input) {
    Map<String, String> values = new TreeMap<>();
    collectValues(system, input, values);
    collectValues(user, input, values);
    return Collections.unmodifiableMap(values);
  }

  private static void collectValues(Object[] parts, Object input, Map<String, String> into) {
    if (parts == null) {
      return;
    }
    for (Object part : parts) {
      if (part instanceof Slot slot && !into.containsKey(slot.path)) {
        into.put(slot.path, ValueText.of(slot.read(input)));
      }
    }
  }

  private String renderParts(Object[] parts, Object input) {
    StringBuilder out = new StringBuilder(literalLength + 16 * parts.length);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
      } else {
        Slot slot = (Slot) part;
        String value = ValueText.of(slot.read(input));
        if (slot.open == null) {
          out.append(value);
        } else {
          out.append(slot.open);
          delimiters.appendEscaped(out, value);
          out.append(slot.close);
        }
      }
    }
    return out.toString();
  }

  private static Object[] compileParts(
      String id, String label, Class<?> inputType, List<Part> parts, Set<String> trusted) {
    Object[] compiled = new Object[parts.size()];
    for (int i = 0; i < compiled.length; i++) {
      Part part = parts.get(i);
      if (part instanceof Literal literal) {
        compiled[i] = literal.text;
      } else {
        Placeholder placeholder = (Placeholder) part;
        compiled[i] =
            slot(id, label, inputType, placeholder.path, trusted.contains(placeholder.path));
      }
    }
    return compiled;
  }

  private static Slot slot(String id, String label, Class<?> inputType, String path, boolean raw) {
    String[] names = path.split("\\.");
    MethodHandle[] chain = new MethodHandle[names.length];
    String[] fields = new String[names.length];
    Class<?> owner = inputType;
    for (int i = 0; i < names.length; i++) {
      if (!owner.isRecord()) {
        throw new TemplateException(
            id,
            path,
            label
                + " uses {{"
                + path
                + "}} but "
                + fields[i - 1]
                + " is a "
                + owner.getSimpleName()
                + ", not a record; only a record's components can be"
                + " named after a '.'");
      }
      RecordComponent component = component(owner, names[i]);
      if (component == null) {
        List<String> components =
            Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getName).toList();
        throw new TemplateException(
            id,
            path,
            label
                + " uses {{"
                + path
                + "}} but "
                + owner.getSimpleName()
                + " has no component '"
                + names[i]
                + "'; components: "
                + components);
      }
      fields[i] = owner.getSimpleName() + "." + names[i];
      chain[i] = accessor(id, label, component, fields[i]);
      owner = component.getType();
    }
    return new Slot(
        id,
        label,
        path,
        chain,
        fields,
        raw ? null : "<" + path + ">",
        raw ? null : "</" + path + ">");
  }

  private static RecordComponent component(Class<?> owner, String name) {
    for (RecordComponent component : owner.getRecordComponents()) {
      if (component.getName().equals(name)) {
        return component;
      }
    }
    return null;
  }

  private static MethodHandle accessor(
      String id, String label, RecordComponent component, String field) {
    Method method = component.getAccessor();
    try {
      method.setAccessible(true);
      return MethodHandles.lookup().unreflect(method).asType(OBJECT_TO_OBJECT);
    } catch (IllegalAccessException | RuntimeException e) {
      throw new TemplateException(
          id,
          component.getName(),
          label
              + " cannot read "
              + field
              + ": "
              + e.getMessage()
              + "; make the record public or open its package to bedrock-kit",
          e);
    }
  }

  private static List<Part> parse(String id, String label, String section, String text) {
    List<Part> parts = new ArrayList<>();
    int from = 0;
    while (true) {
      int open = text.indexOf("{{", from);
      if (open < 0) {
        if (from < text.length()) {
          parts.add(new Literal(text.substring(from)));
        }
        return parts;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new TemplateException(
            id,
            null,
            label
                + " has an unclosed '{{' in the "
                + section
                + " text at line "
                + line(text, open)
                + "; close it with '}}'");
      }
      String path = text.substring(open + 2, close).strip();
      if (!PATH.matcher(path).matches()) {
        String raw = text.substring(open, close + 2);
        throw new TemplateException(
            id,
            raw,
            label
                + " has a malformed placeholder '"
                + raw
                + "' in the "
                + section
                + " text at line "
                + line(text, open)
                + "; a placeholder is {{name}} or {{name.component}}");
      }
      if (open > from) {
        parts.add(new Literal(text.substring(from, open)));
      }
      parts.add(new Placeholder(path));
      from = close + 2;
    }
  }

  private static int line(String text, int index) {
    int line = 1;
    for (int i = 0; i < index; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int literalLength(Object[] parts) {
    int length = 0;
    if (parts != null) {
      for (Object part : parts) {
        if (part instanceof String literal) {
          length += literal.length();
        }
      }
    }
    return length;
  }

  private static List<Part> concat(List<Part> a, List<Part> b) {
    List<Part> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private interface Part {}

  private record Literal(String text) implements Part {}

  private record Placeholder(String path) implements Part {}

  /** One value to insert: the accessor chain from the input record to it. */
  private static final class Slot {
    final String id;
    final String label;
    final String path;
    final MethodHandle[] chain;
    final String[] fields;
    final String open;
    final String close;

    Slot(
        String id,
        String label,
        String path,
        MethodHandle[] chain,
        String[] fields,
        String open,
        String close) {
      this.id = id;
      this.label = label;
      this.path = path;
      this.chain = chain;
      this.fields = fields;
      this.open = open;
      this.close = close;
    }

    Object read(Object input) {
      Object value = input;
      for (int i = 0; i < chain.length; i++) {
        try {
          value = (Object) chain[i].invokeExact(value);
        } catch (RuntimeException | Error e) {
          throw e;
        } catch (Throwable e) {
          throw new IllegalStateException(fields[i] + " accessor failed", e);
        }
        if (value == null) {
          throw new TemplateException(
              id,
              path,
              label
                  + " cannot render {{"
                  + path
                  + "}}: "
                  + fields[i]
                  + " is null; pass a value, or declare the component as an Optional if it may"
                  + " be absent");
        }
      }
      return value;
    }
  }
}
