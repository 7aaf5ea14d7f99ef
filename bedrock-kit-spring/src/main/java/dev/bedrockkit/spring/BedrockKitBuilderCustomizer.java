package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;

/**
 * Customizes the auto-configured {@link BedrockKit} before it is built, for what properties do not
 * cover: a clock, a scheduler, a model catalog, an extra listener or guard. Every customizer bean
 * is applied after the properties and the listener, guard, cost calculator and cache beans, in
 * {@link org.springframework.core.annotation.Order @Order} (or {@link
 * org.springframework.core.Ordered}) order, so a later customizer overrides an earlier one.
 *
 * <pre>{@code
 * @Bean
 * BedrockKitBuilderCustomizer attributionGuard() {
 *   return builder -> builder.requestGuard((operation, attribution) -> { ... });
 * }
 * }</pre>
 *
 * <p>Called once, on the thread that creates the {@code BedrockKit} bean.
 */
@FunctionalInterface
public interface BedrockKitBuilderCustomizer {

  /** Adjusts {@code builder}; the auto-configuration builds the kit afterwards. */
  void customize(BedrockKit.Builder builder);
}
