package dev.bedrockkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SchemaInstancesTest {
  private static String gen(String schema, String prompt) throws Exception {
    return Json.write(SchemaInstances.generate(Json.parse(schema), prompt));
  }

  @Test
  void objectGetsEveryPropertyInOrder() throws Exception {
    assertThat(gen("{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"boolean\"},\"a\":{\"type\":\"string\"}}}", "hi there"))
        .isEqualTo("{\"b\":true,\"a\":\"hi there\"}");
  }

  @Test
  void requiredWithoutPropertySchemaBecomesAString() throws Exception {
    assertThat(gen("{\"type\":\"object\",\"required\":[\"x\"]}", "p")).isEqualTo("{\"x\":\"p\"}");
  }

  @Test
  void arraysHonourMinItemsAndPrefixItems() throws Exception {
    assertThat(gen("{\"type\":\"array\",\"items\":{\"type\":\"integer\"},\"minItems\":3}", "")).isEqualTo("[1,1,1]");
    assertThat(gen("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"integer\"},{\"const\":\"k\"}]}", "")).isEqualTo("[1,\"k\"]");
  }

  @Test
  void anyOfTakesTheFirstNonNullOptionAndNullableTypesTheNonNullType() throws Exception {
    assertThat(gen("{\"anyOf\":[{\"type\":\"null\"},{\"type\":\"integer\",\"minimum\":5}]}", "")).isEqualTo("5");
    assertThat(gen("{\"type\":[\"null\",\"number\"],\"maximum\":0.5}", "")).isEqualTo("0.5");
  }

  @Test
  void allOfMergesObjects() throws Exception {
    assertThat(gen("{\"allOf\":[{\"properties\":{\"a\":{\"type\":\"integer\"}}},{\"properties\":{\"b\":{\"enum\":[\"x\",\"y\"]}}}]}", ""))
        .isEqualTo("{\"a\":1,\"b\":\"x\"}");
  }

  @Test
  void recursiveRefsStopAtTheDepthLimit() throws Exception {
    String schema = "{\"$ref\":\"#/definitions/Node\",\"definitions\":{\"Node\":{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#/definitions/Node\"}}}}}";

    assertThat(gen(schema, "")).startsWith("{\"next\":{\"next\":").contains("null");
  }

  @Test
  void emptyPromptUsesThePropertyNameAndFormatsGetValidValues() throws Exception {
    assertThat(gen("{\"properties\":{\"title\":{\"type\":\"string\"},\"mail\":{\"type\":\"string\",\"format\":\"email\"},"
        + "\"at\":{\"type\":\"string\",\"format\":\"date-time\"}}}", ""))
        .isEqualTo("{\"title\":\"title\",\"mail\":\"user@example.com\",\"at\":\"2024-01-01T00:00:00Z\"}");
  }
}
