package org.ihlbench.transforms.report;

/**
 * The paired deltas of one kind of comparison (condition or variant) as a table.
 */
final class DeltaTable {
  private DeltaTable() {}

  /** The paired deltas of one kind of comparison as a table. */
  static String render(RunCells cells, String comparison) {
    RunTables run = cells.run();
    StringBuilder sb = new StringBuilder("<details><summary>Every paired change (")
        .append(comparison).append(" comparisons)</summary><table class=\"sortable\"><thead><tr>")
        .append("<th>model</th><th>kind</th><th>from</th><th>to</th><th>metric</th>")
        .append("<th>from</th><th>to</th><th>change [95% CI]</th><th>bootstrap CI</th>")
        .append("<th class=\"num\">pairs</th><th class=\"num\">prompts</th><th>test</th>")
        .append("<th>p</th><th>p (Holm)</th></tr></thead><tbody>");
    for (TableRow d : run.pairedDeltas()) {
      if (!comparison.equals(d.str("comparison"))) {
        continue;
      }
      boolean byCondition = comparison.equals("condition");
      sb.append("<tr><td>").append(Html.esc(d.str("model"))).append("</td><td>")
          .append(Html.esc(d.str("kind"))).append("</td><td>")
          .append(Html.esc(byCondition ? d.str("condition_from") : d.str("variant_from")))
          .append("</td><td>")
          .append(Html.esc(byCondition ? d.str("condition_to") + " (" + d.str("variant_to") + ")"
              : d.str("variant_to") + " (" + d.str("condition_to") + ")"))
          .append("</td><td>").append(Html.esc(d.str("metric"))).append("</td><td>")
          .append(Html.pct(d.num("rate_from"))).append("</td><td>")
          .append(Html.pct(d.num("rate_to"))).append("</td><td data-sort=\"")
          .append(Double.isNaN(d.num("delta")) ? 0 : d.num("delta")).append("\">")
          .append(Html.ptsCi(d.num("delta"), d.num("ci_low"), d.num("ci_high")))
          .append("</td><td>").append(Double.isNaN(d.num("boot_low")) ? "\u2013"
              : Html.ptsCi(d.num("delta"), d.num("boot_low"), d.num("boot_high"))
                  .replaceFirst("^[^\\[]*", ""))
          .append("</td><td class=\"num\">").append(d.lng("pairs"))
          .append("</td><td class=\"num\">").append(d.lng("clusters")).append("</td><td>")
          .append(Html.esc(d.str("test"))).append("</td><td>").append(Html.p(d.num("p_value")))
          .append("</td><td>").append(RunCells.pHolm(d)).append("</td></tr>");
    }
    return sb.append("</tbody></table></details>").toString();
  }
}
