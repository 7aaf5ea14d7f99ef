package dev.bedrockkit.examples;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.Description;
import dev.bedrockkit.PromptTemplate;
import dev.bedrockkit.TypedResponse;
import dev.bedrockkit.test.BedrockEmulator;
import dev.bedrockkit.test.EmulatorClients;
import dev.bedrockkit.test.ScriptedReply;

/** A typed template: a record in, a validated record out, with one repair round shown. */
public final class StructuredOutputExample {
  enum Priority { LOW, MEDIUM, HIGH }

  record Ticket(String customer, String body) {}

  record Triage(
      @Description("billing, technical or account") String category,
      Priority priority,
      String summary) {}

  static final PromptTemplate<Ticket, Triage> TRIAGE =
      PromptTemplate.builder("ticket-triage", Ticket.class)
          .version("2")
          .system("You triage support tickets.")
          .user("Customer {{customer}} wrote: {{body}}")
          .returning(Triage.class)
          .build();

  public static void main(String[] args) {
    String model = "anthropic.claude-3-haiku-20240307-v1:0";
    try (BedrockEmulator emulator = BedrockEmulator.builder().start();
        var client = EmulatorClients.bedrock(emulator, "us-east-1").build();
        BedrockKit kit = BedrockKit.builder().client(client).models(model).build()) {
      // The "model" first answers with an invalid priority, then corrects itself.
      emulator.script(ScriptedReply.forModel(model).replies(
          ScriptedReply.Reply.toolUse("{\"category\":\"billing\",\"priority\":\"urgent\"}"),
          ScriptedReply.Reply.toolUse(
              "{\"category\":\"billing\",\"priority\":\"HIGH\",\"summary\":\"Invoice total is wrong\"}")));

      TypedResponse<Triage> triage = kit.call(TRIAGE, new Ticket("acme", "My invoice is wrong!"));

      System.out.println("triage:    " + triage.value());
      System.out.println("calls:     " + emulator.journal().count(model) + " (one repair round)");
      System.out.println("repair:    " + emulator.journal().last().body()
          .at("/messages/2/content/0/toolResult/content/0/text").asText().lines().skip(1).toList());
    }
  }

  private StructuredOutputExample() {}
}
