package dev.bedrockkit.chaos.security;

import dev.bedrockkit.chaos.SecretPatterns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Looks for credentials in text, files and jars: AWS access key IDs, private keys, 40-character
 * secret keys, quoted secret-looking literals assigned to secret-looking names, unquoted ones in
 * configuration files, credentials handed to {@code AwsBasicCredentials.create} that are not
 * obvious dummies, and files that hold key material by their name. The emulator's documented dummy
 * keys are allowed by name ({@link SecretPatterns#ALLOWED_DUMMIES}).
 *
 * <p>Stateless.
 */
final class SecretScanner {
  /** A secret-looking name given a quoted literal of 8+ characters, not concatenated further. */
  static final Pattern QUOTED_ASSIGNMENT =
      Pattern.compile(
          "(?i)(aws_?secret_?access_?key|secret_?access_?key|secret_?key|aws_?session_?token"
              + "|client_?secret|api_?key|password|passwd|requirepass|private_?key)[\"']?\\s*[:=]\\s*"
              + "[\"']([^\"'\\s$<{]{8,})[\"'](?!\\s*\\+)");

  /** The same, unquoted, in configuration files (properties, YAML, env, conf). */
  static final Pattern CONFIG_ASSIGNMENT =
      Pattern.compile(
          "(?im)^\\s*[\\w.-]*(secret|password|passwd|api[_-]?key|access[_-]?key|token)[\\w.-]*"
              + "\\s*[:=]\\s*([^\\s\"'$<{#][^\\s#]{7,})\\s*$");

  /** A 40-character AWS-style secret (mixed case) near the word "secret". */
  static final Pattern AWS_SECRET =
      Pattern.compile(
          "(?i)secret.{0,40}?[\"'=:\\s]((?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])"
              + "(?-i:[A-Za-z0-9/+]{40}))(?![A-Za-z0-9/+])");

  /** {@code AwsBasicCredentials.create("id", "secret")} in code. */
  static final Pattern BASIC_CREDENTIALS =
      Pattern.compile("AwsBasicCredentials\\.create\\(\\s*\"([^\"]*)\"\\s*,\\s*\"([^\"]*)\"\\s*\\)");

  /** Build properties that set credentials. */
  static final Pattern CREDENTIAL_PROPERTY =
      Pattern.compile("<aws\\.(accessKeyId|secretAccessKey)>([^<]*)</aws\\.\\1>");

  /** File names that hold key material or credentials. */
  static final Pattern SECRET_FILE_NAME =
      Pattern.compile(
          "(?i)(^|/)(id_rsa|id_ecdsa|id_ed25519|credentials|\\.env|\\.netrc|\\.pgpass)$"
              + "|\\.(pem|key|p12|pfx|jks|keystore|ppk|asc)$");

  static final Set<String> CONFIG_EXTENSIONS =
      Set.of("properties", "yaml", "yml", "env", "conf", "cfg", "ini", "toml");

  /** One thing that looks like a credential. */
  record Finding(String where, String rule, String excerpt) {
    @Override
    public String toString() {
      return where + ": " + rule + " (" + excerpt + ")";
    }
  }

  private SecretScanner() {}

  /** Findings in {@code text}, which came from {@code where} (a path, or a jar entry). */
  static List<Finding> scan(String where, String text) {
    List<Finding> out = new ArrayList<>();
    if (SECRET_FILE_NAME.matcher(where).find()) {
      out.add(new Finding(where, "a file that holds key material or credentials", where));
    }
    find(out, where, text, SecretPatterns.AWS_ACCESS_KEY_ID, "AWS access key ID", 0);
    find(out, where, text, SecretPatterns.PRIVATE_KEY, "private key", 0);
    find(out, where, text, AWS_SECRET, "AWS-style secret key", 1);
    find(out, where, text, QUOTED_ASSIGNMENT, "secret-looking literal", 2);
    String ext = extension(where);
    if (CONFIG_EXTENSIONS.contains(ext)) {
      find(out, where, text, CONFIG_ASSIGNMENT, "secret-looking setting", 2);
    }
    Matcher basic = BASIC_CREDENTIALS.matcher(text);
    while (basic.find()) {
      String id = basic.group(1);
      String secret = basic.group(2);
      boolean dummy =
          !SecretPatterns.AWS_ACCESS_KEY_ID.matcher(id).find()
              && (secret.contains("not-real") || secret.length() < 8);
      if (!dummy) {
        out.add(new Finding(where, "AwsBasicCredentials with a real-looking key", redact(id)));
      }
    }
    Matcher property = CREDENTIAL_PROPERTY.matcher(text);
    while (property.find()) {
      if (!SecretPatterns.isAllowed(property.group(2))) {
        out.add(new Finding(where, "aws." + property.group(1) + " in a build file", redact(property.group(2))));
      }
    }
    return out;
  }

  private static void find(
      List<Finding> out, String where, String text, Pattern p, String rule, int group) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      String match = m.group(group);
      if (!SecretPatterns.isAllowed(m.group()) && !isPlaceholder(match)) {
        out.add(new Finding(where + ":" + line(text, m.start()), rule, redact(match)));
      }
    }
  }

  /** Values that only stand for a secret: examples in docs, variables, masks. */
  private static boolean isPlaceholder(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    return v.contains("example")
        || v.contains("changeme")
        || v.contains("placeholder")
        || v.contains("your")
        || v.contains("xxxx")
        || v.contains("****")
        || v.contains("not-real")
        || v.startsWith("env.")
        || v.startsWith("system.");
  }

  /** Enough of a finding to locate it, never the whole secret. */
  static String redact(String s) {
    return s.length() <= 6 ? "***" : s.substring(0, 4) + "…(" + s.length() + " chars)";
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

  private static String extension(String name) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /** A file's findings; binary files are read as Latin-1 so class constants are seen too. */
  static List<Finding> scanFile(Path root, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String where = root.relativize(file).toString().replace('\\', '/');
    return scan(where, text(bytes));
  }

  /** Every entry of a jar (class files, properties, resources, the manifest). */
  static List<Finding> scanJar(Path jar) throws IOException {
    List<Finding> out = new ArrayList<>();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.isDirectory()) {
          continue;
        }
        try (InputStream in = zip.getInputStream(e)) {
          out.addAll(scan(jar.getFileName() + "!/" + e.getName(), text(in.readAllBytes())));
        }
      }
    }
    return out;
  }

  private static String text(byte[] bytes) {
    boolean binary = false;
    for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
      if (bytes[i] == 0) {
        binary = true;
        break;
      }
    }
    return new String(bytes, binary ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
  }
}
