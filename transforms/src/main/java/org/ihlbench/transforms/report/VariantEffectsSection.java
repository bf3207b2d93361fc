package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Refusal by variant under each condition, with every paired change between variants.
 */
final class VariantEffectsSection {
  private VariantEffectsSection() {}

  /** The reference variant against each other variant, per model and condition. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    if (order.variants().size() < 2) {
      return "<p class=\"note\">This run has one variant (" + Html.esc(order.referenceVariant())
          + "): variant effects need a config with several (e.g. code, technical, roleplay).</p>";
    }
    StringBuilder sb = new StringBuilder("<div class=\"pair\">");
    for (String c : order.conditions()) {
      List<IntervalChart.Series> series = new ArrayList<>();
      for (int i = 0; i < order.variants().size(); i++) {
        series.add(new IntervalChart.Series(order.variants().get(i), Palette.categorical(i + 2), i));
      }
      List<IntervalChart.Row> rows = new ArrayList<>();
      for (String m : order.models()) {
        List<IntervalChart.Point> points = new ArrayList<>();
        for (String v : order.variants()) {
          TableRow r = cells.cell(m, c, v, "violation");
          points.add(r == null ? null : new IntervalChart.Point(r.num("refusal_rate"),
              r.num("refusal_ci_low"), r.num("refusal_ci_high"), m + ", " + c + ", " + v + ": "
                  + Html.pctCi(r.num("refusal_rate"), r.num("refusal_ci_low"),
                      r.num("refusal_ci_high"))));
        }
        rows.add(new IntervalChart.Row(m, points));
      }
      String title = "Refusal by variant under " + c;
      sb.append("<figure>").append(IntervalChart.render(title,
              title + ", per model, violation prompts, with 95% intervals.",
              "refusal rate (95% interval)", series, rows))
          .append("<figcaption>").append(Html.esc(title)).append("</figcaption></figure>");
    }
    sb.append("</div>").append(DeltaTable.render(cells, "variant"));
    return sb.toString();
  }
}
