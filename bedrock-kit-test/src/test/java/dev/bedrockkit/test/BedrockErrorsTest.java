package dev.bedrockkit.test;

import static dev.bedrockkit.test.Requests.converse;
import static dev.bedrockkit.test.Requests.rawPost;
import static dev.bedrockkit.test.Requests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrockruntime.model.ToolUseBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/** Every error the emulator raises before answering, as the SDK surfaces it. */
class BedrockErrorsTest {
  @RegisterExtension static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.create();

  private static void assertError(Throwable t, Class<? extends BedrockRuntimeException> type, int status, String message) {
    assertThat(t).isInstanceOf(type);
    BedrockRuntimeException e = (BedrockRuntimeException) t;
    assertThat(e.statusCode()).isEqualTo(status);
    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(type.getSimpleName());
  }

  private static Throwable call(BedrockRuntimeClient client, String modelId) {
    return org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(converse(modelId, "hi")));
  }

  @Test
  void unknownModelIsAValidationException(BedrockRuntimeClient client) {
    assertError(call(client, "anthropic.claude-9"), ValidationException.class, 400,
        "The provided model identifier is invalid.");
  }

  @Test
  void modelThatNeedsAnInferenceProfileRejectsOnDemandCalls(BedrockRuntimeClient client) {
    assertError(call(client, ModelCatalog.CLAUDE_3_5_HAIKU), ValidationException.class, 400,
        "Invocation of model ID anthropic.claude-3-5-haiku-20241022-v1:0 with on-demand throughput"
            + " isn\u2019t supported. Retry your request with the ID or ARN of an inference profile"
            + " that contains this model.");
  }

  @Test
  void modelNotEnabledForTheAccountIsAccessDenied(BedrockRuntimeClient client) {
    assertError(call(client, ModelCatalog.LLAMA3_1_405B), AccessDeniedException.class, 403,
        "You don't have access to the model with the specified model ID.");
  }

  @Test
  void endOfLifeModelIsResourceNotFound(BedrockRuntimeClient client) {
    assertError(call(client, ModelCatalog.CLAUDE_V2_1), ResourceNotFoundException.class, 404,
        "This model version has reached the end of its life. Please refer to the AWS documentation for more details.");
  }

  @Test
  void legacyModelIsResourceNotFoundWithTheLegacyMessage(BedrockRuntimeClient client) {
    Throwable t = call(client, ModelCatalog.TITAN_TEXT_PREMIER);
    assertThat(t).isInstanceOf(ResourceNotFoundException.class)
        .hasMessageStartingWith("Access denied. This Model is marked by provider as Legacy");
  }

  @Test
  void promptLongerThanTheContextWindowIsInputTooLong(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(
        () -> client.converse(converse(ModelCatalog.LLAMA3_8B, "x".repeat(8_192 * 4 + 1))));
    assertError(t, ValidationException.class, 400, "Input is too long for requested model.");
  }

  @Test
  void userModelWithASmallWindowRejectsALongPrompt(BedrockEmulator emulator, BedrockRuntimeClient client) {
    emulator.registerModel(ModelProfile.builder("acme.tiny-v1:0").contextWindow(2).build());

    assertError(org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(converse("acme.tiny-v1:0", "123456789"))),
        ValidationException.class, 400, "Input is too long for requested model.");
    assertThat(client.converse(converse("acme.tiny-v1:0", "12345678")).usage().inputTokens()).isEqualTo(2);
  }

  @Test
  void maxTokensAboveTheModelLimitIsRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU).messages(user("hi")).inferenceConfig(c -> c.maxTokens(5000))));
    assertError(t, ValidationException.class, 400,
        "The maximum tokens you requested exceeds the model limit of 4096. Try again with a maximum tokens value that is lower than 4096.");
  }

  @Test
  void emptyMessagesIsRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b.modelId(ModelCatalog.CLAUDE_3_HAIKU)));
    assertError(t, ValidationException.class, 400,
        "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
  }

  @Test
  void conversationStartingWithTheAssistantIsRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU).messages(Requests.assistant("hello"))));
    assertError(t, ValidationException.class, 400,
        "A conversation must start with a user message. Try again with a conversation that starts with a user message.");
  }

  @Test
  void twoUserTurnsInARowAreRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU).messages(user("a"), user("b"))));
    assertError(t, ValidationException.class, 400,
        "A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.");
  }

  @Test
  void unknownRoleIsRejectedWithTheEnumConstraintMessage(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU)
        .messages(Message.builder().role("system").content(ContentBlock.fromText("x")).build())));
    assertError(t, ValidationException.class, 400,
        "1 validation error detected: Value 'system' at 'messages.1.member.role' failed to satisfy constraint: Member must satisfy enum value set: [user, assistant]");
  }

  @Test
  void blankTextBlockIsRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(converse(ModelCatalog.CLAUDE_3_HAIKU, "  ")));
    assertError(t, ValidationException.class, 400,
        "The text field in the ContentBlock object at messages.0.content.0 is blank. Add text to the text field, and try again.");
  }

  @Test
  void emptyContentIsRejected(BedrockRuntimeClient client) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU).messages(Message.builder().role("user").build())));
    assertError(t, ValidationException.class, 400,
        "The content field in the Message object at messages.0 is empty. Add a ContentBlock object to the content field and try again.");
  }

  @Test
  void toolBlocksWithoutToolConfigAreRejected(BedrockRuntimeClient client) {
    Message toolCall = Message.builder().role("assistant").content(ContentBlock.fromToolUse(
        ToolUseBlock.builder().toolUseId("t1").name("f").input(Document.mapBuilder().build()).build())).build();
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> client.converse(b -> b
        .modelId(ModelCatalog.CLAUDE_3_HAIKU).messages(user("a"), toolCall, user("b"))));
    assertError(t, ValidationException.class, 400,
        "The toolConfig field must be defined when using toolUse and toolResult content blocks.");
  }

  @Test
  void embeddingModelOnConverseIsRejected(BedrockRuntimeClient client) {
    assertError(call(client, ModelCatalog.TITAN_EMBED_TEXT_V2), ValidationException.class, 400,
        "This action doesn't support the model that you provided. Try again with a supported text or chat model.");
  }

  @Test
  void malformedJsonGetsAValidationExceptionWithBedrocksErrorHeader() {
    HttpResponse<String> r = rawPost(BEDROCK.endpoint(),
        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "{not json", "Content-Type", "application/json");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("x-amzn-ErrorType"))
        .hasValue("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
    assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo("{\"message\":\"The request body is not a valid JSON object.\"}");
    assertThat(r.headers().firstValue("Date")).isPresent();
    assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("Matched-Stub-Id"));
  }

  @Test
  void missingMessagesGetsTheStartWithUserMessage() {
    HttpResponse<String> r = rawPost(BEDROCK.endpoint(),
        "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse", "{\"inferenceConfig\":{}}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"message\":\"A conversation must start with a user message. Try again"
        + " with a conversation that starts with a user message.\"}");
  }

  @Test
  void unknownPathIsAnUnknownOperation() {
    HttpResponse<String> r = rawPost(BEDROCK.endpoint(), "/model/x/summarize", "{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValueSatisfying(v -> assertThat(v).startsWith("UnknownOperationException:"));
  }

  @Test
  void errorsAreRecordedInTheJournal(BedrockRuntimeClient client) {
    call(client, "nope");

    RecordedCall c = BEDROCK.journal().last();
    assertThat(c.status()).isEqualTo(400);
    assertThat(c.errorType()).isEqualTo("ValidationException");
    assertThat(c.succeeded()).isFalse();
  }

  @Test
  void unknownModelErrorWinsOverFaults(BedrockRuntimeClient client) {
    BEDROCK.faults().throttleNext(1);

    assertThatThrownBy(() -> client.converse(converse("nope", "hi"))).isInstanceOf(ValidationException.class);
    assertThat(BEDROCK.faults().triggered()).isZero();
  }
}
