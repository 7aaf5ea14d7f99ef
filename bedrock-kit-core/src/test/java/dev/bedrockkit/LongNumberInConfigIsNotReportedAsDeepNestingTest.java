package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Regression: the model configuration parser reported every limit Jackson enforces as "nested more
 * than 16 levels deep", so a document whose only problem was a 5,000-digit number (a paste
 * accident in Parameter Store, or a hostile value) sent its author looking for nesting that was
 * not there. Found by the reliability suite's hostile-input corpus.
 */
class LongNumberInConfigIsNotReportedAsDeepNestingTest {
  private static String withMaxTokens(String number) {
    return "{\"chains\":{\"default\":[{\"modelId\":\"" + TestModels.HAIKU + "\",\"maxTokens\":"
        + number + "}]}}";
  }

  @Test
  void aNumberLongerThanTheParserAllowsIsNamedAsSuch() {
    assertThatThrownBy(() -> ModelConfig.fromJson(withMaxTokens("9".repeat(5_000)), "7"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("malformed JSON")
        .hasMessageContaining("a number longer than 1000 characters")
        .hasMessageNotContaining("nested")
        .hasMessageNotContaining("99999");
  }

  @Test
  void deepNestingIsStillReportedAsNesting() {
    assertThatThrownBy(() -> ModelConfig.fromJson("[".repeat(17) + "]".repeat(17), "7"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("nested more than 16 levels deep");
  }
}
