package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Over-refusal on benign prompts against refusal on violation prompts.
 */
final class OverRefusalSection {
  private OverRefusalSection() {}

  /** Over-refusal on benign prompts against refusal on violation prompts. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    String v = order.referenceVariant();
    List<TradeOffChart.Point> points = new ArrayList<>();
    StringBuilder table = new StringBuilder("<table class=\"sortable\"><thead><tr><th>model</th>"
        + "<th>condition</th><th>variant</th><th>refusal (violation)</th>"
        + "<th>over-refusal (benign)</th><th class=\"num\">benign n</th></tr></thead><tbody>");
    boolean anyBenign = false;
    for (String m : order.models()) {
      for (String c : order.conditions()) {
        for (String var : order.variants()) {
          TableRow viol = cells.cell(m, c, var, "violation");
          TableRow benign = cells.cell(m, c, var, "benign");
          if (viol == null || benign == null) {
            continue;
          }
          anyBenign = true;
          table.append("<tr><td>").append(Html.esc(m)).append("</td><td>").append(cells.swatch(c))
              .append(Html.esc(c)).append("</td><td>").append(Html.esc(var)).append("</td>")
              .append(RunCells.rateCell(viol, "refusal"))
              .append(RunCells.rateCell(benign, "refusal"))
              .append("<td class=\"num\">").append(benign.lng("n")).append("</td></tr>");
          if (var.equals(v)) {
            IntervalChart.Series s = cells.conditionSeries(c);
            points.add(new TradeOffChart.Point(m, viol.num("refusal_rate"),
                viol.num("refusal_ci_low"), viol.num("refusal_ci_high"),
                benign.num("refusal_rate"), benign.num("refusal_ci_low"),
                benign.num("refusal_ci_high"), s.colour(), s.shape(),
                m + ", " + c + ": refuses " + Html.pct(viol.num("refusal_rate"))
                    + " of violation requests, " + Html.pct(benign.num("refusal_rate"))
                    + " of benign questions"));
          }
        }
      }
    }
    table.append("</tbody></table>");
    if (!anyBenign) {
      return "<p class=\"note\">This run has no benign control prompts, so over-refusal is not"
          + " measured.</p>";
    }
    return "<figure>" + TradeOffChart.render("Refusal of violations vs over-refusal of benign"
            + " questions", "Each point is a model under a condition: x is its refusal rate on"
            + " violation prompts, y its refusal rate on benign control questions on the same"
            + " rules; whiskers are 95% intervals. Bottom right is best.", cells.conditionSeries(),
        points)
        + "<figcaption>Safer is further right; more helpful is lower. Whiskers: 95% intervals."
        + "</figcaption></figure>" + table;
  }
}
