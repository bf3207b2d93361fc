package org.ihlbench.transforms.report;

import java.util.List;

/** Rates in a grid (chapters x model and condition), coloured on viridis, with the figure in each cell. */
final class Heatmap {
  /** One cell: rate (NaN when empty), the samples behind it, and its tooltip. */
  record Cell(double rate, long n, String tooltip) {}

  private Heatmap() {}

  static String render(String title, String description, List<String> rowLabels,
      List<String> columnLabels, List<List<Cell>> cells) {
    int labelChars = 10;
    for (String r : rowLabels) {
      labelChars = Math.max(labelChars, Math.min(52, r.length()));
    }
    int columnChars = 8;
    for (String c : columnLabels) {
      columnChars = Math.max(columnChars, Math.min(28, c.length()));
    }
    double left = 16 + labelChars * 6.9;
    double cellW = 74;
    double cellH = 26;
    double top = 20 + columnChars * 5.0;
    double width = left + columnLabels.size() * cellW + 90;
    double height = top + rowLabels.size() * cellH + 20;
    Svg svg = new Svg(width, height, title, description);
    for (int c = 0; c < columnLabels.size(); c++) {
      double x = left + c * cellW + cellW / 2;
      svg.text(x, top - 8, Svg.fit(columnLabels.get(c), 28), "start", "#222222",
          "transform=\"rotate(-35 " + Svg.f(x) + " " + Svg.f(top - 8) + ")\"");
    }
    for (int r = 0; r < rowLabels.size(); r++) {
      double y = top + r * cellH;
      svg.text(left - 8, y + cellH / 2 + 4, Svg.fit(rowLabels.get(r), 52), "end", "#222222", null);
      for (int c = 0; c < columnLabels.size(); c++) {
        Cell cell = cells.get(r).get(c);
        double x = left + c * cellW;
        if (cell == null || Double.isNaN(cell.rate())) {
          svg.rect(x + 1, y + 1, cellW - 2, cellH - 2, "#eeeeee", cell == null ? "no prompts"
              : cell.tooltip());
          svg.text(x + cellW / 2, y + cellH / 2 + 4, "\u2013", "middle", "#888888", null);
          continue;
        }
        svg.rect(x + 1, y + 1, cellW - 2, cellH - 2, Palette.sequential(cell.rate()),
            cell.tooltip());
        svg.text(x + cellW / 2, y + cellH / 2 + 4, Html.pct(cell.rate()), "middle",
            Palette.textOn(cell.rate()), "font-size=\"11\"");
      }
    }
    // Colour scale.
    double lx = left + columnLabels.size() * cellW + 24;
    double lh = Math.max(60, Math.min(200, rowLabels.size() * cellH));
    for (int i = 0; i < 20; i++) {
      double v = 1 - i / 20.0;
      svg.rect(lx, top + i * lh / 20, 14, lh / 20 + 0.5, Palette.sequential(v - 0.025), null);
    }
    svg.text(lx + 18, top + 8, "100%", "start", "#444444", "font-size=\"10\"");
    svg.text(lx + 18, top + lh, "0%", "start", "#444444", "font-size=\"10\"");
    return svg.toString();
  }
}
