package org.ihlbench.pipeline.trend;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ihlbench.transforms.report.Html;
import org.ihlbench.transforms.report.Svg;

/**
 * A self-contained HTML page (inline SVG drawn with the report's {@link Svg}, no scripts, no
 * network) with one small chart per model x condition x variant: refusal and helpful-refusal rates on violation prompts and the
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
  private static final String INK = "#222";
  private static final String ALERT = "#CC0000";

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
        .append("figure{margin:0;border:1px solid #ddd;padding:6px;width:" + W + "px}")
        .append("svg text{font:11px system-ui,sans-serif}</style></head><body>");
    sb.append("<h1>ihlbench: refusal rates over time</h1>");
    if (!runs.isEmpty()) {
      RunRecord last = runs.get(runs.size() - 1);
      sb.append("<p>Experiment <b>").append(Html.esc(last.experiment())).append("</b>, ")
          .append(runs.size()).append(" runs, the latest ").append(Html.esc(last.runId()))
          .append(" (").append(DAY.format(last.startedAt())).append(" UTC).</p>");
    }
    sb.append("<h2>Alerts</h2>");
    if (alerts.isEmpty()) {
      sb.append("<p>None: the latest run is not significantly worse than its baseline.</p>");
    } else {
      sb.append("<ul class=\"alerts\">");
      for (RegressionCheck.Alert a : alerts) {
        sb.append("<li>").append(Html.esc(a.type())).append(": ").append(Html.esc(a.detail()));
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
    String heading = model + " \u00b7 " + condition + " \u00b7 " + variant;
    Svg s = new Svg(W, H, heading, "Refusal, helpful-refusal and over-refusal rates of "
        + model + " under " + condition + " (" + variant + "), run after run, with 95%"
        + " intervals");
    s.text(LEFT, 13, heading, "start", INK, "font-weight=\"bold\"");
    for (int pct = 0; pct <= 100; pct += 25) {
      double y = TOP + plotH * (1 - pct / 100.0);
      s.line(LEFT, y, LEFT + plotW, y, "#eee", 1, null);
      s.text(LEFT - 4, y + 4, pct + "%", "end", INK, null);
    }
    int n = runs.size();
    int every = Math.max(1, (n + 5) / 6);
    for (int i = n - 1; i >= 0; i -= every) {
      s.text(xOf(i, n, plotW), TOP + plotH + 16, TICK.format(runs.get(i).startedAt()), "middle",
          INK, null);
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
            .append(Svg.f(x)).append(' ').append(Svg.f(yOf(p[1], plotH))).append(' ');
        s.line(x, yOf(p[2], plotH), x, yOf(p[3], plotH), series[3], 1.5, null);
        s.circle(x, yOf(p[1], plotH), 3, series[3], series[3], String.format(Locale.ROOT,
            "%s: %.1f%% [%.1f, %.1f]", series[2], 100 * p[1], 100 * p[2], 100 * p[3]));
        if ((int) p[0] == n - 1 && alerted(alerts, model, condition, variant, series)) {
          s.circle(x, yOf(p[1], plotH), 7, "none", ALERT, null);
        }
      }
      s.stroke(path.toString().trim(), series[3], 2, series[4].isEmpty() ? null : series[4]);
      s.rect(legendX, 26, 12, 3, series[3], null);
      s.text(legendX + 16, 30, series[2], "start", INK, null);
      legendX += 28 + 6 * series[2].length();
    }
    return s.toString();
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
}
