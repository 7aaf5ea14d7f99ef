package dev.bedrockkit.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathResponse;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.InvalidNextTokenException;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;
import software.amazon.awssdk.services.ssm.model.ParameterVersionNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

class SsmTest {
  static final Instant NOW = Instant.parse("2026-11-25T08:00:00Z");
  static final String MODELS = "{\"enabled\":true,\"chains\":{\"default\":[{\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\"}]}}";

  @RegisterExtension
  static final BedrockEmulatorExtension BEDROCK = BedrockEmulatorExtension.of(BedrockEmulator.builder()
      .clock(Clock.fixed(NOW, ZoneOffset.UTC))
      .parameter("/bedrock-kit/dev/models", MODELS)
      .parameter("/bedrock-kit/dev/api-key", "s3cret", dev.bedrockkit.test.ParameterType.SECURE_STRING));

  @Test
  void getParameterReturnsTheSeededValueWithVersionArnAndDate(SsmClient ssm) {
    Parameter p = ssm.getParameter(b -> b.name("/bedrock-kit/dev/models")).parameter();

    assertThat(p.name()).isEqualTo("/bedrock-kit/dev/models");
    assertThat(p.value()).isEqualTo(MODELS);
    assertThat(p.type()).isEqualTo(ParameterType.STRING);
    assertThat(p.version()).isEqualTo(1L);
    assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1:123456789012:parameter/bedrock-kit/dev/models");
    assertThat(p.lastModifiedDate()).isEqualTo(NOW);
    assertThat(p.dataType()).isEqualTo("text");
  }

  @Test
  void arnCarriesTheCallersRegion() {
    Parameter p = BEDROCK.ssmClient("eu-west-1").getParameter(b -> b.name("/bedrock-kit/dev/models")).parameter();

    assertThat(p.arn()).isEqualTo("arn:aws:ssm:eu-west-1:123456789012:parameter/bedrock-kit/dev/models");
    assertThat(BEDROCK.journal().last().region()).isEqualTo("eu-west-1");
    assertThat(BEDROCK.journal().last().operation()).isEqualTo(Operation.GET_PARAMETER);
  }

  @Test
  void secureStringIsCiphertextUnlessDecrypted(SsmClient ssm) {
    Parameter encrypted = ssm.getParameter(b -> b.name("/bedrock-kit/dev/api-key")).parameter();
    Parameter decrypted = ssm.getParameter(b -> b.name("/bedrock-kit/dev/api-key").withDecryption(true)).parameter();

    assertThat(encrypted.type()).isEqualTo(ParameterType.SECURE_STRING);
    assertThat(encrypted.value()).isNotEqualTo("s3cret").matches("[A-Za-z0-9+/=]{40,}");
    assertThat(decrypted.value()).isEqualTo("s3cret");
  }

  @Test
  void missingParameterIsParameterNotFound(SsmClient ssm) {
    Throwable t = catchThrowable(() -> ssm.getParameter(b -> b.name("/nope")));

    assertThat(t).isInstanceOf(ParameterNotFoundException.class);
    assertThat(((SsmException) t).statusCode()).isEqualTo(400);
    assertThat(((SsmException) t).awsErrorDetails().errorCode()).isEqualTo("ParameterNotFound");
  }

  @Test
  void putParameterOverwriteIncrementsTheVersion(SsmClient ssm, BedrockEmulator emulator) {
    long v1 = ssm.putParameter(b -> b.name("/app/x").value("one").type(ParameterType.STRING)).version();
    long v2 = ssm.putParameter(b -> b.name("/app/x").value("two").overwrite(true)).version();

    assertThat(v1).isEqualTo(1L);
    assertThat(v2).isEqualTo(2L);
    assertThat(ssm.getParameter(b -> b.name("/app/x")).parameter().value()).isEqualTo("two");
    assertThat(ssm.getParameter(b -> b.name("/app/x:1")).parameter().value()).isEqualTo("one");
    assertThat(ssm.getParameter(b -> b.name("/app/x:1")).parameter().selector()).isEqualTo(":1");
    assertThat(emulator.parameter("/app/x")).isEqualTo("two");
  }

