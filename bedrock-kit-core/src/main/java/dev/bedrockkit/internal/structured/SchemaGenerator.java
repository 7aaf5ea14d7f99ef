package dev.bedrockkit.internal.structured;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockkit.Description;
import dev.bedrockkit.internal.structured.Schema.ArraySchema;
import dev.bedrockkit.internal.structured.Schema.BooleanSchema;
import dev.bedrockkit.internal.structured.Schema.EnumSchema;
import dev.bedrockkit.internal.structured.Schema.Format;
import dev.bedrockkit.internal.structured.Schema.IntegerSchema;
import dev.bedrockkit.internal.structured.Schema.MapSchema;
import dev.bedrockkit.internal.structured.Schema.NumberSchema;
import dev.bedrockkit.internal.structured.Schema.ObjectSchema;
import dev.bedrockkit.internal.structured.Schema.Property;
import dev.bedrockkit.internal.structured.Schema.RefSchema;
import dev.bedrockkit.internal.structured.Schema.StringSchema;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;

/**
 * Derives the JSON schema of a record class, once per class.
 *
 * <p>Mapping: {@code String}, {@code char} → string; {@code byte}…{@code long}, {@code BigInteger}
 * → integer; {@code float}, {@code double}, {@code BigDecimal} → number; {@code boolean} → boolean;
 * enums → string with {@code enum} (honouring {@code @JsonProperty} on constants); {@code List},
 * {@code Collection}, arrays → array; {@code Set} → array with {@code uniqueItems}; records →
 * object with {@code additionalProperties: false}; {@code Map<String, X>} → object with {@code
 * additionalProperties}; {@code LocalDate} → string/date; {@code Instant}, {@code OffsetDateTime},
 * {@code ZonedDateTime} → string/date-time; {@code UUID} → string/uuid. Every component is required
 * except {@code Optional}s and components annotated with any annotation named {@code Nullable}. A
 * record that contains itself is emitted once and referenced with {@code $ref}.
 *
 * <p>Thread-safe: results are cached per class in a {@link ClassValue}.
 */
public final class SchemaGenerator {
  private static final ClassValue<RecordSchema> CACHE =
      new ClassValue<>() {
        @Override
        protected RecordSchema computeValue(Class<?> type) {
          return new SchemaGenerator(type).generate();
        }
      };

  private static final ClassValue<RecordSchema> LIST_CACHE =
      new ClassValue<>() {
        @Override
        protected RecordSchema computeValue(Class<?> type) {
          return new SchemaGenerator(null).generateList(type);
        }
      };

  /** The property that holds a list answer: tool input must be an object, not an array. */
  public static final String LIST_PROPERTY = "items";

  private static final String SUPPORTED =
      "supported are records, String, char, boolean, the integer and floating-point types,"
          + " BigInteger, BigDecimal, enums, List, Set, Collection, arrays, Map<String, X>,"
          + " Optional, LocalDate, Instant, OffsetDateTime, ZonedDateTime and UUID";

  private final Class<?> rootType;
  private final Deque<Class<?>> stack = new ArrayDeque<>();
  private final Map<Class<?>, String> defNames = new HashMap<>();
  private final Map<String, ObjectSchema> defs = new LinkedHashMap<>();

  private SchemaGenerator(Class<?> rootType) {
    this.rootType = rootType;
  }

  /**
   * The schema of {@code recordType}, derived on first use and cached.
   *
   * @throws IllegalArgumentException when {@code recordType} is not a record, or a component has a
   *     type with no JSON schema; the message names the component
   */
  public static RecordSchema forRecord(Class<?> recordType) {
    if (!recordType.isRecord()) {
      throw new IllegalArgumentException(
          recordType.getName() + " is not a record; structured output binds to records");
    }
    return CACHE.get(recordType);
  }

  /**
   * The schema of a list of {@code elementType}, wrapped as {@code {"items": [...]}} because a
   * Bedrock tool input schema must be an object. Cached.
   *
   * @throws IllegalArgumentException as {@link #forRecord(Class)}
   */
  public static RecordSchema forList(Class<?> elementType) {
    if (!elementType.isRecord()) {
      throw new IllegalArgumentException(
          elementType.getName() + " is not a record; structured output binds to records");
    }
    return LIST_CACHE.get(elementType);
  }

