package org.ihlbench.transforms.report;

import java.util.List;

/**
 * Refusal of violation requests (x, higher is safer) against over-refusal of benign questions on
 * the same topics (y, lower is more helpful) per model and condition, each with its interval:
 * the bottom right is where a model should be.
 */
final class TradeOffChart {
  /** One model x condition. */
  record Point(String label, double x, double xLow, double xHigh, double y, double yLow,
      double yHigh, String colour, int shape, String tooltip) {}

  private TradeOffChart() {}

  static String render(String title, String description, List<IntervalChart.Series> legend,
      List<Point> points) {
    double maxY = 0.05;
    for (Point p : points) {
      if (!Double.isNaN(p.yHigh())) {
        maxY = Math.max(maxY, p.yHigh());
      }
    }
    maxY = Axis.niceMax(maxY);
    double left = 70;
    double plotW = 560;
    double plotH = 300;
    double top = 40;
    double width = left + plotW + 170;
    double height = top + plotH + 50;
    Svg svg = new Svg(width, height, title, description);
    Legend.draw(svg, left, 14, legend);
    // 0% sits a little above the x axis, so that the refusal whiskers of models that never
    // over-refuse (the common case) are not drawn over the axis line.
    double inner = plotH - 14;
    Axis.percentY(svg, left, top, inner, left + plotW, "over-refusal of benign questions", maxY);
    Axis.percentX(svg, left, plotW, top, top + plotH, "refusal of violation requests");
    for (Point p : points) {
      if (Double.isNaN(p.x()) || Double.isNaN(p.y())) {
        continue;
      }
      double cx = left + plotW * p.x();
      double cy = top + inner - inner * Math.min(p.y(), maxY) / maxY;
      svg.line(left + plotW * p.xLow(), cy, left + plotW * p.xHigh(), cy, p.colour(), 1.6, null);
      svg.line(cx, top + inner - inner * Math.min(p.yLow(), maxY) / maxY, cx,
          top + inner - inner * Math.min(p.yHigh(), maxY) / maxY, p.colour(), 1.6, null);
      svg.marker(p.shape(), cx, cy, 6, p.colour(), p.tooltip());
      svg.text(cx + 9, cy - 7, Svg.fit(p.label(), 26), "start", "#222222", "font-size=\"11\"");
    }
    return svg.toString();
  }
}
