package dev.bedrockkit.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkNumber;
import software.amazon.awssdk.core.document.Document;

class DocumentsTest {
  private static final String NESTED =
      "{\"s\":\"x\\\"y\",\"i\":42,\"neg\":-7,\"l\":9000000000,"
          + "\"big\":123456789012345678901234567890,\"d\":1.10,\"e\":1.5E+300,"
          + "\"t\":true,\"f\":false,\"n\":null,"
          + "\"list\":[1,\"two\",null,[3,[4]],{\"k\":[]}],\"map\":{\"inner\":{\"deeper\":{}}}}";

  @Test
  void jsonTextRoundTripsThroughDocumentExactly() throws Exception {
    Document document = Documents.fromJson(NESTED);

    assertThat(Documents.toJson(document)).isEqualTo(NESTED);
  }

  @Test
  void documentRoundTripsThroughJsonNodeToAnEqualDocument() {
    Map<String, Document> map = new LinkedHashMap<>();
    map.put("int", Document.fromNumber(7));
    map.put("long", Document.fromNumber(Long.MAX_VALUE));
    map.put("bigInteger", Document.fromNumber(new BigInteger("99999999999999999999")));
    map.put("decimal", Document.fromNumber(new BigDecimal("0.10")));
    map.put("fromString", Document.fromNumber("3.14159265358979323846264338327950288"));
    map.put("null", Document.fromNull());
    map.put("list", Document.fromList(List.of(Document.fromString("a"), Document.fromNull())));
    map.put("bool", Document.fromBoolean(true));
    Document original = Document.fromMap(map);

    Document back = Documents.fromJsonNode(Documents.toJsonNode(original));

    assertThat(Documents.toJson(back)).isEqualTo(Documents.toJson(original));
    assertThat(back.asMap().get("decimal").asNumber().stringValue()).isEqualTo("0.10");
    assertThat(back.asMap().get("fromString").asNumber().bigDecimalValue())
        .isEqualTo(new BigDecimal("3.14159265358979323846264338327950288"));
    assertThat(back.asMap().get("null").isNull()).isTrue();
    assertThat(back.asMap().keySet()).containsExactlyElementsOf(map.keySet());
  }

  @Test
  void numbersBecomeTheNarrowestExactNode() {
    JsonNode node =
        Documents.toJsonNode(
            Document.fromList(
                List.of(
                    Document.fromNumber(1),
                    Document.fromNumber(5_000_000_000L),
                    Document.fromNumber(new BigInteger("18446744073709551616")),
                    Document.fromNumber(SdkNumber.fromString("2.50")))));

    assertThat(node.get(0).isInt()).isTrue();
    assertThat(node.get(1).isLong()).isTrue();
    assertThat(node.get(2).isBigInteger()).isTrue();
    assertThat(node.get(3).isBigDecimal()).isTrue();
    assertThat(node.get(3).decimalValue()).isEqualByComparingTo("2.5");
    assertThat(node.get(3).decimalValue().scale()).isEqualTo(2);
  }

  @Test
  void doubleNodesBecomeNumbers() {
    Document document = Documents.fromJsonNode(Json.NODES.numberNode(0.25d));

    assertThat(document.asNumber().doubleValue()).isEqualTo(0.25d);
  }

  @Test
  void nullDocumentAndMissingNodeMapToNulls() {
    assertThat(Documents.toJsonNode(null).isNull()).isTrue();
    assertThat(Documents.fromJsonNode(null).isNull()).isTrue();
    assertThat(Documents.fromJsonNode(Json.NODES.missingNode()).isNull()).isTrue();
  }

  @Test
  void invalidJsonTextFailsWithTheParserMessage() {
    assertThatThrownBy(() -> Documents.fromJson("{\"a\":"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not valid JSON: Unexpected end-of-input");
  }
}
