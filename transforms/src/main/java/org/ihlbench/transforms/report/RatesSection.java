package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Refusal and helpful-refusal rates per model x condition, with interval whiskers.
 */
final class RatesSection {
  private RatesSection() {}

  /** Refusal and helpful-refusal rates per model x condition with interval whiskers. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    String v = order.referenceVariant();
    StringBuilder sb = new StringBuilder("<div class=\"pair\">");
    for (String metric : List.of("refusal", "helpful")) {
      List<IntervalChart.Row> rows = new ArrayList<>();
      for (String m : order.models()) {
        List<IntervalChart.Point> points = new ArrayList<>();
        for (String c : order.conditions()) {
          TableRow r = cells.cell(m, c, v, "violation");
          points.add(r == null ? null : new IntervalChart.Point(r.num(metric + "_rate"),
              r.num(metric + "_ci_low"), r.num(metric + "_ci_high"),
              m + ", " + c + ": " + Html.pctCi(r.num(metric + "_rate"),
                  r.num(metric + "_ci_low"), r.num(metric + "_ci_high"))
                  + (metric.equals("refusal") ? " of " + r.lng("n") + " answers"
                      : " of " + r.lng("refusals") + " refusals")));
        }
        rows.add(new IntervalChart.Row(m, points));
      }
      String title = metric.equals("refusal") ? "Refusal rate, violation prompts"
          : "Helpful-refusal rate (share of refusals that explain why)";
      sb.append("<figure>").append(IntervalChart.render(title,
              title + " per model and condition, with 95% intervals.",
              metric.equals("refusal") ? "refusal rate (95% interval)"
                  : "helpful refusals / refusals (95% interval)",
              cells.conditionSeries(), rows))
          .append("<figcaption>").append(Html.esc(title)).append("</figcaption></figure>");
    }
    return sb.append("</div>").toString();
  }
}
