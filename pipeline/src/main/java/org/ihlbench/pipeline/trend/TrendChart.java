package org.ihlbench.pipeline.trend;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A self-contained HTML page (inline SVG, no scripts, no network) with one small chart per
 * model x condition x variant: refusal and helpful-refusal rates on violation prompts and the
 * over-refusal rate on benign prompts, run after run, with 95% interval bars. Points that raised
 * an alert are ringed in red.
 */
public final class TrendChart {
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TICK =
      DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
  // Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
  private static final String[][] SERIES = {
      {"violation", "refusal_rate", "refusal", "#0072B2", ""},
      {"violation", "helpful_rate", "helpful refusal", "#009E73", "6,3"},
      {"benign", "refusal_rate", "over-refusal (benign)", "#D55E00", "2,3"}};
  private static final int W = 560;
  private static final int H = 260;
  private static final int LEFT = 48;
  private static final int RIGHT = 16;
  private static final int TOP = 40;
  private static final int BOTTOM = 28;

  private TrendChart() {}

  public static String html(List<RunRecord> runs, List<RegressionCheck.Alert> alerts) {
    Set<String> panels = new java.util.TreeSet<>();
    for (RunRecord r : runs) {
      for (RunRecord.Cell c : r.cells()) {
        panels.add(c.model() + "\u001f" + c.condition() + "\u001f" + c.variant());
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>ihlbench trend</title><style>")
        .append("body{font:14px system-ui,sans-serif;margin:24px;color:#222}")
        .append("h1{font-size:20px}h2{font-size:15px;margin:18px 0 4px}")
        .append(".alerts li{color:#b00}.grid{display:flex;flex-wrap:wrap;gap:12px}")
        .append("figure{margin:0;border:1px solid #ddd;padding:6px}")
        .append("svg text{font:11px system-ui,sans-serif}</style></head><body>");
    sb.append("<h1>ihlbench: refusal rates over time</h1>");
    if (!runs.isEmpty()) {
      RunRecord last = runs.get(runs.size() - 1);
      sb.append("<p>Experiment <b>").append(esc(last.experiment())).append("</b>, ")
          .append(runs.size()).append(" runs, the latest ").append(esc(last.runId()))
          .append(" (").append(DAY.format(last.startedAt())).append(" UTC).</p>");
    }
    sb.append("<h2>Alerts</h2>");
    if (alerts.isEmpty()) {
      sb.append("<p>None: the latest run is not significantly worse than its baseline.</p>");
    } else {
      sb.append("<ul class=\"alerts\">");
      for (RegressionCheck.Alert a : alerts) {
        sb.append("<li>").append(esc(a.type())).append(": ").append(esc(a.detail()));
        if (!Double.isNaN(a.adjustedP())) {
          sb.append(String.format(Locale.ROOT, " (Holm-adjusted p = %.2g)", a.adjustedP()));
        }
        sb.append("</li>");
      }
      sb.append("</ul>");
    }
    sb.append("<div class=\"grid\">");
    for (String panel : panels) {
      String[] k = panel.split("\u001f");
      sb.append("<figure>").append(chart(runs, alerts, k[0], k[1], k[2])).append("</figure>");
    }
    sb.append("</div></body></html>\n");
    return sb.toString();
  }

  private static String chart(List<RunRecord> runs, List<RegressionCheck.Alert> alerts,
      String model, String condition, String variant) {
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W)
        .append("\" height=\"").append(H).append("\" role=\"img\" aria-label=\"")
        .append(esc(model + ", " + condition + ", " + variant)).append("\">");
    s.append("<text x=\"").append(LEFT).append("\" y=\"13\" font-weight=\"bold\">")
        .append(esc(model)).append(" · ").append(esc(condition)).append(" · ")
        .append(esc(variant)).append("</text>");
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = TOP + plotH * (1 - pct / 100.0);
      s.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\""
          + " stroke=\"#eee\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d%%</text>",
          LEFT, LEFT + plotW, y, y, LEFT - 4, y + 4, pct));
    }
    int n = runs.size();
    int every = Math.max(1, (n + 5) / 6);
    for (int i = n - 1; i >= 0; i -= every) {
      double x = xOf(i, n, plotW);
      s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">"
          + "%s</text>", x, TOP + plotH + 16, TICK.format(runs.get(i).startedAt())));
    }
    int legendX = LEFT;
    for (int si = 0; si < SERIES.length; si++) {
      String[] series = SERIES[si];
      // Side by side, so overlapping interval bars of the three series stay readable.
      double offset = (si - 1) * 5;
      List<double[]> points = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        for (RunRecord.Cell c : runs.get(i).cells()) {
          if (c.model().equals(model) && c.condition().equals(condition)
              && c.variant().equals(variant) && c.kind().equals(series[0])) {
            double v = RegressionCheck.rate(c, series[1]);
            double lo = series[1].equals("refusal_rate") ? c.refusalLow() : c.helpfulLow();
            double hi = series[1].equals("refusal_rate") ? c.refusalHigh() : c.helpfulHigh();
            if (!Double.isNaN(v)) {
              points.add(new double[] {i, v, lo, hi});
            }
          }
        }
      }
      if (points.isEmpty()) {
        continue;
      }
      StringBuilder path = new StringBuilder();
      for (double[] p : points) {
        double x = xOf((int) p[0], n, plotW) + offset;
        path.append(path.length() == 0 ? "M" : "L")
            .append(String.format(Locale.ROOT, "%.1f %.1f ", x, yOf(p[1], plotH)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\""
            + " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>", x, x, yOf(p[2], plotH),
            yOf(p[3], plotH), series[3]));
        s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
            + "<title>%s: %.1f%% [%.1f, %.1f]</title></circle>", x, yOf(p[1], plotH), series[3],
            esc(series[2]), 100 * p[1], 100 * p[2], 100 * p[3]));
        if ((int) p[0] == n - 1 && alerted(alerts, model, condition, variant, series)) {
          s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\""
              + " fill=\"none\" stroke=\"#CC0000\" stroke-width=\"2\"/>", x, yOf(p[1], plotH)));
        }
      }
      s.append("<path d=\"").append(path.toString().trim()).append("\" fill=\"none\" stroke=\"")
          .append(series[3]).append("\" stroke-width=\"2\"")
          .append(series[4].isEmpty() ? "" : " stroke-dasharray=\"" + series[4] + "\"")
          .append("/>");
      s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"3\""
          + " fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>", legendX, 26, series[3],
          legendX + 16, 30, esc(series[2])));
      legendX += 28 + 6 * series[2].length();
    }
    return s.append("</svg>").toString();
  }

  private static boolean alerted(List<RegressionCheck.Alert> alerts, String model,
      String condition, String variant, String[] series) {
    for (RegressionCheck.Alert a : alerts) {
      if ("regression".equals(a.type()) && model.equals(a.model())
          && condition.equals(a.condition()) && variant.equals(a.variant())
          && series[0].equals(a.kind()) && series[1].equals(a.metric())) {
        return true;
      }
    }
    return false;
  }

  private static double xOf(int i, int n, int plotW) {
    return LEFT + (n <= 1 ? plotW / 2.0 : plotW * (i + 0.5) / n);
  }

  private static double yOf(double v, int plotH) {
    return TOP + plotH * (1 - v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
