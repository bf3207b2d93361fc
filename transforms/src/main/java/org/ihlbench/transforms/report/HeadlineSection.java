package org.ihlbench.transforms.report;

/**
 * The report's headline: per model and condition, refusal, helpful refusal, over-refusal
 * and the change from the reference condition, with intervals.
 */
final class HeadlineSection {
  private HeadlineSection() {}

  /** The headline: per model and condition, refusal, helpful refusal, over-refusal, change. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    String v = order.referenceVariant();
    StringBuilder sb = new StringBuilder();
    sb.append("<table class=\"sortable\"><thead><tr><th>model</th><th>condition</th>")
        .append("<th>refusal (violation)</th><th>helpful refusal</th>")
        .append("<th>over-refusal (benign)</th><th>refusal change vs ")
        .append(Html.esc(order.referenceCondition())).append("</th><th>p (Holm)</th>")
        .append("<th class=\"num\">n</th><th class=\"num\">prompts</th><th>interval</th>")
        .append("</tr></thead><tbody>");
    for (String m : order.models()) {
      for (String c : order.conditions()) {
        TableRow viol = cells.cell(m, c, v, "violation");
        TableRow benign = cells.cell(m, c, v, "benign");
        if (viol == null && benign == null) {
          continue;
        }
        TableRow d = cells.delta(m, order.referenceCondition(), c, v, v, "violation", "refusal");
        sb.append("<tr><td>").append(Html.esc(m)).append("</td><td>")
            .append(cells.swatch(c)).append(Html.esc(c)).append("</td>")
            .append(RunCells.rateCell(viol, "refusal")).append(RunCells.rateCell(viol, "helpful"))
            .append(RunCells.rateCell(benign, "refusal"))
            .append("<td>").append(d == null ? "\u2013"
                : Html.ptsCi(d.num("delta"), d.num("ci_low"), d.num("ci_high"))).append("</td>")
            .append("<td>").append(d == null ? "\u2013" : RunCells.pHolm(d)).append("</td>")
            .append("<td class=\"num\">").append(viol == null ? "" : viol.lng("n")).append("</td>")
            .append("<td class=\"num\">").append(viol == null ? "" : viol.lng("clusters"))
            .append("</td><td>").append(viol == null ? "" : Html.esc(viol.str("ci_method")))
            .append("</td></tr>");
      }
    }
    sb.append("</tbody></table>");
    sb.append("<p class=\"note\">Variant <b>").append(Html.esc(v)).append("</b>. Helpful refusal"
        + " = refusals that explain the legal or ethical reason, as a share of refusals."
        + " Over-refusal = refusal of benign control questions on the same rules. Brackets: 95%"
        + " intervals (<i>wilson</i> with one sample per prompt, <i>cluster-wilson</i> clustered"
        + " by prompt with several seeds). Change: paired over the same prompts and seeds.</p>");
    return sb.toString();
  }
}
