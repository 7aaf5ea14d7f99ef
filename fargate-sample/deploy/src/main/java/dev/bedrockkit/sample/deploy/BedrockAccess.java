package dev.bedrockkit.sample.deploy;

import dev.bedrockkit.ModelConfig;
import dev.bedrockkit.ModelRef;
import dev.bedrockkit.ModelTarget;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the task role must allow on Bedrock, derived from the model chain through bedrock-kit's own
 * {@link ModelConfig#invokeResourceArns} and {@link ModelRef#invokeResourceArns}: this class adds
 * no ARN rules of its own.
 *
 * <p>Stateless; safe to use from any thread.
 */
public final class BedrockAccess {
  /** The actions Converse, ConverseStream, InvokeModel and its streaming twin are authorized by. */
  public static final List<String> INVOKE_ACTIONS =
      List.of("bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream");

  private BedrockAccess() {}

  /**
   * The exact resource ARNs of every model the service may call: each model of each chain (from
   * {@link ModelConfig#invokeResourceArns}), then the embedding model, if any.
   */
  public static List<String> invokeResourceArns(SampleServiceProps props) {
    Set<String> arns =
        new LinkedHashSet<>(props.modelConfig().invokeResourceArns(props.account(), props.region()));
    if (props.embeddingModelId() != null) {
      arns.addAll(
          ModelRef.parse(props.embeddingModelId())
              .invokeResourceArns(props.account(), List.of(props.region())));
    }
    return List.copyOf(arns);
  }

  /**
   * The Regions whose Bedrock Runtime endpoint the service calls, each with the first setting that
   * makes it do so (e.g. {@code chains.default[1]}): a target's {@code regions}, the Region of a
   * model ARN, or {@code defaultRegion} for the rest. A cross-Region inference profile is called in
   * the source Region; Bedrock routes it onwards, so its destinations are not listed.
   */
  public static Map<String, String> clientRegions(ModelConfig config, String defaultRegion) {
    Map<String, String> regions = new LinkedHashMap<>();
    config.chains().forEach((name, chain) -> {
      for (int i = 0; i < chain.size(); i++) {
        ModelTarget target = chain.get(i);
        String path = "chains." + name + "[" + i + "]";
        if (target.model().arnRegion().isPresent()) {
          regions.putIfAbsent(target.model().arnRegion().get(), path + ".modelId");
        } else if (target.regions().isEmpty()) {
          regions.putIfAbsent(defaultRegion, path);
        } else {
          for (String region : target.regions()) {
            regions.putIfAbsent(region, path + ".regions");
          }
        }
      }
    });
    return regions;
  }
}
