package dev.bedrockkit.sample.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The CDK app: reads {@link SampleServiceProps} from context and synthesizes one {@link
 * SampleServiceStack}, named by context {@code stackName} (default {@value #DEFAULT_STACK_NAME}).
 * {@code cdk synth} and {@code cdk deploy} run it through {@code cdk.json}.
 *
 * <p>Runs once per process; not thread-safe.
 */
public final class DeployApp {
  public static final String DEFAULT_STACK_NAME = "BedrockKitSample";

  private DeployApp() {}

  public static void main(String[] args) {
    synth(App.Builder.create().build(), System::getenv);
  }

  /**
   * Builds the stack into {@code app} and synthesizes it.
   *
   * @throws IllegalArgumentException naming the context key of a missing or invalid setting
   */
  public static CloudAssembly synth(App app, Function<String, String> environment) {
    SampleServiceProps props =
        SampleServiceProps.fromContext(
            app.getNode()::tryGetContext, environment, DeployApp::readFile);
    Object name = app.getNode().tryGetContext("stackName");
    SampleServiceStack stack =
        new SampleServiceStack(app, name == null ? DEFAULT_STACK_NAME : String.valueOf(name), props);
    Tags.of(stack).add("Application", "bedrock-kit-sample");
    @SuppressWarnings("unchecked")
    Map<String, ?> context = (Map<String, ?>) app.getNode().getAllContext();
    List<String> unknown = unknownKeys(context);
    if (!unknown.isEmpty()) {
      Annotations.of(stack)
          .addWarningV2(
              "bedrock-kit:unknownContext",
              "unknown context keys " + unknown + " (a typo?); the app reads "
                  + SampleServiceProps.CONTEXT_KEYS + " and stackName");
    }
    return app.synth();
  }

  /** An app with the given context, as {@code cdk -c key=value} would pass it. */
  static App app(Map<String, ?> context, String outdir) {
    return App.Builder.create().context(Map.copyOf(context)).outdir(outdir).build();
  }

  /**
   * Context keys that look like this app's (no {@code :}, {@code @} or {@code /}, which mark the
   * CDK's own feature flags and lookups) but are not among {@link SampleServiceProps#CONTEXT_KEYS}:
   * usually a typo such as {@code certficateArn}, which would otherwise deploy plain HTTP.
   */
  static List<String> unknownKeys(Map<String, ?> context) {
    TreeSet<String> unknown = new TreeSet<>();
    for (String key : context.keySet()) {
      boolean cdkOwn = key.contains(":") || key.startsWith("@") || key.contains("/");
      if (!cdkOwn && !key.equals("stackName") && !SampleServiceProps.CONTEXT_KEYS.contains(key)) {
        unknown.add(key);
      }
    }
    return List.copyOf(unknown);
  }

  private static String readFile(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "model chain document " + path + " not found (working directory "
              + Path.of("").toAbsolutePath() + "); pass -c chainFile=<path> or -c chain=<json>",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model chain document " + path, e);
    }
  }
}
