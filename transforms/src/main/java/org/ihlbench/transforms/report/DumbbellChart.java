package org.ihlbench.transforms.report;

import java.util.List;

/**
 * A change per row as a dumbbell: a dot at the "from" rate, an arrow to the "to" rate, and the
 * paired change with its interval and Holm-adjusted p-value written beside it.
 */
final class DumbbellChart {
  /** One row: label, the two rates, and the note (change, interval, p). */
  record Row(String label, double from, double to, String note, String tooltip) {}

  private DumbbellChart() {}

  static String render(String title, String description, String axisLabel,
      IntervalChart.Series from, IntervalChart.Series to, List<Row> rows) {
    int labelChars = 8;
    for (Row r : rows) {
      labelChars = Math.max(labelChars, Math.min(30, r.label().length()));
    }
    double left = 16 + labelChars * 6.8;
    double plot = 360;
    double noteWidth = 236;
    double top = 36;
    double band = 30;
    double width = left + plot + noteWidth;
    double height = top + rows.size() * band + 44;
    Svg svg = new Svg(width, height, title, description);
    Legend.draw(svg, left, 14, List.of(from, to));
    Axis.percentX(svg, left, plot, top, top + rows.size() * band, axisLabel);
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      double y = top + i * band + band / 2;
      if (i % 2 == 1) {
        svg.rect(left, y - band / 2, plot, band, "#f4f4f6", null);
      }
      svg.text(left - 8, y + 4, Svg.fit(r.label(), 30), "end", "#222222", null);
      if (Double.isNaN(r.from()) || Double.isNaN(r.to())) {
        continue;
      }
      double x1 = left + plot * r.from();
      double x2 = left + plot * r.to();
      svg.line(x1, y, x2, y, "#777777", 2.5, null);
      if (Math.abs(x2 - x1) > 12) {
        double dir = Math.signum(x2 - x1);
        svg.path(String.format(java.util.Locale.ROOT, "M%.1f %.1fL%.1f %.1fL%.1f %.1fZ",
            x2 - dir * 7, y - 5, x2 - dir * 7, y + 5, x2 - dir * 1, y), "#777777", null);
      }
      svg.marker(from.shape(), x1, y, 6, from.colour(), r.tooltip());
      svg.marker(to.shape(), x2, y, 6, to.colour(), r.tooltip());
      svg.text(left + plot + 12, y + 4, r.note(), "start", "#222222", null);
    }
    return svg.toString();
  }
}
