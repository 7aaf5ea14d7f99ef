package dev.bedrockkit;

import dev.bedrockkit.internal.Checks;
import dev.bedrockkit.internal.RequestValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointBlock;
import software.amazon.awssdk.services.bedrockruntime.model.CachePointType;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;

/**
 * One conversation turn to send to a model chain: system prompt, history, inference parameters,
 * tools. Content uses the AWS SDK's own types ({@link Message}, {@link ContentBlock},
 * {@link SystemContentBlock}), so images, documents, tool results and prompt-cache points pass
 * through unchanged; the builder has shortcuts for the common text cases.
 *
 * <p>{@link Builder#build()} validates everything that Bedrock would reject (empty or
 * non-alternating messages, blank text, out-of-range parameters, oversized images) and throws
 * {@link InvalidRequestException} naming the field, before any network call.
 *
 * <p>Immutable and thread-safe.
 *
 * @param chain name of the model chain to use; {@code null} means the model ID, or else the
 *     {@code default} chain
 * @param modelId a single pinned model ID or ARN to call instead of a chain, or {@code null}
 * @param system system prompt blocks (may be empty)
 * @param messages the conversation, oldest first; starts with a user message, roles alternate
 * @param maxTokens maximum tokens to generate, or {@code null} for the chain's or model's default
 * @param temperature sampling temperature in [0, 1], or {@code null}
 * @param topP nucleus sampling in [0, 1], or {@code null}
 * @param stopSequences sequences that stop generation (may be empty)
 * @param toolConfig tools the model may call, or {@code null}
 * @param latencyOptimized whether to ask for Bedrock's latency-optimized inference
 * @param additionalModelRequestFields model-specific fields passed through, or {@code null}
 * @param templateId id of the prompt template that produced this request, or {@code null}
 * @param templateVersion version of that template, or {@code null}
 * @param templateValues the value of each placeholder of that template as it was rendered, by
 *     placeholder name (empty when the request did not come from a template). Response caches
 *     read it: a semantic cache compares the values its configuration names as free text by
 *     meaning and every other value exactly.
 * @param attribution a bounded label for metrics, budgets and cost (team, feature), or
 *     {@code null}
 * @param deadline overall time allowed for the request including retries and fallbacks, or
 *     {@code null} for the call policy's default
 * @param cacheScope response-cache scope of this request, or {@code null} for no caching
 */
