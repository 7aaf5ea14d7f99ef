package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Pins every metric name, tag key and fixed tag value: a rename must be deliberate, here and in
 * the dashboards and alerts that use it.
 */
class MetricNamesTest {

  @Test
  void everyNameTagKeyAndValueIsPinned() {
    Map<String, String> actual = new TreeMap<>();
    for (Field f : MetricNames.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (Modifier.isPublic(m) && Modifier.isStatic(m) && f.getType() == String.class) {
        try {
          actual.put(f.getName(), (String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }

    assertThat(actual)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
            Map.entry("OPERATION_DURATION", "gen_ai.client.operation.duration"),
            Map.entry("TOKEN_USAGE", "gen_ai.client.token.usage"),
            Map.entry("TIME_TO_FIRST_CHUNK", "gen_ai.client.operation.time_to_first_chunk"),
            Map.entry("TIME_PER_OUTPUT_CHUNK", "gen_ai.client.operation.time_per_output_chunk"),
            Map.entry("OPERATION_NAME", "gen_ai.operation.name"),
            Map.entry("PROVIDER_NAME", "gen_ai.provider.name"),
            Map.entry("REQUEST_MODEL", "gen_ai.request.model"),
            Map.entry("RESPONSE_MODEL", "gen_ai.response.model"),
            Map.entry("TOKEN_TYPE", "gen_ai.token.type"),
            Map.entry("ERROR_TYPE", "error.type"),
            Map.entry("SERVER_ADDRESS", "server.address"),
            Map.entry("SERVER_PORT", "server.port"),
            Map.entry("PROVIDER_AWS_BEDROCK", "aws.bedrock"),
            Map.entry("TOKEN_TYPE_INPUT", "input"),
            Map.entry("TOKEN_TYPE_OUTPUT", "output"),
            Map.entry("TOKEN_TYPE_CACHE_READ", "cache_read"),
            Map.entry("TOKEN_TYPE_CACHE_WRITE", "cache_write"),
            Map.entry("SERVER_ADDRESS_PREFIX", "bedrock-runtime."),
            Map.entry("SERVER_ADDRESS_SUFFIX", ".amazonaws.com"),
            Map.entry("SERVER_ADDRESS_SUFFIX_CHINA", ".amazonaws.com.cn"),
            Map.entry("SERVER_PORT_HTTPS", "443"),
            Map.entry("COST", "bedrockkit.cost"),
            Map.entry("ATTEMPTS", "bedrockkit.attempts"),
            Map.entry("FALLBACKS", "bedrockkit.fallbacks"),
            Map.entry("THROTTLES", "bedrockkit.throttles"),
            Map.entry("CIRCUIT_STATE", "bedrockkit.circuit.state"),
            Map.entry("STREAM_OUTPUT_TOKENS_PER_SECOND", "bedrockkit.stream.output.tokens.per.second"),
            Map.entry("DEGRADED", "bedrockkit.degraded"),
            Map.entry("CONFIG_RELOADS", "bedrockkit.config.reloads"),
            Map.entry("BUDGET_USED", "bedrockkit.budget.used.ratio"),
            Map.entry("BUDGET_ALERTS", "bedrockkit.budget.alerts"),
            Map.entry("BUDGET_REJECTIONS", "bedrockkit.budget.rejections"),
            Map.entry("PRICING_UNKNOWN", "bedrockkit.pricing.unknown"),
            Map.entry("CACHE_REQUESTS", "bedrockkit.cache.requests"),
            Map.entry("CACHE_SAVED_COST", "bedrockkit.cache.saved.cost"),
            Map.entry("DEGRADATIONS", "bedrockkit.optional.failures"),
            Map.entry("OBSERVATION_REQUEST", "bedrockkit.request"),
            Map.entry("OBSERVATION_ATTEMPT", "bedrockkit.attempt"),
            Map.entry("ATTRIBUTION_UNLISTED", "bedrockkit.attribution.unlisted"),
            Map.entry("UNIT_TOKENS", "tokens"),
            Map.entry("UNIT_USD", "usd"),
            Map.entry("UNIT_TOKENS_PER_SECOND", "tokens.per.second"),
            Map.entry("TAG_MODEL", "model"),
            Map.entry("TAG_REGION", "region"),
            Map.entry("TAG_OPERATION", "operation"),
            Map.entry("TAG_OUTCOME", "outcome"),
            Map.entry("TAG_REASON", "reason"),
            Map.entry("TAG_TEMPLATE", "template"),
            Map.entry("TAG_ATTRIBUTION", "attribution"),
            Map.entry("TAG_TIER", "tier"),
            Map.entry("TAG_RESULT", "result"),
            Map.entry("TAG_THRESHOLD", "threshold"),
            Map.entry("TAG_COMPONENT", "component"),
            Map.entry("NONE", "none"),
            Map.entry("OTHER", "other"),
            Map.entry("REASON_THROTTLED", "throttled"),
            Map.entry("REASON_TIMEOUT", "timeout"),
            Map.entry("REASON_UNAVAILABLE", "unavailable"),
            Map.entry("REASON_CIRCUIT_OPEN", "circuit_open"),
            Map.entry("REASON_BULKHEAD_FULL", "bulkhead_full"),
            Map.entry("REASON_CONTEXT_WINDOW", "context_window"),
            Map.entry("REASON_NOT_CALLABLE", "not_callable"),
            Map.entry("REASON_OTHER", "other"),
            Map.entry("RELOAD_OK", "ok"),
            Map.entry("RELOAD_REJECTED", "rejected"),
            Map.entry("RELOAD_UNAVAILABLE", "unavailable"),
            Map.entry("THRESHOLD_80", "80"),
            Map.entry("THRESHOLD_100", "100"),
            Map.entry("CACHE_TIER_LOCAL", "local"),
            Map.entry("CACHE_TIER_REDIS", "redis"),
            Map.entry("CACHE_TIER_SEMANTIC", "semantic"),
            Map.entry("CACHE_TIER_IN_FLIGHT", "inflight"),
            Map.entry("CACHE_RESULT_HIT", "hit"),
            Map.entry("CACHE_RESULT_MISS", "miss"),
            Map.entry("CACHE_RESULT_ERROR", "error"),
            Map.entry("CACHE_RESULT_INVALID", "invalid"),
            Map.entry("CACHE_RESULT_REJECTED", "rejected"),
            Map.entry("COMPONENT_CACHE_REDIS", "cache.redis")));
  }
}
