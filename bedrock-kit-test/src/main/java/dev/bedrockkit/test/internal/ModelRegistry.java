package dev.bedrockkit.test.internal;

import dev.bedrockkit.test.ModelProfile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the model ID of a request to a {@link ModelProfile}: exact IDs first (built-in and
 * registered), then foundation-model ARNs, geographic inference-profile IDs and inference-profile
 * ARNs of models that have profiles. Thread-safe.
 */
public final class ModelRegistry {
  // Bedrock ARN shapes: arn:aws:bedrock:<region>::foundation-model/<id> and
  // arn:aws:bedrock:<region>:<account>:inference-profile/<id> (Bedrock User Guide, "Supported
  // Regions and models for inference profiles"; botocore InvokeModelIdentifier pattern).
  private static final Pattern ARN =
      Pattern.compile("arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]+:(\\d{12})?:([a-z-]+)/(.+)");
  private static final Pattern GEO_PROFILE = Pattern.compile("(us|eu|apac|us-gov|global|jp|au|ca)\\.(.+)");

  private final Map<String, ModelProfile> baseline;
  private final ConcurrentHashMap<String, ModelProfile> registered = new ConcurrentHashMap<>();

  /**
   * Creates a registry.
   *
   * @param baseline the profiles that survive {@link #reset()}
   */
  public ModelRegistry(List<ModelProfile> baseline) {
    Map<String, ModelProfile> map = new LinkedHashMap<>();
    baseline.forEach(p -> map.put(p.modelId(), p));
    this.baseline = Map.copyOf(map);
  }

  /**
   * Adds or replaces a profile until the next reset.
   *
   * @param profile the profile
   */
  public void register(ModelProfile profile) {
    registered.put(profile.modelId(), profile);
  }

  /** Forgets the profiles registered since construction. */
  public void reset() {
    registered.clear();
  }

  /**
   * Resolves a requested model ID.
   *
   * @param requestedId the URL-decoded ID from the path
   * @return the resolution
   * @throws ApiError ValidationException "The provided model identifier is invalid." when unknown
   *     (message as reported from the real service; see FACTS.md)
   */
  public Resolved resolve(String requestedId) {
    ModelProfile exact = exact(requestedId);
    if (exact != null) {
      return new Resolved(requestedId, exact, false);
    }
    Matcher arn = ARN.matcher(requestedId);
    if (arn.matches()) {
      String type = arn.group(2);
      String rest = arn.group(3);
      if (type.equals("foundation-model") && arn.group(1) == null) {
        ModelProfile base = exact(rest);
        if (base != null) {
          return new Resolved(requestedId, base, false);
        }
      } else if (type.equals("inference-profile") && arn.group(1) != null) {
        Resolved viaProfile = profile(requestedId, rest);
        if (viaProfile != null) {
          return viaProfile;
        }
      }
    } else {
      Resolved viaProfile = profile(requestedId, requestedId);
      if (viaProfile != null) {
        return viaProfile;
      }
    }
    throw ApiError.validation("The provided model identifier is invalid.");
  }

  private Resolved profile(String requestedId, String profileId) {
    Matcher geo = GEO_PROFILE.matcher(profileId);
    if (!geo.matches()) {
      return null;
    }
    ModelProfile base = exact(geo.group(2));
    if (base == null || !base.crossRegionProfiles()) {
      return null;
    }
    return new Resolved(requestedId, base, true);
  }

  private ModelProfile exact(String id) {
    ModelProfile p = registered.get(id);
    return p != null ? p : baseline.get(id);
  }

  /**
   * A resolved model.
   *
   * @param requestedId the ID as the client sent it
   * @param profile the model's profile
   * @param viaInferenceProfile whether the ID names an inference profile of the model
   */
  public record Resolved(String requestedId, ModelProfile profile, boolean viaInferenceProfile) {}
}
