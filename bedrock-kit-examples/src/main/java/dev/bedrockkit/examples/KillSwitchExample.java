package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ParameterStoreConfigSource;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;

/** A fallback chain read from Parameter Store, changed and switched off live, without a redeploy. */
public final class KillSwitchExample {
  static final String PARAMETER = "/bedrock-kit/demo/models";

  public static void main(String[] args) {
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        var ssm = EmulatorClients.ssm(emulator, "us-east-1").build();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build()) {
      emulator.putParameter(PARAMETER, chain(true, "anthropic.claude-3-haiku-20240307-v1:0"));
      ParameterStoreConfigSource models = ParameterStoreConfigSource.builder()
          .ssmClient(ssm).parameterName(PARAMETER).build();
      try (BedrockKit kit = BedrockKit.builder().client(client).modelConfig(models).build()) {
        System.out.println("v1 answered by " + kit.chat(ChatRequest.of("hi")).modelId());

        emulator.putParameter(PARAMETER, chain(true, "anthropic.claude-3-5-sonnet-20240620-v1:0"));
        models.refreshNow(); // the kit refreshes every 30 s; done by hand here
        System.out.println("v2 answered by " + kit.chat(ChatRequest.of("hi")).modelId());

        emulator.putParameter(PARAMETER, chain(false, "anthropic.claude-3-5-sonnet-20240620-v1:0"));
        models.refreshNow();
        var answer = kit.chat(ChatRequest.of("hi"));
        System.out.println("v3 (kill switch): degraded=" + answer.degraded() + " \"" + answer.text() + "\"");
        System.out.println("model calls made: " + emulator.journal().calls(dev.bedrockkit.test.Operation.CONVERSE).size());
      }
    }
  }

  static String chain(boolean enabled, String modelId) {
    return "{\"enabled\":" + enabled + ",\"chains\":{\"default\":[{\"modelId\":\"" + modelId + "\"}]},"
        + "\"degradedMessage\":\"The assistant is paused; please try again later.\"}";
  }

  private KillSwitchExample() {}
}