  private RecordSchema generateList(Class<?> elementType) {
    Schema element = recordSchema(elementType);
    ObjectSchema root =
        new ObjectSchema(
            "List<" + elementType.getSimpleName() + ">",
            null,
            List.of(new Property(LIST_PROPERTY, new ArraySchema(element, false), true, null)));
    return new RecordSchema(elementType, root, defs);
  }

  private RecordSchema generate() {
    Schema root = recordSchema(rootType);
    return new RecordSchema(rootType, (ObjectSchema) root, defs);
  }

  private Schema recordSchema(Class<?> type) {
    String defined = defNames.get(type);
    if (defined != null && defs.containsKey(defined)) {
      return new RefSchema(RecordSchema.DEFS_PREFIX + defined);
    }
    if (stack.contains(type)) {
      if (type == rootType) {
        return new RefSchema(RecordSchema.ROOT_REF);
      }
      return new RefSchema(
          RecordSchema.DEFS_PREFIX + defNames.computeIfAbsent(type, this::defName));
    }
    if (type.getTypeParameters().length > 0) {
      throw genericRecord(type);
    }
    stack.push(type);
    List<Property> properties = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      properties.add(property(type, component));
    }
    stack.pop();
    Description description = type.getAnnotation(Description.class);
    ObjectSchema schema =
        new ObjectSchema(
            type.getSimpleName(), description == null ? null : description.value(), properties);
    String name = defNames.get(type);
    if (name != null && type != rootType) {
      defs.put(name, schema);
      return new RefSchema(RecordSchema.DEFS_PREFIX + name);
    }
    return schema;
  }

  private String defName(Class<?> type) {
    String base = type.getSimpleName();
    String name = base;
    for (int i = 2; defNames.containsValue(name) || name.isEmpty(); i++) {
      name = base + i;
    }
    return name;
  }

  private Property property(Class<?> owner, RecordComponent component) {
    String where = owner.getSimpleName() + "." + component.getName();
    Type type = component.getGenericType();
    boolean required = !isNullable(owner, component);
    Schema schema;
    if (component.getType() == Optional.class) {
      required = false;
      schema = schema(typeArgument(type, 0, where), where);
    } else if (component.getType() == OptionalInt.class
        || component.getType() == OptionalLong.class) {
      required = false;
      schema =
          component.getType() == OptionalInt.class
              ? integer(Integer.MIN_VALUE, Integer.MAX_VALUE)
              : integer(Long.MIN_VALUE, Long.MAX_VALUE);
    } else if (component.getType() == OptionalDouble.class) {
      required = false;
      schema = new NumberSchema();
    } else {
      schema = schema(type, where);
    }
    Description description = component.getAnnotation(Description.class);
    return new Property(
        jsonName(owner, component),
        schema,
        required,
        description == null ? null : description.value());
  }

  private Schema schema(Type type, String where) {
    if (type instanceof Class<?> c) {
      return classSchema(c, where);
    }
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      if (Map.class.isAssignableFrom(raw)) {
        Type key = p.getActualTypeArguments()[0];
        if (key != String.class) {
          throw unsupported(where, type, "map keys must be String");
        }
        return new MapSchema(schema(p.getActualTypeArguments()[1], where + "[value]"));
      }
      if (Collection.class.isAssignableFrom(raw)) {
        return new ArraySchema(
            schema(p.getActualTypeArguments()[0], where + "[]"), Set.class.isAssignableFrom(raw));
      }
      if (raw == Optional.class) {
        throw unsupported(where, type, "Optional is only supported as the type of a component");
      }
      if (raw.isRecord()) {
        throw genericRecord(raw);
      }
      throw unsupported(where, type, null);
    }
    if (type instanceof GenericArrayType g) {
      return new ArraySchema(schema(g.getGenericComponentType(), where + "[]"), false);
    }
    if (type instanceof WildcardType w && w.getLowerBounds().length == 0) {
      return schema(w.getUpperBounds()[0], where);
    }
    if (type instanceof TypeVariable<?>) {
      throw unsupported(where, type, "type variables cannot be resolved");
    }
    throw unsupported(where, type, null);
  }

  private Schema classSchema(Class<?> c, String where) {
    if (c == String.class || c == CharSequence.class) {
      return StringSchema.PLAIN;
    }
    if (c == char.class || c == Character.class) {
      return new StringSchema(null, 1, 1);
    }
    if (c == boolean.class || c == Boolean.class) {
      return new BooleanSchema();
    }
    if (c == int.class || c == Integer.class) {
      return integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
    }
    if (c == long.class || c == Long.class) {
      return integer(Long.MIN_VALUE, Long.MAX_VALUE);
    }
    if (c == short.class || c == Short.class) {
      return integer(Short.MIN_VALUE, Short.MAX_VALUE);
    }
    if (c == byte.class || c == Byte.class) {
      return integer(Byte.MIN_VALUE, Byte.MAX_VALUE);
    }
    if (c == BigInteger.class) {
      return new IntegerSchema(null, null);
    }
    if (c == float.class
        || c == Float.class
        || c == double.class
        || c == Double.class
        || c == BigDecimal.class) {
      return new NumberSchema();
    }
    if (c.isEnum()) {
      return enumSchema(c);
    }
    if (c == LocalDate.class) {
      return new StringSchema(Format.DATE, null, null);
    }
    if (c == Instant.class || c == OffsetDateTime.class || c == ZonedDateTime.class) {
      return new StringSchema(Format.DATE_TIME, null, null);
    }
    if (c == UUID.class) {
      return new StringSchema(Format.UUID, null, null);
    }
    if (c.isArray()) {
      if (c == byte[].class) {
        throw unsupported(where, c, "Jackson reads byte[] as base64 text; use String");
      }
      return new ArraySchema(schema(c.getComponentType(), where + "[]"), false);
    }
    if (c.isRecord()) {
      return recordSchema(c);
    }
    if (Collection.class.isAssignableFrom(c)
        || Map.class.isAssignableFrom(c)
        || c == Optional.class) {
      throw unsupported(where, c, "declare its type arguments, e.g. List<String>");
    }
    throw unsupported(where, c, null);
  }

  private static IntegerSchema integer(long min, long max) {
    return new IntegerSchema(BigInteger.valueOf(min), BigInteger.valueOf(max));
  }

  private static EnumSchema enumSchema(Class<?> enumType) {
    List<String> names = new ArrayList<>();
    for (Object constant : enumType.getEnumConstants()) {
      String name = ((Enum<?>) constant).name();
      try {
        JsonProperty renamed = enumType.getField(name).getAnnotation(JsonProperty.class);
        names.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : name);
      } catch (NoSuchFieldException impossible) {
        names.add(name);
      }
    }
    return new EnumSchema(names);
  }

  private static String jsonName(Class<?> owner, RecordComponent component) {
    JsonProperty property = annotation(owner, component, JsonProperty.class);
    if (property != null && !property.value().isEmpty()) {
      return property.value();
    }
    return component.getName();
  }

  private static boolean isNullable(Class<?> owner, RecordComponent component) {
    List<Annotation> annotations = new ArrayList<>();
    annotations.addAll(List.of(component.getAnnotations()));
    annotations.addAll(List.of(component.getAnnotatedType().getAnnotations()));
    annotations.addAll(List.of(component.getAccessor().getAnnotations()));
    Field field = field(owner, component);
    if (field != null) {
      annotations.addAll(List.of(field.getAnnotations()));
    }
    return annotations.stream()
        .anyMatch(a -> a.annotationType().getSimpleName().equals("Nullable"));
  }

  /** Jackson's annotations do not target record components; javac puts them on these. */
  private static <A extends Annotation> A annotation(
      Class<?> owner, RecordComponent component, Class<A> type) {
    for (AnnotatedElement element :
        new AnnotatedElement[] {component, component.getAccessor(), field(owner, component)}) {
      if (element != null && element.getAnnotation(type) != null) {
        return element.getAnnotation(type);
      }
    }
    return null;
  }

  private static Field field(Class<?> owner, RecordComponent component) {
    try {
      return owner.getDeclaredField(component.getName());
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Type typeArgument(Type type, int index, String where) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw unsupported(where, type, "declare its type argument, e.g. Optional<String>");
  }

  private static IllegalArgumentException genericRecord(Class<?> type) {
    return new IllegalArgumentException(
        type.getSimpleName()
            + " is a generic record; structured output needs concrete types, e.g. a record"
            + " with List<Answer> instead of "
            + type.getSimpleName()
            + "<T>");
  }

  private static IllegalArgumentException unsupported(String where, Type type, String hint) {
    return new IllegalArgumentException(
        where
            + " has type "
            + type.getTypeName()
            + ", which has no JSON schema"
            + (hint == null ? "" : " (" + hint + ")")
            + "; "
            + SUPPORTED);
  }
}
