package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What each condition changes against the reference condition, per model, as dumbbells,
 * with every paired change in a table.
 */
final class ConditionChangesSection {
  private ConditionChangesSection() {}

  /** The reference condition against each other condition, per model, as dumbbells. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    String v = order.referenceVariant();
    String from = order.referenceCondition();
    StringBuilder sb = new StringBuilder();
    boolean any = false;
    for (String to : order.conditions()) {
      if (to.equals(from)) {
        continue;
      }
      sb.append("<div class=\"pair\">");
      for (String metric : List.of("refusal", "explained_refusal")) {
        List<DumbbellChart.Row> rows = new ArrayList<>();
        for (String m : order.models()) {
          TableRow d = cells.delta(m, from, to, v, v, "violation", metric);
          if (d == null) {
            continue;
          }
          any = true;
          rows.add(new DumbbellChart.Row(m, d.num("rate_from"), d.num("rate_to"),
              Html.ptsCi(d.num("delta"), d.num("ci_low"), d.num("ci_high")).replace("&lt;", "<")
                  + "  " + Html.pText("p", d.num("p_holm")),
              m + ": " + Html.pct(d.num("rate_from")) + " \u2192 " + Html.pct(d.num("rate_to"))
                  + " over " + d.lng("pairs") + " matched pairs (" + d.lng("clusters")
                  + " prompts); " + d.str("test") + " " + Html.pText("p", d.num("p_value"))
                  + ", Holm " + Html.pText("p", d.num("p_holm"))));
        }
        String what = metric.equals("refusal") ? "refusal" : "explained refusal";
        String title = Html.esc(from) + " \u2192 " + Html.esc(to) + ": " + what;
        sb.append("<figure>").append(DumbbellChart.render(from + " \u2192 " + to + ": " + what,
                "Paired change in the " + what + " rate from " + from + " to " + to
                    + " per model, with the change's 95% interval and Holm-adjusted p-value.",
                what + " rate (share of all answers)", cells.conditionSeries(from),
                cells.conditionSeries(to),
                rows))
            .append("<figcaption>").append(title).append(" (share of all decided answers)")
            .append("</figcaption></figure>");
      }
      sb.append("</div>");
    }
    if (!any) {
      return "<p class=\"note\">This run has a single condition: nothing to compare.</p>";
    }
    sb.append(DeltaTable.render(cells, "condition"));
    return sb.toString();
  }
}
