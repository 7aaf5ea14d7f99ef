package dev.bedrockkit.cache.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bedrockkit.CacheScope;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.TokenUsage;
import dev.bedrockkit.cache.LocalEmbedder;
import dev.bedrockkit.cache.SemanticCache;
import dev.bedrockkit.cache.eval.SemanticEvaluation.Scored;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;

/** Precision and recall of the semantic cache on the labelled set, with the real local model. */
class SemanticEvaluationTest {
  private static LocalEmbedder embedder;
  private static List<Scored> scored;

  @BeforeAll
  static void score() throws IOException {
    embedder = LocalEmbedder.create();
    scored = SemanticEvaluation.score(SemanticEvaluation.pairs(), embedder);
    String report = SemanticEvaluation.report(scored, embedder.id());
    System.out.println(report);
    Files.writeString(Path.of("target", "semantic-eval.md"), report, StandardCharsets.UTF_8);
  }

  @Test
  void setHasAtLeast200LabelledPairsOfBothKinds() {
    assertThat(scored).hasSizeGreaterThanOrEqualTo(200);
    assertThat(scored.stream().filter(s -> s.pair().shouldHit()).count()).isGreaterThan(100);
    assertThat(scored.stream().filter(s -> !s.pair().shouldHit()).map(s -> s.pair().category()))
        .contains("number", "negation", "entity", "unit", "date", "opposite", "topic");
  }

  @Test
  void defaultThresholdKeepsPrecisionAtLeast99Percent() {
    SemanticEvaluation.Point p =
        SemanticEvaluation.at(scored, SemanticCache.DEFAULT_THRESHOLD, true);

    assertThat(p.precision()).isGreaterThanOrEqualTo(0.99);
    assertThat(p.recall()).isGreaterThan(0.5);
  }

  @Test
  void guardsRefuseEveryNumberNegationUnitAndDateNearMissAtAnySimilarity() {
    assertThat(scored)
        .filteredOn(s -> !s.pair().shouldHit())
        .filteredOn(s -> List.of("number", "negation", "unit", "date").contains(
            s.pair().category()))
        .allSatisfy(s -> assertThat(s.conflict()).as(s.pair().a() + " / " + s.pair().b())
            .isNotNull());
  }

  @Test
  void theCacheItselfDecidesEveryPairAsTheHarnessDoes() {
    SemanticCache cache =
        SemanticCache.builder()
            .embedder(embedder)
            .untemplated()
            .maxEntries(1_000)
            .meterRegistry(new SimpleMeterRegistry())
            .build();
    int i = 0;
    for (Scored s : scored) {
      CacheScope scope = CacheScope.tenant("pair-" + i++); // one pair per scope: no interference
      cache.store(request(s.pair().a(), scope), answer("answer to " + s.pair().a()));
      Optional<ChatResponse> hit = cache.lookup(request(s.pair().b(), scope));
      assertThat(hit.isPresent())
          .as("%s / %s (%.4f, %s)", s.pair().a(), s.pair().b(), s.similarity(), s.conflict())
          .isEqualTo(s.predictedHit(SemanticCache.DEFAULT_THRESHOLD, true));
    }
  }

  private static ChatRequest request(String text, CacheScope scope) {
    return ChatRequest.builder().model("anthropic.claude-3-haiku-20240307-v1:0").user(text)
        .cacheScope(scope).build();
  }

  private static ChatResponse answer(String text) {
    return new ChatResponse(text, List.of(), null, StopReason.END_TURN, new TokenUsage(1, 1, 0, 0),
        Duration.ofMillis(1), "anthropic.claude-3-haiku-20240307-v1:0", null, List.of(), false,
        false, Optional.empty(), 0, null);
  }
}
