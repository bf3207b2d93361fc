package org.ihlbench.transforms.report;

import java.util.List;

/**
 * Rates with their 95% intervals as dots and whiskers: one band per row (a model, say), one dot
 * per series (a condition) within it, on a 0-100% axis.
 */
final class IntervalChart {
  /** A series: its name in the legend, colour and marker shape. */
  record Series(String name, String colour, int shape) {}

  /** A rate and its interval; tooltip is the exact figure. */
  record Point(double rate, double low, double high, String tooltip) {}

  /** A row label and one point (or null) per series. */
  record Row(String label, List<Point> points) {}

  private IntervalChart() {}

  static String render(String title, String description, String axisLabel, List<Series> series,
      List<Row> rows) {
    int labelChars = 8;
    for (Row r : rows) {
      labelChars = Math.max(labelChars, Math.min(30, r.label().length()));
    }
    double left = 16 + labelChars * 6.8;
    double plot = 440;
    double right = 56;
    double top = 36;
    double dotGap = 15;
    double band = series.size() * dotGap + 12;
    double height = top + rows.size() * band + 44;
    double width = left + plot + right;
    Svg svg = new Svg(width, height, title, description);
    Legend.draw(svg, left, 14, series);
    Axis.percentX(svg, left, plot, top, top + rows.size() * band, axisLabel);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      double y0 = top + i * band;
      if (i % 2 == 1) {
        svg.rect(left, y0, plot, band, "#f4f4f6", null);
      }
      svg.text(left - 8, y0 + band / 2 + 4, Svg.fit(row.label(), 30), "end", "#222222", null);
      for (int s = 0; s < series.size(); s++) {
        Point p = s < row.points().size() ? row.points().get(s) : null;
        if (p == null || Double.isNaN(p.rate())) {
          continue;
        }
        double y = y0 + 6 + dotGap * s + dotGap / 2;
        String colour = series.get(s).colour();
        double xl = left + plot * p.low();
        double xh = left + plot * p.high();
        svg.line(xl, y, xh, y, colour, 2.2, null);
        svg.line(xl, y - 4, xl, y + 4, colour, 1.6, null);
        svg.line(xh, y - 4, xh, y + 4, colour, 1.6, null);
        svg.marker(series.get(s).shape(), left + plot * p.rate(), y, 5, colour, p.tooltip());
        svg.text(Math.min(left + plot + right - 4, xh + 6), y + 4, Html.pct(p.rate()), "start",
            "#444444", "font-size=\"10\"");
      }
    }
    return svg.toString();
  }
}
