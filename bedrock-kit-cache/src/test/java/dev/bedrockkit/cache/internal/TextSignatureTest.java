package dev.bedrockkit.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextSignatureTest {

  private static String conflict(String a, String b) {
    return TextSignature.of(a).conflict(TextSignature.of(b));
  }

  @ParameterizedTest(name = "{0} / {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "What is 2+2? | What is 2+3? | numbers",
        "What is 10-3? | What is 3-10? | numbers",
        "What is 2+2? | What is 2*2? | numbers",
        "Where is order 1234? | Where is order 1235? | numbers",
        "Refund INV-2231 | Refund INV-2232 | numbers",
        "Is Python 3.12 supported? | Is Python 3.1 supported? | numbers",
        "what is two plus two | what is two plus three | numbers",
        "Set an alarm for 7am | Set an alarm for 7pm | units",
        "Convert 5 km to miles | Convert 5 miles to km | units",
        "Transfer $500 to savings | Transfer 500 euros to savings | units",
        "Cancel my order | Do not cancel my order | negation",
        "I agree | I don't agree | negation",
        "Can I return it with a receipt? | Can I return it without a receipt? | negation",
        "Weather in Paris | Weather in London | entities",
        "Flights from Boston to Denver | Flights from Denver to Boston | entities",
        "Compare AWS and Azure | Compare AWS and GCP | entities",
        "Is the iPhone waterproof? | Is the Pixel waterproof? | entities",
        "Meetings today | Meetings tomorrow | dates",
        "Sales for next week | Sales for last week | dates",
        "Open on Sunday? | Open on Saturday? | entities",
        "How do I enable 2FA? | How do I disable 2FA? | opposites",
        "How do I turn on dark mode? | How do I turn off dark mode? | opposites",
        "How do I lock my screen? | How do I unlock my screen? | opposites",
        "How do I import contacts? | How do I export contacts? | opposites",
        "Should I buy Tesla stock? | Should I sell Tesla stock? | opposites",
        "Show orders before Friday | Show orders after Friday | opposites",
      })
  void nearMissesConflictOnTheGuardThatSeesTheDifference(String a, String b, String guard) {
    assertThat(conflict(a, b)).isEqualTo(guard);
    assertThat(conflict(b, a)).isEqualTo(guard);
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "What is 2+2? | what's 2 + 2",
        "what is two plus two | What is 2 + 2?",
        "Where is my order 1,234? | Where's my order #1234?",
        "What is 15% of 200? | What is 15 percent of 200?",
        "Transfer $500 to savings | Transfer 500 dollars to savings",
        "Convert 5 km to miles | How many miles is 5 km?",
        "I can't log in | I cannot log in",
        "I can't log in | I am unable to log in",
        "Do not cancel my order | Please don't cancel my order",
        "What is the capital of France? | What's France's capital?",
        "How do I install Python on Windows? | How can I install Python on Windows?",
        "What's the weather in Paris today? | What is the weather today in Paris?",
        "How do I reset my password? | I forgot my password, how can I reset it?",
      })
  void paraphrasesPassEveryGuard(String a, String b) {
    assertThat(conflict(a, b)).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "How To Reset My Password | how to reset my password",
        "Where is order twenty five? | Where is order 25?",
        "Where is my order 1234? | Status of my order 1234",
      })
  void differentSpellingsOfTheSameThingAreRefusedRatherThanGuessed(String a, String b) {
    assertThat(conflict(a, b)).isNotNull();
  }
}
