package dev.bedrockkit.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bedrockkit.Description;
import dev.bedrockkit.internal.json.Json;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchemaGeneratorTest {
  enum Priority {
    LOW,
    MEDIUM,
    @JsonProperty("HIGH!")
    HIGH
  }

  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
  @interface Nullable {}

  record Address(String city, @Description("ISO 3166 alpha-2") String country) {}

  @Description("The answer to a support ticket")
  record Answer(
      @Description("One paragraph, plain text") String summary,
      Priority priority,
      List<String> tags,
      Set<Integer> codes,
      double[] scores,
      Map<String, BigDecimal> prices,
      Address address,
      List<Address> history,
      Optional<String> note,
      @Nullable String comment,
      @JsonProperty("due_date") LocalDate due,
      Instant at,
      boolean urgent,
      long count,
      BigInteger huge,
      char grade,
      UUID id,
      OptionalInt retries) {}

  @Test
  void derivesTheExactSchemaOfANonTrivialRecord() {
    String expected =
        "{\"type\":\"object\",\"description\":\"The answer to a support"
            + " ticket\",\"properties\":{\"summary\":{\"type\":\"string\",\"description\":\"One"
            + " paragraph, plain text\"},"
            + "\"priority\":{\"type\":\"string\",\"enum\":[\"LOW\",\"MEDIUM\",\"HIGH!\"]},"
            + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"codes\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"uniqueItems\":true},"
            + "\"scores\":{\"type\":\"array\",\"items\":{\"type\":\"number\"}},"
            + "\"prices\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}},"
            + "\"address\":{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\"},\"country\":{\"type\":\"string\",\"description\":\"ISO"
            + " 3166 alpha-2\"}},"
            + "\"required\":[\"city\",\"country\"],\"additionalProperties\":false},"
            + "\"history\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
            + "\"city\":{\"type\":\"string\"},\"country\":{\"type\":\"string\",\"description\":\"ISO"
            + " 3166 alpha-2\"}},"
            + "\"required\":[\"city\",\"country\"],\"additionalProperties\":false}},"
            + "\"note\":{\"type\":\"string\"},\"comment\":{\"type\":\"string\"},"
            + "\"due_date\":{\"type\":\"string\",\"format\":\"date\"},"
            + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"},"
            + "\"urgent\":{\"type\":\"boolean\"},\"count\":{\"type\":\"integer\"},"
            + "\"huge\":{\"type\":\"integer\"},"
            + "\"grade\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":1},"
            + "\"id\":{\"type\":\"string\",\"format\":\"uuid\"},"
            + "\"retries\":{\"type\":\"integer\"}},"
            + "\"required\":[\"summary\",\"priority\",\"tags\",\"codes\",\"scores\",\"prices\","
            + "\"address\",\"history\",\"due_date\",\"at\",\"urgent\",\"count\",\"huge\",\"grade\","
            + "\"id\"],\"additionalProperties\":false}";

    assertThat(Json.write(SchemaGenerator.forRecord(Answer.class).toJson())).isEqualTo(expected);
  }

  record Node(String name, List<Node> children) {}

  @Test
  void recursiveRootRefersToItselfWithHash() {
    assertThat(Json.write(SchemaGenerator.forRecord(Node.class).toJson()))
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#\"}}},"
                + "\"required\":[\"name\",\"children\"],\"additionalProperties\":false}");
  }

  record Tree(String title, Node root, Node spare) {}

  @Test
  void recursiveNestedRecordIsDefinedOnceUnderDefs() {
    assertThat(Json.write(SchemaGenerator.forRecord(Tree.class).toJson()))
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
                + "\"root\":{\"$ref\":\"#/$defs/Node\"},\"spare\":{\"$ref\":\"#/$defs/Node\"}},"
                + "\"required\":[\"title\",\"root\",\"spare\"],\"additionalProperties\":false,"
                + "\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{"
                + "\"name\":{\"type\":\"string\"},"
                + "\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\"}}},"
                + "\"required\":[\"name\",\"children\"],\"additionalProperties\":false}}}");
  }

  record Item(String sku, int quantity) {}

  @Test
  void listSchemaWrapsItemsInAnObject() {
    assertThat(Json.write(SchemaGenerator.forList(Item.class).toJson()))
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{"
                + "\"type\":\"object\",\"properties\":{\"sku\":{\"type\":\"string\"},"
                + "\"quantity\":{\"type\":\"integer\"}},\"required\":[\"sku\",\"quantity\"],"
                + "\"additionalProperties\":false}}},\"required\":[\"items\"],"
                + "\"additionalProperties\":false}");
  }

  @Test
  void recursiveListElementMovesToDefs() {
    assertThat(Json.write(SchemaGenerator.forList(Node.class).toJson()))
        .isEqualTo(
            "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":"
                + "{\"$ref\":\"#/$defs/Node\"}}},\"required\":[\"items\"],"
                + "\"additionalProperties\":false,\"$defs\":{\"Node\":{\"type\":\"object\","
                + "\"properties\":{\"name\":{\"type\":\"string\"},\"children\":{\"type\":\"array\","
                + "\"items\":{\"$ref\":\"#/$defs/Node\"}}},\"required\":[\"name\",\"children\"],"
                + "\"additionalProperties\":false}}}");
  }

  @Test
  void schemaIsCachedPerClassAndHandsOutCopies() {
    RecordSchema first = SchemaGenerator.forRecord(Item.class);

    first.toJson().put("type", "changed");

    assertThat(SchemaGenerator.forRecord(Item.class)).isSameAs(first);
    assertThat(first.toJson().get("type").asText()).isEqualTo("object");
  }

  record WithObject(String name, Object extra) {}

  record WithRawList(@SuppressWarnings("rawtypes") List values) {}

  record WithIntKeys(Map<Integer, String> byId) {}

  record Page<T>(List<T> items) {}

  record WithPage(Page<String> page) {}

  record WithBytes(byte[] data) {}

  record WithNestedOptional(List<Optional<String>> values) {}

  @Test
  void unsupportedTypesFailNamingTheComponent() {
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithObject.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "WithObject.extra has type java.lang.Object, which has no JSON schema; supported are"
                + " records, String, char, boolean, the integer and floating-point types,"
                + " BigInteger, BigDecimal, enums, List, Set, Collection, arrays, Map<String, X>,"
                + " Optional, LocalDate, Instant, OffsetDateTime, ZonedDateTime and UUID");
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithRawList.class))
        .hasMessageStartingWith(
            "WithRawList.values has type java.util.List, which has no JSON schema (declare its"
                + " type arguments, e.g. List<String>); supported are");
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithIntKeys.class))
        .hasMessageStartingWith(
            "WithIntKeys.byId has type java.util.Map<java.lang.Integer, java.lang.String>, which"
                + " has no JSON schema (map keys must be String)");
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithPage.class))
        .hasMessage(
            "Page is a generic record; structured output needs concrete types, e.g. a record with"
                + " List<Answer> instead of Page<T>");
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithBytes.class))
        .hasMessageStartingWith(
            "WithBytes.data has type byte[], which has no JSON schema (Jackson reads byte[] as"
                + " base64 text; use String)");
    assertThatThrownBy(() -> SchemaGenerator.forRecord(WithNestedOptional.class))
        .hasMessageStartingWith(
            "WithNestedOptional.values[] has type java.util.Optional<java.lang.String>, which has"
                + " no JSON schema (Optional is only supported as the type of a component)");
  }

  @Test
  void nonRecordFails() {
    assertThatThrownBy(() -> SchemaGenerator.forRecord(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("java.lang.String is not a record; structured output binds to records");
  }
}
