package dev.bedrockkit.sample.web;

/**
 * One invalid field of a request, as reported in a problem's {@code errors}.
 *
 * @param field the field, in the request's own names, e.g. {@code history[1].role}
 * @param message what is wrong and what is expected
 */
public record FieldProblem(String field, String message) {}
