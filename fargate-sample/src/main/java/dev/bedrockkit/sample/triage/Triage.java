package dev.bedrockkit.sample.triage;

import dev.bedrockkit.Description;

/**
 * The model's triage of a ticket, read from its answer through a forced tool call whose JSON
 * schema bedrock-kit derives from this record (the enums become the allowed values).
 *
 * @param category which team should handle it
 * @param priority how soon
 * @param summary one sentence for the support queue
 */
public record Triage(
    @Description("Which team should handle the ticket") Category category,
    @Description("How soon a person must look at it; URGENT only when the customer cannot work at all")
        Priority priority,
    @Description("One plain sentence describing the problem, without names or contact details")
        String summary) {

  /** Support teams. */
  public enum Category {
    BILLING,
    TECHNICAL,
    ACCOUNT,
    SHIPPING,
    OTHER
  }

  /** How soon. */
  public enum Priority {
    LOW,
    MEDIUM,
    HIGH,
    URGENT
  }
}