  @Test
  void putParameterWithoutOverwriteOnAnExistingNameIsParameterAlreadyExists(SsmClient ssm) {
    Throwable t = catchThrowable(() -> ssm.putParameter(b -> b.name("/bedrock-kit/dev/models").value("x").type(ParameterType.STRING)));

    assertThat(t).isInstanceOf(ParameterAlreadyExistsException.class);
    assertThat(((SsmException) t).awsErrorDetails().errorMessage())
        .isEqualTo("The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
  }

  @Test
  void unknownVersionIsParameterVersionNotFound(SsmClient ssm) {
    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/bedrock-kit/dev/models:7")))
        .isInstanceOf(ParameterVersionNotFoundException.class);
  }

  @Test
  void getParametersReportsInvalidNames(SsmClient ssm) {
    GetParametersResponse r = ssm.getParameters(b -> b.names("/bedrock-kit/dev/models", "/missing/one", "/bedrock-kit/dev/api-key").withDecryption(true));

    assertThat(r.parameters()).extracting(Parameter::name).containsExactly("/bedrock-kit/dev/models", "/bedrock-kit/dev/api-key");
    assertThat(r.parameters().get(1).value()).isEqualTo("s3cret");
    assertThat(r.invalidParameters()).containsExactly("/missing/one");
  }

  @Test
  void stringListKeepsItsType(SsmClient ssm) {
    ssm.putParameter(b -> b.name("/app/regions").value("us-east-1,us-west-2").type(ParameterType.STRING_LIST));

    Parameter p = ssm.getParameter(b -> b.name("/app/regions")).parameter();
    assertThat(p.type()).isEqualTo(ParameterType.STRING_LIST);
    assertThat(p.value()).isEqualTo("us-east-1,us-west-2");
  }

  @Test
  void getParametersByPathListsOneLevelUnlessRecursive(SsmClient ssm, BedrockEmulator emulator) {
    emulator.putParameter("/svc/a", "1");
    emulator.putParameter("/svc/b", "2");
    emulator.putParameter("/svc/deep/c", "3");
    emulator.putParameter("/svcx/d", "4");

    assertThat(ssm.getParametersByPath(b -> b.path("/svc")).parameters()).extracting(Parameter::name)
        .containsExactly("/svc/a", "/svc/b");
    assertThat(ssm.getParametersByPath(b -> b.path("/svc/").recursive(true)).parameters()).extracting(Parameter::name)
        .containsExactly("/svc/a", "/svc/b", "/svc/deep/c");
  }

  @Test
  void getParametersByPathPaginatesWithNextToken(SsmClient ssm, BedrockEmulator emulator) {
    for (int i = 0; i < 7; i++) {
      emulator.putParameter("/page/p" + i, "v" + i);
    }

    GetParametersByPathResponse first = ssm.getParametersByPath(b -> b.path("/page").maxResults(3));
    assertThat(first.parameters()).extracting(Parameter::name).containsExactly("/page/p0", "/page/p1", "/page/p2");
    assertThat(first.nextToken()).isNotNull();

    List<String> all = new ArrayList<>();
    ssm.getParametersByPathPaginator(b -> b.path("/page").maxResults(3)).forEach(page -> page.parameters().forEach(p -> all.add(p.name())));
    assertThat(all).containsExactly("/page/p0", "/page/p1", "/page/p2", "/page/p3", "/page/p4", "/page/p5", "/page/p6");
    assertThat(BEDROCK.journal().count(Operation.GET_PARAMETERS_BY_PATH)).isEqualTo(4);
  }

  @Test
  void badNextTokenIsInvalidNextToken(SsmClient ssm) {
    assertThatThrownBy(() -> ssm.getParametersByPath(b -> b.path("/page").nextToken("garbage!")))
        .isInstanceOf(InvalidNextTokenException.class);
  }

  @Test
  void maxResultsAboveTenIsAValidationError(SsmClient ssm) {
    Throwable t = catchThrowable(() -> ssm.getParametersByPath(b -> b.path("/page").maxResults(11)));

    assertThat(((SsmException) t).statusCode()).isEqualTo(400);
    assertThat(((SsmException) t).awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void deleteParameterRemovesItAndAMissingOneIsNotFound(SsmClient ssm) {
    ssm.deleteParameter(b -> b.name("/bedrock-kit/dev/models"));

    assertThatThrownBy(() -> ssm.getParameter(b -> b.name("/bedrock-kit/dev/models"))).isInstanceOf(ParameterNotFoundException.class);
    assertThatThrownBy(() -> ssm.deleteParameter(b -> b.name("/bedrock-kit/dev/models"))).isInstanceOf(ParameterNotFoundException.class);
  }

  @Test
  void resetRestoresTheSeededParameters(SsmClient ssm, BedrockEmulator emulator) {
    ssm.putParameter(b -> b.name("/bedrock-kit/dev/models").value("{}").overwrite(true));
    emulator.putParameter("/tmp/x", "y");

    emulator.reset();

    Parameter p = ssm.getParameter(b -> b.name("/bedrock-kit/dev/models")).parameter();
    assertThat(p.value()).isEqualTo(MODELS);
    assertThat(p.version()).isEqualTo(1L);
    assertThat(emulator.parameter("/tmp/x")).isNull();
  }

  @Test
  void unknownSsmOperationIsUnknownOperationException() {
    var r = Requests.rawPost(BEDROCK.endpoint(), "/", "{}",
        "X-Amz-Target", "AmazonSSM.DescribeParameters", "Content-Type", "application/x-amz-json-1.1");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
  }

  @Test
  void ssmAndBedrockShareThePort(SsmClient ssm) {
    BEDROCK.bedrockClient().converse(Requests.converse(ModelCatalog.CLAUDE_3_HAIKU, "x"));
    ssm.getParameter(b -> b.name("/bedrock-kit/dev/models"));

    assertThat(BEDROCK.journal().all()).extracting(RecordedCall::operation)
        .containsExactly(Operation.CONVERSE, Operation.GET_PARAMETER);
    assertThat(BEDROCK.journal().last().header("x-amz-target")).isEqualTo("AmazonSSM.GetParameter");
    assertThat(BEDROCK.journal().last().modelId()).isNull();
  }
}
