package dev.bedrockkit.test;

import dev.bedrockkit.test.internal.Checks;
import dev.bedrockkit.test.internal.ErrorKind;
import dev.bedrockkit.test.internal.FaultEngine;
import dev.bedrockkit.test.internal.FaultRule;
import dev.bedrockkit.test.internal.FaultRule.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Fault injection: makes the emulator answer like Bedrock or SSM on a bad day.
 *
 * <p>Narrow the scope with {@link #forModel}, {@link #forRegion} and {@link #forOperation} (each
 * returns a new scoped view), then add a fault; each adder returns a {@link Fault} handle that
 * counts how often it fired. {@code xxxNext(n)} faults fire for the next {@code n} matching
 * requests; the others last until {@link Fault#cancel()} or {@link #reset()}. Without {@link
 * #forOperation}, Bedrock faults apply to the four Bedrock Runtime operations and never to SSM.
 * Rules are tried in the order added; delays add up and the first error wins. Faults fire after
 * the model ID is resolved, so an unknown or disabled model still gets its own error.
 *
 * <pre>{@code
 * emulator.faults().throttleNext(3);
 * emulator.faults().forModel(ModelCatalog.CLAUDE_3_HAIKU).serverErrorNext(2);
 * emulator.faults().breakStreamAfter(2, "throttlingException");
 * }</pre>
 *
 * <p>Thread-safe: faults may be added while requests are served.
 */
public final class Faults {
  private static final Set<Operation> BEDROCK =
      EnumSet.of(
          Operation.CONVERSE,
          Operation.CONVERSE_STREAM,
          Operation.INVOKE_MODEL,
          Operation.INVOKE_MODEL_WITH_RESPONSE_STREAM);
  private static final Set<Operation> STREAMS =
      EnumSet.of(Operation.CONVERSE_STREAM, Operation.INVOKE_MODEL_WITH_RESPONSE_STREAM);
  private static final Set<Operation> SSM =
      EnumSet.of(
          Operation.GET_PARAMETER,
          Operation.GET_PARAMETERS,
          Operation.GET_PARAMETERS_BY_PATH,
          Operation.PUT_PARAMETER,
          Operation.DELETE_PARAMETER);

  private final FaultEngine engine;
  private final String modelId;
  private final String region;
  private final Set<Operation> operations;

  Faults(FaultEngine engine) {
    this(engine, null, null, null);
  }

  private Faults(FaultEngine engine, String modelId, String region, Set<Operation> operations) {
    this.engine = engine;
    this.modelId = modelId;
    this.region = region;
    this.operations = operations;
  }

  /**
   * Returns a view whose faults apply only to calls with this model ID, compared with the
   * URL-decoded ID the client sent (an inference-profile ID or ARN is its own ID).
   *
   * @param modelId the model ID
   * @return a scoped view
   */
  public Faults forModel(String modelId) {
    return new Faults(engine, Checks.notNull(modelId, "modelId"), region, operations);
  }

  /**
   * Returns a view whose faults apply only to callers signing for this region.
   *
   * @param region e.g. {@code us-west-2}
   * @return a scoped view
   */
  public Faults forRegion(String region) {
    return new Faults(engine, modelId, Checks.notNull(region, "region"), operations);
  }

  /**
   * Returns a view whose faults apply only to these operations (SSM operations included).
   *
   * @param first an operation
   * @param more more operations
   * @return a scoped view
   */
  public Faults forOperation(Operation first, Operation... more) {
    return new Faults(engine, modelId, region, EnumSet.of(Checks.notNull(first, "first"), more));
  }

  /**
   * The next {@code n} calls fail with ThrottlingException (429).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault throttleNext(int n) {
    return error("throttleNext", n, ErrorKind.THROTTLING);
  }

  /**
   * Each matching call fails with ThrottlingException with probability {@code rate}, drawn from a
   * random source seeded with {@code seed} so a run repeats exactly.
   *
   * @param rate probability in (0, 1]
   * @param seed random seed
   * @return the fault
   */
  public Fault throttleRate(double rate, long seed) {
    Checks.check(rate > 0 && rate <= 1, "rate must be in (0, 1]");
    return add(
        "throttleRate(" + rate + ", " + seed + ")",
        BEDROCK,
        Action.ERROR,
        ErrorKind.THROTTLING,
        Duration.ZERO,
        -1,
        rate,
        seed,
        -1,
        null);
  }

  /**
   * The next {@code n} calls fail with ModelNotReadyException (429).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault modelNotReadyNext(int n) {
    return error("modelNotReadyNext", n, ErrorKind.MODEL_NOT_READY);
  }

  /**
   * The next {@code n} calls fail with InternalServerException (500).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault serverErrorNext(int n) {
    return error("serverErrorNext", n, ErrorKind.INTERNAL);
  }

  /**
   * The next {@code n} calls fail with ServiceUnavailableException (503).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault serviceUnavailableNext(int n) {
    return error("serviceUnavailableNext", n, ErrorKind.SERVICE_UNAVAILABLE);
  }

  /**
   * The next {@code n} calls fail with ModelErrorException (424).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault modelErrorNext(int n) {
    return error("modelErrorNext", n, ErrorKind.MODEL_ERROR);
  }

  /**
   * The next {@code n} calls fail at once with ModelTimeoutException (408).
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault timeoutNext(int n) {
    return timeoutNext(n, Duration.ZERO);
  }

  /**
   * The next {@code n} calls hang for {@code hang}, then fail with ModelTimeoutException (408). A
   * client whose timeout is shorter than {@code hang} sees its own timeout instead.
   *
   * @param n number of calls, >= 1
   * @param hang how long to wait before answering
   * @return the fault
   */
  public Fault timeoutNext(int n, Duration hang) {
    checkCount(n);
    checkDuration(hang, "hang");
    return add(
        "timeoutNext(" + n + ", " + hang + ")",
        BEDROCK,
        Action.TIMEOUT,
        null,
        hang,
        n,
        1,
        0,
        -1,
        null);
  }

  /**
   * The next {@code n} calls wait {@code delay} longer, then answer normally.
   *
   * @param n number of calls, >= 1
   * @param delay the extra delay
   * @return the fault
   */
  public Fault delayNext(int n, Duration delay) {
    checkCount(n);
    checkDuration(delay, "delay");
    return add(
        "delayNext(" + n + ", " + delay + ")", BEDROCK, Action.DELAY, null, delay, n, 1, 0, -1, null);
  }

  /**
   * Every matching call waits {@code delay} longer before its answer (for a stream: before its
   * first event).
   *
   * @param delay the extra delay
   * @return the fault
   */
  public Fault slow(Duration delay) {
    checkDuration(delay, "delay");
    return add("slow(" + delay + ")", BEDROCK, Action.DELAY, null, delay, -1, 1, 0, -1, null);
  }

  /**
   * Every matching stream waits {@code perEvent} longer between events, so clients see a slow
   * dribble.
   *
   * @param perEvent extra time between two events
   * @return the fault
   */
  public Fault slowStreams(Duration perEvent) {
    checkDuration(perEvent, "perEvent");
    return add(
        "slowStreams(" + perEvent + ")",
        STREAMS,
        Action.STREAM_DELAY,
        null,
        perEvent,
        -1,
        1,
        0,
        -1,
        null);
  }

  /**
   * Every call to the model fails with ServiceUnavailableException (503) until cancelled.
   *
   * @param modelId the model ID as clients send it
   * @return the fault
   */
  public Fault modelDown(String modelId) {
    return forModel(modelId)
        .add(
            "modelDown",
            BEDROCK,
            Action.ERROR,
            ErrorKind.SERVICE_UNAVAILABLE,
            Duration.ZERO,
            -1,
            1,
            0,
            -1,
            null);
  }

  /**
   * Every Bedrock call signed for the region fails with ServiceUnavailableException (503) until
   * cancelled; other regions keep working on the same endpoint.
   *
   * @param region e.g. {@code us-east-1}
   * @return the fault
   */
  public Fault regionDown(String region) {
    return forRegion(region)
        .add(
            "regionDown",
            BEDROCK,
            Action.ERROR,
            ErrorKind.SERVICE_UNAVAILABLE,
            Duration.ZERO,
            -1,
            1,
            0,
            -1,
            null);
  }

  /**
   * Every matching stream sends {@code events} events and then an exception event with this
   * {@code :exception-type} (lower camel case, e.g. {@code throttlingException}, {@code
   * modelStreamErrorException}, {@code internalServerException}, {@code
   * serviceUnavailableException}, {@code validationException}; other spellings reach the client
   * as a generic service exception, as they would from AWS).
   *
   * @param events events sent before the exception, >= 0
   * @param exceptionType the exception type
   * @return the fault
   */
  public Fault breakStreamAfter(int events, String exceptionType) {
    return breakStream(events, exceptionType, -1);
  }

  /**
   * Like {@link #breakStreamAfter(int, String)} but only for the next matching stream.
   *
   * @param events events sent before the exception, >= 0
   * @param exceptionType the exception type
   * @return the fault
   */
  public Fault breakNextStreamAfter(int events, String exceptionType) {
    return breakStream(events, exceptionType, 1);
  }

  /**
   * Every SSM call fails with {@code InternalServerError} (500) until cancelled.
   *
   * @return the fault
   */
  public Fault ssmUnavailable() {
    return add(
        "ssmUnavailable",
        SSM,
        Action.ERROR,
        ErrorKind.INTERNAL,
        Duration.ZERO,
        -1,
        1,
        0,
        -1,
        null);
  }

  /**
   * The next {@code n} SSM calls fail with SSM's {@code ThrottlingException} (400, "Rate
   * exceeded").
   *
   * @param n number of calls, >= 1
   * @return the fault
   */
  public Fault ssmThrottleNext(int n) {
    checkCount(n);
    return add(
        "ssmThrottleNext(" + n + ")",
        SSM,
        Action.ERROR,
        ErrorKind.THROTTLING,
        Duration.ZERO,
        n,
        1,
        0,
        -1,
        null);
  }

  /**
   * Returns every fault added since the last reset, active or used up.
   *
   * @return an immutable snapshot in the order added
   */
  public List<Fault> all() {
    return engine.rules();
  }

  /**
   * Returns how many requests any fault affected since the last reset.
   *
   * @return the count
   */
  public int triggered() {
    return engine.triggered();
  }

  /** Removes every fault, whatever the scope of this view. */
  public void reset() {
    engine.reset();
  }

  private Fault breakStream(int events, String exceptionType, int budget) {
    Checks.check(events >= 0, "events must be >= 0");
    Checks.notNull(exceptionType, "exceptionType");
    String name = budget == 1 ? "breakNextStreamAfter" : "breakStreamAfter";
    return add(
        name + "(" + events + ", " + exceptionType + ")",
        STREAMS,
        Action.BREAK_STREAM,
        null,
        Duration.ZERO,
        budget,
        1,
        0,
        events,
        exceptionType);
  }

  private Fault error(String name, int n, ErrorKind kind) {
    checkCount(n);
    return add(name + "(" + n + ")", BEDROCK, Action.ERROR, kind, Duration.ZERO, n, 1, 0, -1, null);
  }

  private Fault add(
      String name,
      Set<Operation> defaults,
      Action action,
      ErrorKind error,
      Duration delay,
      int budget,
      double rate,
      long seed,
      int breakAfter,
      String exceptionType) {
    Set<Operation> ops = EnumSet.copyOf(defaults);
    if (operations != null) {
      ops.retainAll(operations);
      if (ops.isEmpty() && action != Action.BREAK_STREAM && action != Action.STREAM_DELAY) {
        ops = EnumSet.copyOf(operations);
      }
    }
    List<String> scope = new ArrayList<>();
    if (modelId != null) {
      scope.add("model=" + modelId);
    }
    if (region != null) {
      scope.add("region=" + region);
    }
    if (operations != null) {
      scope.add("operations=" + operations);
    }
    String description = scope.isEmpty() ? name : name + " " + String.join(" ", scope);
    return engine.add(
        new FaultRule(
            description,
            modelId,
            region,
            ops,
            action,
            error,
            delay,
            breakAfter,
            exceptionType,
            budget,
            rate,
            seed));
  }

  private static void checkCount(int n) {
    Checks.check(n >= 1, "n must be >= 1");
  }

  private static void checkDuration(Duration d, String name) {
    Checks.notNull(d, name);
    Checks.check(!d.isNegative(), name + " must be >= 0");
  }
}
