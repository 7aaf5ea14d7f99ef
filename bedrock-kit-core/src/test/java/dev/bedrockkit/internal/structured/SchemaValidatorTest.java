package dev.bedrockkit.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.internal.json.Json;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaValidatorTest {
  enum Priority {
    LOW,
    MEDIUM,
    HIGH
  }

  record Contact(String name, String email) {}

  record Ticket(
      String summary,
      Priority priority,
      List<String> tags,
      Set<String> labels,
      int count,
      double score,
      boolean urgent,
      Contact contact,
      List<Contact> watchers,
      Map<String, Integer> stock,
      Optional<String> note,
      LocalDate due,
      OffsetDateTime at,
      UUID id,
      char grade,
      byte level) {}

  private static final String VALID =
      "{\"summary\":\"s\",\"priority\":\"LOW\",\"tags\":[\"a\"],\"labels\":[\"x\",\"y\"],"
          + "\"count\":1,\"score\":0.5,\"urgent\":false,"
          + "\"contact\":{\"name\":\"Ann\",\"email\":\"a@x\"},"
          + "\"watchers\":[{\"name\":\"Bo\",\"email\":\"b@x\"}],\"stock\":{\"apples\":3},"
          + "\"due\":\"2026-11-03\",\"at\":\"2026-11-03T10:15:30Z\","
          + "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"grade\":\"A\",\"level\":3}";

  private static List<String> validate(String json) throws Exception {
    return SchemaValidator.validate(SchemaGenerator.forRecord(Ticket.class), Json.read(json));
  }

  private static String with(String property, String value) {
    return VALID.replaceFirst(
        "\"" + property + "\":(\\{[^}]*\\}|\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]+)",
        java.util.regex.Matcher.quoteReplacement("\"" + property + "\":" + value));
  }

  @Test
  void validAnswerHasNoErrors() throws Exception {
    assertThat(validate(VALID)).isEmpty();
  }

  @Test
  void enumOutsideItsConstants() throws Exception {
    assertThat(validate(with("priority", "\"urgent\"")))
        .containsExactly("$.priority: expected one of [LOW, MEDIUM, HIGH] but was \"urgent\"");
  }

  @Test
  void wrongItemTypeInArrayNamesTheIndex() throws Exception {
    assertThat(validate(with("tags", "[\"a\",42]")))
        .containsExactly("$.tags[1]: expected string but was 42");
  }

  @Test
  void missingRequiredPropertyIsReportedAtTheObject() throws Exception {
    assertThat(validate(VALID.replace("\"summary\":\"s\",", "")))
        .containsExactly("$: missing required property 'summary'");
  }

  @Test
  void unexpectedPropertyListsTheAllowedOnes() throws Exception {
    assertThat(validate(with("contact", "{\"name\":\"Ann\",\"email\":\"a@x\",\"phone\":1}")))
        .containsExactly("$.contact: unexpected property 'phone'; allowed: [name, email]");
  }

  @Test
  void nestedObjectsInArraysGetFullPaths() throws Exception {
    assertThat(validate(with("watchers", "[{\"name\":\"Bo\",\"email\":\"b@x\"},{\"name\":7}]")))
        .containsExactly(
            "$.watchers[1].name: expected string but was 7",
            "$.watchers[1]: missing required property 'email'");
  }

  @Test
  void scalarTypeMismatches() throws Exception {
    assertThat(validate(with("count", "1.5")))
        .containsExactly("$.count: expected integer but was 1.5");
    assertThat(validate(with("count", "\"3\"")))
        .containsExactly("$.count: expected integer but was \"3\"");
    assertThat(validate(with("score", "\"high\"")))
        .containsExactly("$.score: expected number but was \"high\"");
    assertThat(validate(with("urgent", "\"yes\"")))
        .containsExactly("$.urgent: expected boolean but was \"yes\"");
    assertThat(validate(with("contact", "[]")))
        .containsExactly("$.contact: expected object but was []");
    assertThat(validate(with("tags", "\"a\"")))
        .containsExactly("$.tags: expected array but was \"a\"");
  }

  @Test
  void wholeNumberWrittenWithFractionIsAnInteger() throws Exception {
    assertThat(validate(with("count", "2.0"))).isEmpty();
  }

  @Test
  void integerOutsideTheJavaTypeRange() throws Exception {
    assertThat(validate(with("level", "300")))
        .containsExactly("$.level: expected an integer from -128 to 127 but was 300");
  }

  @Test
  void nullForRequiredPropertyIsATypeError() throws Exception {
    assertThat(validate(with("summary", "null")))
        .containsExactly("$.summary: expected string but was null");
  }

  @Test
  void nullOrAbsenceIsFineForOptionalProperty() throws Exception {
    assertThat(validate(VALID.replace("{\"summary\"", "{\"note\":null,\"summary\""))).isEmpty();
    assertThat(validate(VALID.replace("{\"summary\"", "{\"note\":\"n\",\"summary\""))).isEmpty();
    assertThat(validate(VALID.replace("{\"summary\"", "{\"note\":5,\"summary\"")))
        .containsExactly("$.note: expected string but was 5");
  }

  @Test
  void mapValuesAreCheckedWithKeyPaths() throws Exception {
    assertThat(validate(with("stock", "{\"apples\":3,\"blood oranges\":\"many\",\"kiwis\":1.5}")))
        .containsExactly(
            "$.stock['blood oranges']: expected integer but was \"many\"",
            "$.stock.kiwis: expected integer but was 1.5");
  }

  @Test
  void setItemsMustBeUnique() throws Exception {
    assertThat(validate(with("labels", "[\"x\",\"y\",\"x\"]")))
        .containsExactly("$.labels[2]: duplicate of $.labels[0]");
  }

  @Test
  void formatsAreChecked() throws Exception {
    assertThat(validate(with("due", "\"tomorrow\"")))
        .containsExactly("$.due: expected a date (yyyy-MM-dd) but was \"tomorrow\"");
    assertThat(validate(with("at", "\"2026-11-03T10:15:30\"")))
        .containsExactly(
            "$.at: expected a date-time with offset (e.g. 2024-05-01T10:15:30Z) but was"
                + " \"2026-11-03T10:15:30\"");
    assertThat(validate(with("id", "\"1-2-3-4-5\"")))
        .containsExactly("$.id: expected a UUID but was \"1-2-3-4-5\"");
    assertThat(validate(with("grade", "\"AB\"")))
        .containsExactly("$.grade: expected a string of exactly 1 character but was \"AB\"");
  }

  @Test
  void everyProblemIsCollectedInSchemaOrderThenUnexpectedOnes() throws Exception {
    String json =
        "{\"priority\":\"urgent\",\"tags\":[1],\"labels\":[],\"count\":1,\"score\":1,"
            + "\"urgent\":true,\"contact\":{\"name\":\"A\",\"email\":\"e\"},\"watchers\":[],"
            + "\"stock\":{},\"due\":\"2026-01-01\",\"at\":\"2026-01-01T00:00:00Z\","
            + "\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"grade\":\"A\",\"level\":1,"
            + "\"extra\":true}";

    assertThat(validate(json))
        .containsExactly(
            "$: missing required property 'summary'",
            "$.priority: expected one of [LOW, MEDIUM, HIGH] but was \"urgent\"",
            "$.tags[0]: expected string but was 1",
            "$: unexpected property 'extra'; allowed: [summary, priority, tags, labels, count,"
                + " score, urgent, contact, watchers, stock, note, due, at, id, grade, level]");
  }

  @Test
  void rootThatIsNotAnObject() throws Exception {
    assertThat(validate("\"hello\"")).containsExactly("$: expected object but was \"hello\"");
  }

  @Test
  void longValuesAreCutInMessages() throws Exception {
    String longText = "x".repeat(100);

    assertThat(validate(with("count", "\"" + longText + "\"")))
        .containsExactly("$.count: expected integer but was \"" + "x".repeat(56) + "...");
  }

  record Node(String name, List<Node> children) {}

  @Test
  void recursiveSchemasAreFollowedThroughRefs() throws Exception {
    String json =
        "{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[{\"name\":3,\"children\":[]}]}]}";

    assertThat(SchemaValidator.validate(SchemaGenerator.forRecord(Node.class), Json.read(json)))
        .containsExactly("$.children[0].children[0].name: expected string but was 3");
  }
}
