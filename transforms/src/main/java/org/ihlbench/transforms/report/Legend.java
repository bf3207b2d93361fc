package org.ihlbench.transforms.report;

import java.util.List;

/** A one-line legend of series: marker, colour and name. */
final class Legend {
  private Legend() {}

  static void draw(Svg svg, double x, double y, List<IntervalChart.Series> series) {
    double cx = x;
    for (IntervalChart.Series s : series) {
      svg.marker(s.shape(), cx + 5, y, 5, s.colour(), null);
      svg.text(cx + 14, y + 4, s.name(), "start", "#222222", null);
      cx += 34 + s.name().length() * 7;
    }
  }
}
