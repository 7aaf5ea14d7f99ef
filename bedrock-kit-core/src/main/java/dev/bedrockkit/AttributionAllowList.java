package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@link RequestGuard} that refuses requests whose attribution is not one of a fixed set of
 * values (teams, features), so attribution stays a bounded label for metrics, cost and budgets
 * and never becomes a user ID. Refusal is an {@link InvalidRequestException} on field
 * {@code attribution} that names the allowed values, thrown before any model call. Requests
 * without an attribution pass unless {@link #requireAttribution()} is used.
 *
 * <p>Immutable and thread-safe.
 */
public final class AttributionAllowList implements RequestGuard {
  private final Set<String> values;
  private final boolean required;

  private AttributionAllowList(Set<String> values, boolean required) {
    this.values = values;
    this.required = required;
  }

  /** Allows these attribution values (and requests without one). */
  public static AttributionAllowList of(String... values) {
    return of(List.of(Checks.notNull(values, "values")));
  }

  /** Allows these attribution values (and requests without one). */
  public static AttributionAllowList of(Collection<String> values) {
    Checks.notNull(values, "values");
    if (values.isEmpty()) {
      throw new IllegalArgumentException("values cannot be empty");
    }
    Set<String> copy = new TreeSet<>();
    for (String v : values) {
      copy.add(Checks.notBlank(v, "attribution value"));
    }
    return new AttributionAllowList(Set.copyOf(copy), false);
  }

  /** A copy that also refuses requests without an attribution. */
  public AttributionAllowList requireAttribution() {
    return new AttributionAllowList(values, true);
  }

  /** The allowed values. */
  public Set<String> values() {
    return values;
  }

  /** Whether a request with this attribution (may be null) passes. */
  public boolean allows(String attribution) {
    return attribution == null ? !required : values.contains(attribution);
  }

  @Override
  public void check(BedrockKitListener.Operation operation, String attribution) {
    if (allows(attribution)) {
      return;
    }
    String allowed = String.join(", ", new TreeSet<>(values));
    if (attribution == null) {
      throw new InvalidRequestException(
          "attribution",
          "attribution is required: set ChatRequest.builder().attribution(...) to one of ["
              + allowed + "]");
    }
    throw new InvalidRequestException(
        "attribution",
        "attribution '" + attribution + "' is not allowed: use one of [" + allowed + "]"
            + (required ? "" : " or leave it unset")
            + " (attribution is a bounded label such as a team or feature, never a user ID)");
  }

  @Override
  public String toString() {
    return "AttributionAllowList" + new TreeSet<>(values) + (required ? " (required)" : "");
  }
}
