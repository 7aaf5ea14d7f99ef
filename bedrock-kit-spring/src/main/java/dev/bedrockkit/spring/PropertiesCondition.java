package dev.bedrockkit.spring;

import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * A condition on {@code bedrock-kit.*} settings that a plain property condition cannot see (a
 * non-empty list or map, one of several properties). Each binds only the properties it needs, so
 * a mistake elsewhere is reported where those properties are used.
 *
 * <p>Stateless.
 */
abstract class PropertiesCondition extends SpringBootCondition {
  private final String description;
  private final Predicate<Binder> test;

  PropertiesCondition(String description, Predicate<Binder> test) {
    this.description = description;
    this.test = test;
  }

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    return test.test(Binder.get(context.getEnvironment()))
        ? ConditionOutcome.match(description)
        : ConditionOutcome.noMatch("not " + description);
  }

  /** No parameter name, and at least one chain or model in properties. */
  static final class StaticChains extends PropertiesCondition {
    StaticChains() {
      super(
          "bedrock-kit.models or bedrock-kit.chains set without bedrock-kit.config.parameter-name",
          binder -> {
            String parameter =
                binder.bind("bedrock-kit.config.parameter-name", String.class).orElse("");
            boolean models =
                binder
                    .bind("bedrock-kit.models", Bindable.listOf(String.class))
                    .map(list -> !list.isEmpty())
                    .orElse(false);
            boolean chains =
                binder
                    .bind(
                        "bedrock-kit.chains",
                        Bindable.mapOf(String.class, BedrockKitProperties.Target[].class))
                    .map(map -> !map.isEmpty())
                    .orElse(false);
            return parameter.isBlank() && (models || chains);
          });
    }
  }

  /** A budget limit is set. */
  static final class BudgetsConfigured extends PropertiesCondition {
    BudgetsConfigured() {
      super(
          "bedrock-kit.budgets.limits or bedrock-kit.budgets.default-limit set",
          binder ->
              binder
                      .bind("bedrock-kit.budgets.limits", Bindable.mapOf(String.class, String.class))
                      .map(Map::size)
                      .orElse(0)
                  > 0
                  || binder.bind("bedrock-kit.budgets.default-limit", String.class).isBound());
    }
  }

  /** Allowed attribution values are set, or attribution is required. */
  static final class AttributionsAllowed extends PropertiesCondition {
    AttributionsAllowed() {
      super(
          "bedrock-kit.attribution.allowed or bedrock-kit.attribution.required set",
          binder ->
              binder
                      .bind("bedrock-kit.attribution.allowed", Bindable.listOf(String.class))
                      .map(list -> !list.isEmpty())
                      .orElse(false)
                  || binder.bind("bedrock-kit.attribution.required", Boolean.class).orElse(false));
    }
  }

  /** A non-blank Redis URL for the response cache. */
  static final class RedisUrlSet extends PropertiesCondition {
    RedisUrlSet() {
      super(
          "bedrock-kit.cache.redis.url set",
          binder -> !binder.bind("bedrock-kit.cache.redis.url", String.class).orElse("").isBlank());
    }
  }
}
