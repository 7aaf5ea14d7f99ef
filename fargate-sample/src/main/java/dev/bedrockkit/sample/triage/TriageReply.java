package dev.bedrockkit.sample.triage;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.bedrockkit.sample.chat.CallInfo;

/**
 * The answer of {@code POST /v1/tickets/triage}: the triage and, at the same level, the {@link
 * CallInfo} fields.
 *
 * @param triage category, priority and summary
 * @param call how the answer was made
 */
public record TriageReply(Triage triage, @JsonUnwrapped CallInfo call) {}
