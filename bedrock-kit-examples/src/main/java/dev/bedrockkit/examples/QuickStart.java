package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;

/**
 * The README's quick start, run against the embedded emulator: a two-model chain, one question,
 * and what the answer cost in tokens and attempts. With AWS credentials, swap the emulator client
 * for {@code BedrockClients.sync(Region.US_EAST_1)}.
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    try (BedrockEmulator emulator = BedrockEmulator.builder().port(0).start();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build();
        BedrockKit kit =
            BedrockKit.builder()
                .client(client)
                .models(
                    "us.anthropic.claude-3-5-haiku-20241022-v1:0",
                    "anthropic.claude-3-haiku-20240307-v1:0")
                .build()) {
      System.out.println("bedrock-kit emulator listening on " + emulator.endpoint());
      emulator.faults().forModel("us.anthropic.claude-3-5-haiku-20241022-v1:0").throttleRate(1.0, 1);

      ChatResponse answer = kit.chat(ChatRequest.of(args.length > 0 ? String.join(" ", args) : "What is Amazon Bedrock?"));

      System.out.println("answer:   " + answer.text());
      System.out.println("model:    " + answer.modelId() + " (fell back: " + answer.fellBack() + ")");
      System.out.println("tokens:   " + answer.usage().inputTokens() + " in, " + answer.usage().outputTokens() + " out");
      System.out.println("attempts: " + answer.attempts().size() + " " + answer.attempts().stream().map(a -> a.outcome().name()).toList());
    }
  }
}
