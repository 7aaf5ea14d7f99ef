package dev.bedrockkit.sample.triage;

/**
 * A support ticket: the body of {@code POST /v1/tickets/triage} and the input of the {@code
 * ticket-triage} template ({@code {{subject}}}, {@code {{body}}}).
 *
 * @param subject the ticket's subject line
 * @param body what the customer wrote
 */
public record Ticket(String subject, String body) {}
