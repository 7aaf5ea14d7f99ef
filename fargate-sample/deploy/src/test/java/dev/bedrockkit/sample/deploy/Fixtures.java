package dev.bedrockkit.sample.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * Shared test inputs and the two synthesized templates, each built once per test JVM (synth starts
 * a Node process and takes seconds).
 */
final class Fixtures {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";
  static final List<String> AZS = List.of("us-east-1a", "us-east-1b", "us-east-1c");
  static final String IMAGE = ACCOUNT + ".dkr.ecr.us-east-1.amazonaws.com/bedrock-kit-sample:1.4.2";
  static final String EMAIL = "oncall@example.com";
  static final String CERTIFICATE =
      "arn:aws:acm:us-east-1:123456789012:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
  static final String KMS_KEY =
      "arn:aws:kms:us-east-1:123456789012:key/1a2b3c4d-5e6f-7081-92a3-b4c5d6e7f809";

  /** A cross-Region inference profile first, then a foundation model in the stack's Region. */
  static final String CHAIN =
      "{\"enabled\": true, \"chains\": {\"default\": ["
          + "{\"modelId\": \"us.anthropic.claude-3-5-haiku-20241022-v1:0\", \"maxTokens\": 1024},"
          + "{\"modelId\": \"anthropic.claude-3-haiku-20240307-v1:0\"}]},"
          + " \"degradedMessage\": \"The assistant is busy; please try again in a minute.\"}";

  /** Cloud assemblies of the tests go under target/, not the system temp directory. */
  static final Path OUTDIR = Path.of("target", "cdk-test-out");

  private static final Map<String, Template> TEMPLATES = new ConcurrentHashMap<>();
  private static SampleServiceStack defaultStack;

  private Fixtures() {}

  static SampleServiceProps.Builder props() {
    return SampleServiceProps.builder()
        .account(ACCOUNT)
        .region(REGION)
        .availabilityZones(AZS)
        .image(IMAGE)
        .chainJson(CHAIN, "chain.json")
        .alertEmail(EMAIL);
  }

  /** Defaults: plain HTTP, the String parameter created by the stack, no NAT. */
  static Template defaultTemplate() {
    return TEMPLATES.computeIfAbsent("default", k -> Template.fromStack(defaultStack()));
  }

  static synchronized SampleServiceStack defaultStack() {
    if (defaultStack == null) {
      App app = App.Builder.create().outdir(OUTDIR.resolve("default").toString()).build();
      defaultStack = new SampleServiceStack(app, "Sample", props().build());
    }
    return defaultStack;
  }

  /** The context of the second stack: HTTPS, a SecureString parameter, a NAT gateway, embeddings. */
  static Map<String, Object> secureContext() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("account", ACCOUNT);
    context.put("region", REGION);
    context.put("availabilityZones", String.join(",", AZS));
    context.put("image", IMAGE);
    context.put("chain", CHAIN);
    context.put("alertEmail", EMAIL);
    context.put("stackName", "SecureSample");
    context.put("certificateArn", CERTIFICATE);
    context.put("parameterName", "/bedrock-kit/prod/models");
    context.put("parameterKmsKeyArn", KMS_KEY);
    context.put("natGateways", "1");
    context.put("embeddingModelId", "amazon.titan-embed-text-v2:0");
    context.put("maxTasks", "20");
    context.put("healthCheckPath", "/actuator/health");
    return context;
  }

  /** Built through {@link DeployApp} from context, as {@code cdk synth -c ...} does. */
  static Template secureTemplate() {
    return TEMPLATES.computeIfAbsent("secure", k -> {
      App app = DeployApp.app(secureContext(), OUTDIR.resolve("secure").toString());
      var assembly = DeployApp.synth(app, name -> null);
      return Template.fromJSON(castMap(assembly.getStackByName("SecureSample").getTemplate()));
    });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }
}
