package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BudgetExceededException;
import dev.bedrockkit.Budgets;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.PricingCatalog;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;
import java.math.BigDecimal;

/** What each answer cost in USD, a tiny budget crossing 80 % and 100 %, then the hard limit. */
public final class CostAndBudgetExample {
  public static void main(String[] args) {
    Budgets budgets = Budgets.builder()
        .limit("support", new BigDecimal("0.0001")) // a few calls' worth, to see the alerts
        .hardLimit(true)
        .listener(alert -> System.out.printf("budget alert: %s crossed %d%% (spent $%s of $%s)%n",
            alert.attribution(), alert.threshold(), alert.spentUsd().toPlainString(),
            alert.limitUsd().toPlainString()))
        .build();
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build();
        BedrockKit kit = BedrockKit.builder()
            .client(client)
            .models("anthropic.claude-3-haiku-20240307-v1:0")
            .pricing(PricingCatalog.ofDefaults()) // list prices as of PricingCatalog.PRICES_AS_OF
            .budgets(budgets)
            .build()) {
      for (int i = 1; i <= 10; i++) {
        try {
          ChatResponse r = kit.chat(ChatRequest.builder()
              .user("Summarise ticket #" + i + " in two sentences.").attribution("support").build());
          System.out.printf("call %d: %d in + %d out tokens = $%s%n", i, r.usage().inputTokens(),
              r.usage().outputTokens(), r.costUsd().map(BigDecimal::toPlainString).orElse("unknown"));
        } catch (BudgetExceededException e) {
          System.out.println("call " + i + ": refused before any model call: " + e.getMessage());
          break;
        }
      }
      System.out.println("spent this month: $" + budgets.spent("support").toPlainString());
    }
  }

  private CostAndBudgetExample() {}
}
