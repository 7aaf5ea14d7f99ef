package dev.bedrockkit.examples.shortlist;

import dev.bedrockkit.AllModelsFailedException;
import dev.bedrockkit.Attempt;
import dev.bedrockkit.BedrockKit;
import dev.bedrockkit.ChatRequest;
import dev.bedrockkit.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the shortlist: every request asks one model ({@code ChatRequest.builder().model(id)}, no
 * chain, so no fallback hides a model's failures) and streams, so the first token is timed.
 * Models are interleaved, round after round, with the first model of a round rotating, and each
 * model gets the same prompts in the same order; at most {@code concurrency} requests are in
 * flight, all models together, so every model shares the machine's and network's noise.
 *
 * <p>Not thread-safe: one run at a time. The kit must have been built with the given
 * {@link AttemptCounter} as a listener.
 */
final class Benchmark {
  /** One request to make. */
  record Task(String modelId, BenchPrompt prompt) {}

  /** Measured results, per model in the order given, and bedrock-kit's attempts per model. */
  record Run(
      Map<String, List<RequestResult>> results,
      Map<String, AttemptCounter.Counts> attempts,
      Duration wallTime) {}

  private final BedrockKit kit;
  private final AttemptCounter counter;
  private final List<String> models;
  private final List<BenchPrompt> prompts;
  private final Integer defaultMaxTokens;
  private final int concurrency;

  Benchmark(
      BedrockKit kit,
      AttemptCounter counter,
      List<String> models,
      List<BenchPrompt> prompts,
      Integer defaultMaxTokens,
      int concurrency) {
    this.kit = kit;
    this.counter = counter;
    this.models = List.copyOf(models);
    this.prompts = List.copyOf(prompts);
    this.defaultMaxTokens = defaultMaxTokens;
    this.concurrency = concurrency;
  }

  /**
   * The order of requests: round r asks every model once, starting with model {@code r mod M},
   * with prompt {@code (offset + r) mod P}.
   */
  static List<Task> schedule(List<String> models, List<BenchPrompt> prompts, int rounds, int offset) {
    List<Task> tasks = new ArrayList<>(rounds * models.size());
    for (int r = 0; r < rounds; r++) {
      BenchPrompt prompt = prompts.get((offset + r) % prompts.size());
      for (int k = 0; k < models.size(); k++) {
        tasks.add(new Task(models.get((r + k) % models.size()), prompt));
      }
    }
    return tasks;
  }

  /**
   * Runs {@code warmupPerModel} unmeasured requests per model, then {@code requestsPerModel}
   * measured ones; {@code afterWarmup} runs in between.
   */
  Run run(int requestsPerModel, int warmupPerModel, Runnable afterWarmup)
      throws InterruptedException {
    if (warmupPerModel > 0) {
      execute(schedule(models, prompts, warmupPerModel, 0));
    }
    counter.reset();
    afterWarmup.run();
    long start = System.nanoTime();
    List<RequestResult> all = execute(schedule(models, prompts, requestsPerModel, 0));
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    Map<String, List<RequestResult>> byModel = new LinkedHashMap<>();
    Map<String, AttemptCounter.Counts> attempts = new LinkedHashMap<>();
    for (String model : models) {
      byModel.put(model, new ArrayList<>());
      attempts.put(model, counter.counts(model));
    }
    for (RequestResult r : all) {
      byModel.get(r.modelId()).add(r);
    }
    byModel.replaceAll((k, v) -> List.copyOf(v));
    return new Run(byModel, attempts, wall);
  }

  private List<RequestResult> execute(List<Task> tasks) throws InterruptedException {
    Semaphore inFlight = new Semaphore(concurrency);
    List<CompletableFuture<RequestResult>> futures = new ArrayList<>(tasks.size());
    for (Task task : tasks) {
      inFlight.acquire();
      CompletableFuture<RequestResult> f = start(task);
      f.whenComplete((r, e) -> inFlight.release());
      futures.add(f);
    }
    List<RequestResult> results = new ArrayList<>(futures.size());
    for (CompletableFuture<RequestResult> f : futures) {
      try {
        results.add(f.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException("a benchmark request failed unexpectedly", e.getCause());
      }
    }
    return results;
  }

  private CompletableFuture<RequestResult> start(Task task) {
    AtomicLong firstToken = new AtomicLong(-1);
    long start = System.nanoTime();
    CompletableFuture<ChatResponse> call;
    try {
      call =
          kit.stream(
              request(task),
              delta -> {
                if (firstToken.get() < 0 && !delta.isEmpty()) {
                  firstToken.compareAndSet(-1, System.nanoTime() - start);
                }
              });
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle(
        (response, error) -> {
          long latency = System.nanoTime() - start;
          long ttft = firstToken.get();
          if (error == null) {
            return RequestResult.success(
                task.modelId(), latency, ttft, response.usage(), response.costUsd());
          }
          Throwable cause = unwrap(error);
          return RequestResult.failure(task.modelId(), latency, ttft, kind(cause), rootMessage(cause));
        });
  }

  private ChatRequest request(Task task) {
    BenchPrompt p = task.prompt();
    ChatRequest.Builder b = ChatRequest.builder().model(task.modelId()).user(p.text());
    if (p.system() != null) {
      b.system(p.system());
    }
    Integer max = p.maxTokens() != null ? p.maxTokens() : defaultMaxTokens;
    if (max != null) {
      b.maxTokens(max);
    }
    return b.build();
  }

  /** The last attempt's outcome when bedrock-kit gave up after attempts, else the exception's name. */
  static String kind(Throwable error) {
    if (error instanceof AllModelsFailedException all && !all.attempts().isEmpty()) {
      List<Attempt> attempts = all.attempts();
      return attempts.get(attempts.size() - 1).outcome().name();
    }
    return error.getClass().getSimpleName();
  }

  /** The innermost message: what Bedrock or the SDK said, rather than bedrock-kit's summary. */
  static String rootMessage(Throwable error) {
    String message = error.getMessage();
    for (Throwable t = error.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        message = t.getMessage();
      }
    }
    return message == null ? error.getClass().getName() : message;
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
