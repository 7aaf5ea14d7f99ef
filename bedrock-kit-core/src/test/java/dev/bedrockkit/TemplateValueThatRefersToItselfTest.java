package dev.bedrockkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bedrockkit.test.BedrockEmulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression: a template value written as JSON (a list, map or record) that refers to itself, or
 * nests deeper than Jackson's write limit, escaped {@code render} and {@code BedrockKit.call} as
 * an {@code UncheckedIOException} (default stack) or a {@code StackOverflowError} (small stacks,
 * e.g. {@code -Xss512k}), not as the {@link TemplateException} the API promises. Found by the
 * reliability suite's hostile-input corpus.
 */
class TemplateValueThatRefersToItselfTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  record Items(List<Object> items) {}

  static final PromptTemplate<Items, String> TEMPLATE =
      PromptTemplate.builder("items", Items.class).user("Sort {{items}}").build();

  private static List<Object> nested(int depth) {
    List<Object> root = new ArrayList<>();
    List<Object> current = root;
    for (int i = 1; i < depth; i++) {
      List<Object> next = new ArrayList<>();
      current.add(next);
      current = next;
    }
    return root;
  }

  @Test
  void aListThatContainsItselfIsATemplateExceptionNamingThePlaceholder() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);

    assertThatThrownBy(() -> TEMPLATE.render(new Items(cycle)))
        .isInstanceOf(TemplateException.class)
        .hasMessage(
            "Template 'items' v1 cannot render {{items}}: it nests more than 64 levels deep, or"
                + " refers to itself; pass plain data (records, lists, maps, scalars) at most 64"
                + " levels deep")
        .hasNoCause()
        .extracting(e -> ((TemplateException) e).variable())
        .isEqualTo("items");
  }

  @Test
  void aValueNestedDeeperThanTheLimitIsATemplateException() {
    assertThatThrownBy(() -> TEMPLATE.render(new Items(nested(5_000))))
        .isInstanceOf(TemplateException.class);
    assertThatThrownBy(() -> TEMPLATE.values(new Items(nested(65))))
        .isInstanceOf(TemplateException.class);
  }

  @Test
  void aValueAtTheLimitRenders() {
    assertThat(TEMPLATE.render(new Items(nested(64))).user()).contains("[".repeat(64));
  }

  @Test
  void aMapKeyIsNeverQuoted() {
    Map<String, Object> map = new java.util.HashMap<>();
    map.put("secret-key-canary", map);

    assertThatThrownBy(() -> TEMPLATE.render(new Items(List.of(map))))
        .isInstanceOf(TemplateException.class)
        .hasMessageNotContaining("secret-key-canary");
  }

  @Test
  void onASmallStackItIsStillATemplateException() throws InterruptedException {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                TEMPLATE.render(new Items(cycle));
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "small-stack",
            256 * 1024);
    t.start();
    t.join();
    assertThat(thrown.get()).isInstanceOf(TemplateException.class);
  }

  @Test
  void callFailsWithTheTemplateExceptionBeforeAnyModelCall() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    try (BedrockKit kit =
        BedrockKit.builder().client(BEDROCK.bedrockClient()).models(TestModels.HAIKU).build()) {
      assertThatThrownBy(() -> kit.call(TEMPLATE, new Items(cycle)))
          .isInstanceOf(TemplateException.class);
    }
    assertThat(BEDROCK.journal().size()).isZero();
  }
}
