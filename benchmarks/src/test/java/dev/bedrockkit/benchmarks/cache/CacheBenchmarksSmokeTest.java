package dev.bedrockkit.benchmarks.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.ChatResponse;
import org.junit.jupiter.api.Test;

/** Runs each cache benchmark once, small, so that they cannot rot; JMH itself never runs here. */
class CacheBenchmarksSmokeTest {

  @Test
  void exactHitsAnswerFromBothTiers() throws Exception {
    ExactCacheBenchmark b = new ExactCacheBenchmark();
    b.setUp();
    try {
      assertThat(b.localHit().fromCache()).isTrue();
      ChatResponse fromRedis = b.redisHit();
      assertThat(fromRedis.fromCache()).isTrue();
      assertThat(fromRedis.text()).startsWith("Thanks for reaching out about order 1234.");
    } finally {
      b.tearDown();
    }
  }

  @Test
  void semanticLookupFindsTheParaphraseAndMissesTheStranger() {
    SemanticLookupBenchmark b = new SemanticLookupBenchmark();
    b.entries = 3_000;
    b.setUp();

    for (int i = 0; i < 3; i++) {
      assertThat(b.hit()).isNotNull();
      assertThat(b.miss()).isEqualTo(java.util.Optional.empty());
    }
  }
}
