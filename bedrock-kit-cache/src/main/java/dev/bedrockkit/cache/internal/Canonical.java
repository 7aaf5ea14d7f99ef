package dev.bedrockkit.cache.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Internal: a canonical, unambiguous binary form of values, fed straight into SHA-256. Every value
 * is tagged and length-prefixed, so no two different values encode alike; map keys and the
 * members of SDK model objects are written in sorted order, so equal values always encode alike.
 *
 * <p>SDK model objects ({@link SdkPojo}: messages, content blocks of every kind, tool
 * configurations) are walked generically through {@link SdkPojo#sdkFields()}, never through
 * {@code toString()}; binary content (image and document bytes) is written as its SHA-256.
 * Unset SDK lists and maps ({@link SdkAutoConstructList}) are absent, like {@code null}.
 *
 * <p>Not thread-safe: one instance per thread ({@link #forThread()}).
 */
public final class Canonical {
  private static final byte NULL = 'z';
  private static final byte STRING = 's';
  private static final byte NUMBER = 'n';
  private static final byte TRUE = 't';
  private static final byte FALSE = 'f';
  private static final byte BYTES_HASH = 'h';
  private static final byte LIST = 'l';
  private static final byte MAP = 'm';
  private static final byte OBJECT = 'o';
  private static final byte END = 'e';

  private static final ThreadLocal<Canonical> PER_THREAD = ThreadLocal.withInitial(Canonical::new);

  private static final Map<Class<?>, SdkField<?>[]> FIELDS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final MessageDigest sha256 = newSha256();
  private final MessageDigest bytesSha256 = newSha256();
  private byte[] buffer = new byte[512];
  private int length;

  private Canonical() {}

  /** This thread's encoder, reset. */
  public static Canonical forThread() {
    Canonical c = PER_THREAD.get();
    c.length = 0;
    // A request that failed half-way (an SDK type we cannot encode) may have left bytes in the
    // digest: never let them leak into the next key.
    c.sha256.reset();
    return c;
  }

  /** SHA-256 of everything written since {@link #forThread()}; resets the encoder. */
  public byte[] digest() {
    sha256.update(buffer, 0, length);
    length = 0;
    return sha256.digest();
  }

  /** SHA-256 of a UTF-8 string, e.g. for the short tags of Redis keys. */
  public static byte[] sha256(String text) {
    MessageDigest md = newSha256();
    return md.digest(text.getBytes(StandardCharsets.UTF_8));
  }

  public Canonical nullValue() {
    put(NULL);
    return this;
  }

  /** A string, or null. */
  public Canonical string(String s) {
    if (s == null) {
      return nullValue();
    }
    put(STRING);
    int n = s.length();
    // Fast path for ASCII; anything else goes through the UTF-8 encoder.
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      varint(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buffer[length++] = (byte) s.charAt(i);
      }
    } else {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      varint(utf8.length);
      ensure(utf8.length);
      System.arraycopy(utf8, 0, buffer, length, utf8.length);
      length += utf8.length;
    }
    return this;
  }

  /** A label followed by a value: the fixed fields of a request. */
  public Canonical field(String name) {
    return string(name);
  }

  public Canonical bool(Boolean b) {
    if (b == null) {
      return nullValue();
    }
    put(b ? TRUE : FALSE);
    return this;
  }

  /** A number by its canonical decimal text (no trailing zeros, no exponent quirks). */
  public Canonical number(Number n) {
    if (n == null) {
      return nullValue();
    }
    String text;
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      text = Long.toString(n.longValue());
    } else if (n instanceof Float f) {
      text = canonicalDecimal(Float.toString(f));
    } else if (n instanceof Double d) {
      text = canonicalDecimal(Double.toString(d));
    } else if (n instanceof BigDecimal bd) {
      text = canonicalDecimal(bd);
    } else {
      text = canonicalDecimal(n.toString());
    }
    put(NUMBER);
    return rawString(text);
  }

  /** A list of strings, or null. */
  public Canonical strings(List<String> values) {
    if (values == null) {
      return nullValue();
    }
    put(LIST);
    for (String v : values) {
      string(v);
    }
    put(END);
    return this;
  }

  /** A map of strings in key order, or null. */
  public Canonical stringMap(Map<String, String> values) {
    if (values == null) {
      return nullValue();
    }
    put(MAP);
    for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
      string(e.getKey());
      string(e.getValue());
    }
    put(END);
    return this;
  }

  /** A list of SDK model objects, or null. */
  public Canonical pojos(List<? extends SdkPojo> values) {
    if (values == null) {
      return nullValue();
    }
    put(LIST);
    for (SdkPojo v : values) {
      pojo(v);
    }
    put(END);
    return this;
  }

  /** An SDK model object, member by member in name order, or null. */
  public Canonical pojo(SdkPojo pojo) {
    if (pojo == null) {
      return nullValue();
    }
    put(OBJECT);
    for (SdkField<?> field : sortedFields(pojo)) {
      Object value = field.getValueOrDefault(pojo);
      if (absent(value)) {
        continue;
      }
      string(field.memberName());
      value(value);
    }
    put(END);
    return this;
  }

  /** An SDK document (JSON-like), objects in key order, or null. */
  public Canonical document(Document doc) {
    if (doc == null || doc.isNull()) {
      return nullValue();
    }
    if (doc.isString()) {
      return string(doc.asString());
    }
    if (doc.isBoolean()) {
      return bool(doc.asBoolean());
    }
    if (doc.isNumber()) {
      SdkNumber n = doc.asNumber();
      put(NUMBER);
      return rawString(canonicalDecimal(n.stringValue()));
    }
    if (doc.isList()) {
      put(LIST);
      for (Document d : doc.asList()) {
        document(d);
      }
      put(END);
      return this;
    }
    put(MAP);
    for (Map.Entry<String, Document> e : new TreeMap<>(doc.asMap()).entrySet()) {
      string(e.getKey());
      document(e.getValue());
    }
    put(END);
    return this;
  }

  private void value(Object value) {
    if (value == null) {
      nullValue();
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Boolean b) {
      bool(b);
    } else if (value instanceof Number n) {
      number(n);
    } else if (value instanceof SdkBytes bytes) {
      put(BYTES_HASH);
      ensure(32);
      byte[] hash = bytesSha256.digest(bytes.asByteArrayUnsafe());
      System.arraycopy(hash, 0, buffer, length, 32);
      length += 32;
    } else if (value instanceof Instant instant) {
      put(NUMBER);
      rawString(instant.getEpochSecond() + "." + instant.getNano());
    } else if (value instanceof SdkPojo pojo) {
      pojo(pojo);
    } else if (value instanceof Document doc) {
      document(doc);
    } else if (value instanceof List<?> list) {
      put(LIST);
      for (Object o : list) {
        value(o);
      }
      put(END);
    } else if (value instanceof Map<?, ?> map) {
      put(MAP);
      List<Map.Entry<?, ?>> entries = new ArrayList<>(map.entrySet());
      entries.sort(Comparator.comparing(e -> String.valueOf(e.getKey())));
      for (Map.Entry<?, ?> e : entries) {
        string(String.valueOf(e.getKey()));
        value(e.getValue());
      }
      put(END);
    } else {
      // Every SDK member type is handled above; anything else is a new SDK type: fail loudly in
      // tests rather than hash an unstable toString().
      throw new IllegalStateException(
          "cannot encode " + value.getClass().getName() + " canonically");
    }
  }

  private static boolean absent(Object value) {
    return value == null
        || value instanceof SdkAutoConstructList<?>
        || value instanceof SdkAutoConstructMap<?, ?>;
  }

  private static SdkField<?>[] sortedFields(SdkPojo pojo) {
    return FIELDS.computeIfAbsent(
        pojo.getClass(),
        c -> {
          SdkField<?>[] fields = pojo.sdkFields().toArray(new SdkField<?>[0]);
          Arrays.sort(fields, Comparator.comparing(SdkField::memberName));
          return fields;
        });
  }

  static String canonicalDecimal(String text) {
    try {
      return canonicalDecimal(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return text; // NaN, Infinity
    }
  }

  private static String canonicalDecimal(BigDecimal bd) {
    BigDecimal stripped = bd.stripTrailingZeros();
    return stripped.signum() == 0 ? "0" : stripped.toString();
  }

  private Canonical rawString(String ascii) {
    int n = ascii.length();
    varint(n);
    ensure(n);
    for (int i = 0; i < n; i++) {
      buffer[length++] = (byte) ascii.charAt(i);
    }
    return this;
  }

  private void put(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void varint(int v) {
    ensure(5);
    while ((v & ~0x7F) != 0) {
      buffer[length++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buffer[length++] = (byte) v;
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      if (length > 0 && buffer.length >= 64 * 1024) {
        // Large requests (images, long histories): hash what we have and keep the buffer small.
        sha256.update(buffer, 0, length);
        length = 0;
        if (more <= buffer.length) {
          return;
        }
      }
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
