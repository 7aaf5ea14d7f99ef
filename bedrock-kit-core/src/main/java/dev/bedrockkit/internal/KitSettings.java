package dev.bedrockkit.internal;

import dev.bedrockkit.BedrockKitListener;
import dev.bedrockkit.CallPolicy;
import dev.bedrockkit.CostCalculator;
import dev.bedrockkit.ModelCatalog;
import dev.bedrockkit.ModelConfigSource;
import dev.bedrockkit.RequestGuard;
import dev.bedrockkit.ResponseCache;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** Internal: everything {@code BedrockKit.Builder} collected; nullable where optional. */
public record KitSettings(
    List<BedrockRuntimeClient> clients,
    List<BedrockRuntimeAsyncClient> asyncClients,
    Function<String, BedrockRuntimeClient> clientFactory,
    Function<String, BedrockRuntimeAsyncClient> asyncClientFactory,
    ModelConfigSource modelConfig,
    CallPolicy callPolicy,
    ModelCatalog modelCatalog,
    ResponseCache responseCache,
    List<BedrockKitListener> listeners,
    Clock clock,
    ScheduledExecutorService scheduler,
    String embeddingModelId,
    CostCalculator costCalculator,
    List<RequestGuard> requestGuards,
    ObservationRegistry observationRegistry,
    boolean logContentAtTrace) {}