public record ChatRequest(
    String chain,
    String modelId,
    List<SystemContentBlock> system,
    List<Message> messages,
    Integer maxTokens,
    Float temperature,
    Float topP,
    List<String> stopSequences,
    ToolConfiguration toolConfig,
    boolean latencyOptimized,
    Document additionalModelRequestFields,
    String templateId,
    String templateVersion,
    Map<String, String> templateValues,
    String attribution,
    Duration deadline,
    CacheScope cacheScope) {

  public ChatRequest {
    system = List.copyOf(Checks.notNull(system, "system"));
    messages = List.copyOf(Checks.notNull(messages, "messages"));
    stopSequences = List.copyOf(Checks.notNull(stopSequences, "stopSequences"));
    templateValues = Map.copyOf(Checks.notNull(templateValues, "templateValues"));
  }

  /** A builder for a new request. */
  public static Builder builder() {
    return new Builder();
  }

  /** A request with a single user message, for the {@code default} chain. */
  public static ChatRequest of(String userText) {
    return builder().user(userText).build();
  }

  /** A builder initialised with this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The text of the last user message (its text blocks joined), or {@code ""}. */
  public String lastUserText() {
    for (int i = messages.size() - 1; i >= 0; i--) {
      Message m = messages.get(i);
      if (m.role() == ConversationRole.USER) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : m.content()) {
          if (b.text() != null) {
            sb.append(b.text());
          }
        }
        return sb.toString();
      }
    }
    return "";
  }

  /**
   * Builds {@link ChatRequest}s. Not thread-safe; each {@link #build()} returns an independent
   * immutable request.
   */
  public static final class Builder {
    private String chain;
    private String modelId;
    private final List<SystemContentBlock> system = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    private Integer maxTokens;
    private Float temperature;
    private Float topP;
    private final List<String> stopSequences = new ArrayList<>();
    private ToolConfiguration toolConfig;
    private boolean latencyOptimized;
    private Document additionalModelRequestFields;
    private String templateId;
    private String templateVersion;
    private Map<String, String> templateValues = Map.of();
    private String attribution;
    private Duration deadline;
    private CacheScope cacheScope;

    private Builder() {}

    private Builder(ChatRequest r) {
      chain = r.chain;
      modelId = r.modelId;
      system.addAll(r.system);
      messages.addAll(r.messages);
      maxTokens = r.maxTokens;
      temperature = r.temperature;
      topP = r.topP;
      stopSequences.addAll(r.stopSequences);
      toolConfig = r.toolConfig;
      latencyOptimized = r.latencyOptimized;
      additionalModelRequestFields = r.additionalModelRequestFields;
      templateId = r.templateId;
      templateVersion = r.templateVersion;
      templateValues = r.templateValues;
      attribution = r.attribution;
      deadline = r.deadline;
      cacheScope = r.cacheScope;
    }

    /** Use the named model chain from the model configuration (default {@code "default"}). */
    public Builder chain(String chainName) {
      this.chain = Checks.notBlank(chainName, "chain");
      return this;
    }

    /**
     * Call this one pinned model instead of a chain (retries and circuit breaking still apply).
     *
     * @throws InvalidRequestException when the ID is not pinned (an alias or unversioned ID)
     */
    public Builder model(String pinnedModelId) {
      Checks.notBlank(pinnedModelId, "modelId");
      try {
        ModelRef.parse(pinnedModelId);
      } catch (ConfigurationException e) {
        throw new InvalidRequestException("modelId", e.getMessage(), e);
      }
      this.modelId = pinnedModelId;
      return this;
    }

    /** Adds a system prompt text block. */
    public Builder system(String text) {
      system.add(SystemContentBlock.fromText(Checks.notNull(text, "system")));
      return this;
    }

    /** Adds a system block (text, guard content or a cache point). */
    public Builder system(SystemContentBlock block) {
      system.add(Checks.notNull(block, "system"));
      return this;
    }

    /** Adds a user message with one text block. */
    public Builder user(String text) {
      return message(ConversationRole.USER, Checks.notNull(text, "user"));
    }

    /** Adds an assistant message with one text block (history, or a prefill). */
    public Builder assistant(String text) {
      return message(ConversationRole.ASSISTANT, Checks.notNull(text, "assistant"));
    }

    private Builder message(ConversationRole role, String text) {
      messages.add(Message.builder().role(role).content(ContentBlock.fromText(text)).build());
      return this;
    }

    /** Adds a message of any shape (images, documents, tool use and results, cache points). */
    public Builder message(Message message) {
      messages.add(Checks.notNull(message, "message"));
      return this;
    }

    /** Adds messages, oldest first. */
    public Builder messages(List<Message> history) {
      Checks.notNull(history, "messages").forEach(this::message);
      return this;
    }

    /**
     * Marks everything before this point as cacheable by Bedrock's prompt cache: appends a
     * {@code cachePoint} block to the last message, or to the system prompt when there is no
     * message yet.
     */
    public Builder cachePoint() {
      CachePointBlock point = CachePointBlock.builder().type(CachePointType.DEFAULT).build();
      if (messages.isEmpty()) {
        system.add(SystemContentBlock.fromCachePoint(point));
      } else {
        Message last = messages.remove(messages.size() - 1);
        List<ContentBlock> content = new ArrayList<>(last.content());
        content.add(ContentBlock.fromCachePoint(point));
        messages.add(last.toBuilder().content(content).build());
      }
      return this;
    }

    /** Maximum tokens to generate. */
    public Builder maxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
      return this;
    }

    /** Sampling temperature in [0, 1]. */
    public Builder temperature(float temperature) {
      this.temperature = temperature;
      return this;
    }

    /** Nucleus sampling probability mass in [0, 1]. */
    public Builder topP(float topP) {
      this.topP = topP;
      return this;
    }

    /** Sequences that stop generation. */
    public Builder stopSequences(String... sequences) {
      for (String s : sequences) {
        stopSequences.add(Checks.notNull(s, "stopSequences"));
      }
      return this;
    }

    /** Tools the model may call, and how it must choose among them. */
    public Builder tools(ToolConfiguration toolConfig) {
      this.toolConfig = Checks.notNull(toolConfig, "toolConfig");
      return this;
    }

    /** Whether to ask for latency-optimized inference ({@code performanceConfig}). */
    public Builder latencyOptimized(boolean latencyOptimized) {
      this.latencyOptimized = latencyOptimized;
      return this;
    }

    /** Model-specific request fields passed through unchanged. */
    public Builder additionalModelRequestFields(Document fields) {
      this.additionalModelRequestFields = Checks.notNull(fields, "additionalModelRequestFields");
      return this;
    }

    /**
     * Identifies the prompt template behind this request, for metrics and cache invalidation.
     * {@link BedrockKit#call} sets it; set it yourself when you render templates by hand.
     */
    public Builder template(String id, String version) {
      this.templateId = Checks.notBlank(id, "templateId");
      this.templateVersion = Checks.notBlank(version, "templateVersion");
      return this;
    }

    /**
     * Like {@link #template(String, String)}, with the value of each placeholder as rendered
     * ({@link PromptTemplate#values(Object)}), so that a semantic cache can tell typed values,
     * which must match exactly, from free text. {@link BedrockKit#call} sets them.
     */
    public Builder template(String id, String version, Map<String, String> values) {
      template(id, version);
      this.templateValues = Map.copyOf(Checks.notNull(values, "templateValues"));
      return this;
    }

    /**
     * A bounded label (team, feature) for metrics, cost and budgets; it must be in the kit's
     * allow-list when one is configured. Never a user ID.
     */
    public Builder attribution(String attribution) {
      this.attribution = Checks.notBlank(attribution, "attribution");
      return this;
    }

    /** Overall time allowed, including retries and fallbacks. */
    public Builder deadline(Duration deadline) {
      this.deadline = Checks.positive(deadline, "deadline");
      return this;
    }

    /** Response-cache scope; without one, the response cache is not used for this request. */
    public Builder cacheScope(CacheScope scope) {
      this.cacheScope = Checks.notNull(scope, "cacheScope");
      return this;
    }

    /**
     * Validates and builds the request.
     *
     * @throws InvalidRequestException naming the first invalid field
     */
    public ChatRequest build() {
      ChatRequest request =
          new ChatRequest(
              chain,
              modelId,
              system,
              messages,
              maxTokens,
              temperature,
              topP,
              stopSequences,
              toolConfig,
              latencyOptimized,
              additionalModelRequestFields,
              templateId,
              templateVersion,
              templateValues,
              attribution,
              deadline,
              cacheScope);
      RequestValidator.validate(request);
      return request;
    }
  }
}
