package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.BedrockKitListener.Operation;
import org.junit.jupiter.api.Test;

class AttributionAllowListTest {
  private final AttributionAllowList guard = AttributionAllowList.of("support", "search");

  @Test
  void allowedAndAbsentAttributionsPass() {
    assertThatCode(() -> guard.check(Operation.CHAT, "search")).doesNotThrowAnyException();
    assertThatCode(() -> guard.check(Operation.CHAT, null)).doesNotThrowAnyException();
  }

  @Test
  void anotherAttributionIsRefusedNamingTheAllowedValues() {
    assertThatThrownBy(() -> guard.check(Operation.CHAT, "user-4711"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo("attribution"))
        .hasMessage(
            "attribution 'user-4711' is not allowed: use one of [search, support] or leave it unset"
                + " (attribution is a bounded label such as a team or feature, never a user ID)");
  }

  @Test
  void requiredAttributionRefusesRequestsWithoutOne() {
    AttributionAllowList required = guard.requireAttribution();

    assertThatThrownBy(() -> required.check(Operation.CHAT_STREAM, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "attribution is required: set ChatRequest.builder().attribution(...) to one of"
                + " [search, support]");
    assertThatThrownBy(() -> required.check(Operation.CHAT, "x"))
        .hasMessage(
            "attribution 'x' is not allowed: use one of [search, support] (attribution is a bounded"
                + " label such as a team or feature, never a user ID)");
  }

  @Test
  void anEmptyListIsRejected() {
    assertThatThrownBy(() -> AttributionAllowList.of())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("values cannot be empty");
  }
}
