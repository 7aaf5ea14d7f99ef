package dev.bedrockkit.spring;

import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.ModelCatalog;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.RequestGuard;
import dev.bedrockkit.ResponseCache;
import io.micrometer.observation.ObservationRegistry;
import java.util.function.Function;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePatternResolver;
import org.springframework.core.io.ResourceLoader;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/**
 * Auto-configures the {@link BedrockKit}: its {@link CallPolicy} from {@code
 * bedrock-kit.resilience.*}, the clients and model configuration of the other bedrock-kit
 * auto-configurations, every {@link BedrockKitListener} and {@link RequestGuard} bean (in order),
 * the {@link CostCalculator}, {@link ResponseCache}, {@link ModelCatalog} and {@link
 * ObservationRegistry} beans if present (one span per request when the application traces), then
 * every {@link BedrockKitBuilderCustomizer}. Also the {@link PromptTemplates} found under {@code
 * bedrock-kit.templates.location}. A bean of the application's own of any of these types replaces
 * ours. The kit is closed with the context.
 */
@AutoConfiguration(
    after = {BedrockKitClientsAutoConfiguration.class, BedrockKitModelConfigAutoConfiguration.class})
@ConditionalOnClass(BedrockKit.class)
@EnableConfigurationProperties(BedrockKitProperties.class)
public final class BedrockKitAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  CallPolicy bedrockKitCallPolicy(BedrockKitProperties properties) {
    return Settings.callPolicy(properties.getResilience());
  }

  @Bean
  @ConditionalOnMissingBean
  PromptTemplates bedrockKitPromptTemplates(
      BedrockKitProperties properties, ResourceLoader resourceLoader) {
    String location =
        Settings.notBlank(
            Settings.P + ".templates.location",
            properties.getTemplates().getLocation(),
            "Name a classpath folder such as prompts.");
    ResourcePatternResolver resolver =
        resourceLoader instanceof ResourcePatternResolver r
            ? r
            : new PathMatchingResourcePatternResolver(resourceLoader);
    return PromptTemplates.scan(location, resolver);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  BedrockKit bedrockKit(
      BedrockKitProperties properties,
      CallPolicy callPolicy,
      ObjectProvider<BedrockRuntimeClient> client,
      ObjectProvider<BedrockRuntimeAsyncClient> asyncClient,
      ObjectProvider<BedrockClientFactory> clientFactory,
      ObjectProvider<ModelConfigSource> modelConfig,
      ObjectProvider<BedrockKitListener> listeners,
      ObjectProvider<RequestGuard> guards,
      ObjectProvider<CostCalculator> costCalculator,
      ObjectProvider<ResponseCache> responseCache,
      ObjectProvider<ModelCatalog> modelCatalog,
      ObjectProvider<ObservationRegistry> observationRegistry,
      ObjectProvider<BedrockKitBuilderCustomizer> customizers) {
    BedrockKit.Builder builder = BedrockKit.builder().callPolicy(callPolicy);
    client.ifAvailable(builder::client);
    BedrockClientFactory factory = clientFactory.getIfAvailable();
    if (factory != null) {
      // The async client bean is lazy: the kit asks for it on its first async call or stream.
      builder.clientFactory(factory.syncFactory()).asyncClientFactory(lazyAsync(asyncClient, factory));
    } else {
      asyncClient.ifAvailable(builder::asyncClient);
    }
    modelConfig.ifAvailable(builder::modelConfig);
    builder.embeddingModel(Settings.embeddingModel(properties.getEmbeddingModel()));
    listeners.orderedStream().forEach(builder::listener);
    guards.orderedStream().forEach(builder::requestGuard);
    costCalculator.ifAvailable(builder::costCalculator);
    responseCache.ifAvailable(builder::responseCache);
    modelCatalog.ifAvailable(builder::modelCatalog);
    observationRegistry.ifAvailable(builder::observationRegistry);
    builder.logContentAtTrace(properties.isLogContentAtTrace());
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /** The async client bean for its own region, else a client made by {@code factory}. */
  private static Function<String, BedrockRuntimeAsyncClient> lazyAsync(
      ObjectProvider<BedrockRuntimeAsyncClient> bean, BedrockClientFactory factory) {
    return region -> {
      BedrockRuntimeAsyncClient client = bean.getIfAvailable();
      if (client != null && region.equals(client.serviceClientConfiguration().region().id())) {
        return client;
      }
      return factory.asyncFactory().apply(region);
    };
  }
}
