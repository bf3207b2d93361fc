package org.ihlbench.transforms.report;

/** Percentage axes with grid lines, shared by the charts. */
final class Axis {
  private Axis() {}

  /** A horizontal 0-100% axis under a plot spanning [x, x + width], grid from top to bottom. */
  static void percentX(Svg svg, double x, double width, double top, double bottom, String label) {
    percentX(svg, x, width, top, bottom, label, 1.0);
  }

  /** As above, for an axis that ends at {@code max} (a rate). */
  static void percentX(Svg svg, double x, double width, double top, double bottom, String label,
      double max) {
    double step = tickStep(max);
    for (double v = 0; v <= max + 1e-9; v += step) {
      double gx = x + width * v / max;
      svg.line(gx, top, gx, bottom, v == 0 ? "#888888" : "#dddddd", 1, null);
      svg.text(gx, bottom + 14, Math.round(v * 100) + "%", "middle", "#444444", null);
    }
    svg.text(x + width / 2, bottom + 32, label, "middle", "#222222", "font-weight=\"600\"");
  }

  /** A vertical 0..max axis left of a plot spanning [top, top + height]. */
  static void percentY(Svg svg, double x, double top, double height, double right, String label,
      double max) {
    double step = tickStep(max);
    for (double v = 0; v <= max + 1e-9; v += step) {
      double gy = top + height - height * v / max;
      svg.line(x, gy, right, gy, v == 0 ? "#888888" : "#dddddd", 1, null);
      svg.text(x - 6, gy + 4, Math.round(v * 100) + "%", "end", "#444444", null);
    }
    svg.text(14, top + height / 2, label, "middle", "#222222",
        "font-weight=\"600\" transform=\"rotate(-90 14 " + Svg.f(top + height / 2) + ")\"");
  }

  /** The smallest of 0.01, 0.02, 0.05, 0.1, 0.2 that gives at most 10 ticks. */
  static double tickStep(double max) {
    for (double s : new double[] {0.01, 0.02, 0.05, 0.1, 0.2}) {
      if (max / s <= 10 + 1e-9) {
        return s;
      }
    }
    return 0.25;
  }

  /** A rounded-up axis end for rates up to {@code value}: 5%, 10%, 20%, 50% or 100%. */
  static double niceMax(double value) {
    for (double m : new double[] {0.05, 0.1, 0.2, 0.5}) {
      if (value <= m) {
        return m;
      }
    }
    return 1.0;
  }
}
