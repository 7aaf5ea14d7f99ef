package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;

/** A model that keeps failing: after 5 failures its circuit opens and calls skip it at once. */
public final class CircuitBreakerExample {
  public static void main(String[] args) {
    String flaky = "anthropic.claude-3-haiku-20240307-v1:0";
    String backup = "anthropic.claude-3-5-sonnet-20240620-v1:0";
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build();
        BedrockKit kit = BedrockKit.builder()
            .client(client)
            .models(flaky, backup)
            .callPolicy(CallPolicy.builder().maxAttempts(1).build())
            .build()) {
      emulator.faults().forModel(flaky).serverErrorNext(1_000);
      for (int i = 1; i <= 7; i++) {
        ChatResponse r = kit.chat(ChatRequest.of("request " + i));
        System.out.printf("request %d: %s -> answered by %s%n", i,
            r.attempts().stream().map(a -> a.outcome().name()).toList(), r.modelId());
      }
      System.out.println("circuits: " + kit.circuitStates());
      System.out.println("calls to the flaky model: " + emulator.journal().count(flaky));
    }
  }

  private CircuitBreakerExample() {}
}
