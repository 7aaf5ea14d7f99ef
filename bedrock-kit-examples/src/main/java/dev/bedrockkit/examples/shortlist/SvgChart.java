package dev.bedrockkit.examples.shortlist;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws cost per 1,000 requests against p99 latency as a self-contained SVG: one labelled point
 * per model (bottom-left is cheap and fast). A model without a price sits on a "price unknown"
 * strip under the x axis at its latency; a model with no successful request has no latency and
 * is listed under the chart instead. Hand-written SVG 1.1, no scripts, no external resources.
 *
 * <p>Stateless and thread-safe.
 */
public final class SvgChart {
  static final int WIDTH = 900;
  static final int HEIGHT = 560;
  private static final int LEFT = 100;
  private static final int RIGHT = WIDTH - 40;
  private static final int TOP = 70;
  private static final int BOTTOM = HEIGHT - 140;
  private static final int UNKNOWN_STRIP = HEIGHT - 45;
  private static final String[] COLOURS = {
    "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"
  };

  private SvgChart() {}

  /** The chart of {@code report} as an SVG document. */
  public static String render(ShortlistReport report) {
    List<ModelReport> plotted = new ArrayList<>();
    List<ModelReport> notPlotted = new ArrayList<>();
    for (ModelReport m : report.models()) {
      (m.latencyP99Ms() == null ? notPlotted : plotted).add(m);
    }
    double maxLatency = 0;
    double maxCost = 0;
    for (ModelReport m : plotted) {
      maxLatency = Math.max(maxLatency, m.latencyP99Ms());
      if (m.usdPer1000Requests() != null) {
        maxCost = Math.max(maxCost, m.usdPer1000Requests().doubleValue());
      }
    }
    double xStep = niceStep(maxLatency > 0 ? maxLatency * 1.1 : 1000);
    double xMax = Math.max(1, Math.ceil(maxLatency * 1.1 / xStep)) * xStep;
    double yStep = niceStep(maxCost > 0 ? maxCost * 1.15 : 1);
    double yMax = Math.max(1, Math.ceil(maxCost * 1.15 / yStep)) * yStep;

    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    s.append(String.format(Locale.ROOT,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\""
            + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n",
        WIDTH, HEIGHT, WIDTH, HEIGHT));
    s.append("<title>Cost per 1,000 requests vs p99 latency</title>\n");
    s.append(String.format(Locale.ROOT,
        "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", WIDTH, HEIGHT));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"30\" font-size=\"16\" font-weight=\"bold\">Cost per 1,000 requests vs"
            + " p99 latency</text>%n", LEFT));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"50\" fill=\"#555555\">%s; %d requests per model; prices as of %s;"
            + " lower left is cheaper and faster</text>%n",
        LEFT, escape(report.mode()), report.requestsPerModel(), escape(report.pricesAsOf())));

    // grid, ticks and axes
    for (int k = 0; k * xStep <= xMax + xStep / 1000; k++) {
      double x = k * xStep;
      double px = xPixel(x, xMax);
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#e5e5e5\"/>%n", px, TOP, px, BOTTOM));
      s.append(String.format(Locale.ROOT,
          "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, BOTTOM + 18, label(x)));
    }
    for (int k = 0; k * yStep <= yMax + yStep / 1000; k++) {
      double y = k * yStep;
      double py = yPixel(y, yMax);
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>%n", LEFT, py, RIGHT, py));
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">$%s</text>%n", LEFT - 8, py + 4, label(y)));
    }
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n", LEFT, BOTTOM, RIGHT, BOTTOM));
    s.append(String.format(Locale.ROOT,
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333333\"/>%n", LEFT, TOP, LEFT, BOTTOM));
    s.append(String.format(Locale.ROOT,
        "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">p99 latency (ms), request start to last"
            + " token</text>%n", (LEFT + RIGHT) / 2, BOTTOM + 40));
    s.append(String.format(Locale.ROOT,
        "<text x=\"24\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 24 %d)\">USD per"
            + " 1,000 requests</text>%n", (TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2));
    boolean anyUnknown = plotted.stream().anyMatch(m -> m.usdPer1000Requests() == null);
    if (anyUnknown) {
      s.append(String.format(Locale.ROOT,
          "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999999\" stroke-dasharray=\"4 4\"/>%n",
          LEFT, UNKNOWN_STRIP, RIGHT, UNKNOWN_STRIP));
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#555555\">price unknown</text>%n",
          LEFT - 8, UNKNOWN_STRIP + 4));
    }

    // one labelled point per model
    for (int i = 0; i < plotted.size(); i++) {
      ModelReport m = plotted.get(i);
      String colour = COLOURS[i % COLOURS.length];
      boolean priced = m.usdPer1000Requests() != null;
      double px = xPixel(m.latencyP99Ms(), xMax);
      double py = priced ? yPixel(m.usdPer1000Requests().doubleValue(), yMax) : UNKNOWN_STRIP;
      boolean leftLabel = px > (LEFT + RIGHT) / 2.0;
      String cost = priced ? "$" + money(m.usdPer1000Requests()) + " per 1,000 requests"
          : (m.priceKnown() ? "cost n/a" : "price unknown");
      s.append(String.format(Locale.ROOT, "<g class=\"model\" data-model=\"%s\">%n", escape(m.modelId())));
      s.append(String.format(Locale.ROOT,
          "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" fill-opacity=\"%s\""
              + " stroke=\"%s\" stroke-width=\"2\"><title>%s: p99 %.0f ms, %s</title></circle>%n",
          px, py, priced ? colour : "#ffffff", priced ? "0.85" : "1", colour,
          escape(m.modelId()), m.latencyP99Ms(), escape(cost)));
      s.append(String.format(Locale.ROOT,
          "<text class=\"label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
          leftLabel ? px - 10 : px + 10, py - 8 - (i % 2) * 12, leftLabel ? "end" : "start", colour,
          escape(m.modelId())));
      s.append("</g>\n");
    }
    if (!notPlotted.isEmpty()) {
      List<String> ids = notPlotted.stream().map(ModelReport::modelId).toList();
      s.append(String.format(Locale.ROOT,
          "<text x=\"%d\" y=\"%d\" fill=\"#b00000\">Not plotted (no successful request): %s</text>%n",
          LEFT, HEIGHT - 20, escape(String.join(", ", ids))));
    }
    s.append("</svg>\n");
    return s.toString();
  }

  private static double xPixel(double ms, double xMax) {
    return LEFT + ms / xMax * (RIGHT - LEFT);
  }

  private static double yPixel(double usd, double yMax) {
    return BOTTOM - usd / yMax * (BOTTOM - TOP);
  }

  /** A step of 1, 2 or 5 times a power of ten giving about five ticks up to {@code max}. */
  static double niceStep(double max) {
    double raw = max / 5;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / magnitude;
    double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  private static String label(double v) {
    return BigDecimal.valueOf(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String money(BigDecimal usd) {
    return usd.setScale(4, RoundingMode.HALF_UP).toPlainString();
  }

  /** Escapes text for XML content and attribute values. */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&apos;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
