package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.LatencyModel;
import java.time.Duration;

/** Streams an answer token by token with realistic latency, then shows time to first token. */
public final class StreamingExample {
  public static void main(String[] args) {
    try (BedrockEmulator emulator = BedrockEmulator.builder()
            .latency(LatencyModel.of(Duration.ofMillis(300), 80))
            .start();
        var client = EmulatorClients.bedrockAsync(emulator, "us-east-1").build();
        BedrockKit kit = BedrockKit.builder()
            .asyncClient(client)
            .models("anthropic.claude-3-haiku-20240307-v1:0")
            .build()) {
      long start = System.nanoTime();
      long[] firstToken = {0};
      ChatResponse answer = kit.stream(
              ChatRequest.of("Explain circuit breakers in one paragraph."),
              delta -> {
                if (firstToken[0] == 0) {
                  firstToken[0] = System.nanoTime();
                }
                System.out.print(delta);
              })
          .join();
      System.out.println();
      System.out.printf("first token after %d ms, whole answer after %d ms, %d output tokens%n",
          (firstToken[0] - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000,
          answer.usage().outputTokens());
    }
  }

  private StreamingExample() {}
}
