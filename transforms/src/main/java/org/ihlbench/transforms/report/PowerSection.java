package org.ihlbench.transforms.report;

import java.util.List;

/**
 * The power of this run's design and the prompts x seeds a follow-up would need.
 */
final class PowerSection {
  private PowerSection() {}

  /** Power of this run's design and the prompts x seeds a follow-up would need. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    RunTables run = cells.run();
    PilotPower.Plan plan = PilotPower.Plan.standard();
    List<PilotPower.Row> rows = PilotPower.of(run, order, plan);
    if (rows.isEmpty()) {
      return "<p class=\"note\">Power needs two conditions to compare.</p>";
    }
    StringBuilder sb = new StringBuilder("<table><thead><tr><th rowspan=\"2\">model</th>")
        .append("<th rowspan=\"2\">comparison</th><th rowspan=\"2\">pilot rate</th>")
        .append("<th rowspan=\"2\">ICC</th><th rowspan=\"2\">this run<br><small>prompts \u00d7")
        .append(" seeds</small></th><th rowspan=\"2\">to detect</th>")
        .append("<th rowspan=\"2\">power of<br>this run</th><th colspan=\"")
        .append(plan.seeds().size()).append("\" class=\"num\">prompts needed with m seeds each</th>")
        .append("</tr><tr>");
    for (int m : plan.seeds()) {
      sb.append("<th class=\"num\">m = ").append(m).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (PilotPower.Row r : rows) {
      sb.append("<tr><td>").append(Html.esc(r.model())).append("</td><td>")
          .append(Html.esc(r.conditionFrom())).append(" \u2192 ").append(Html.esc(r.conditionTo()))
          .append("</td><td>").append(Html.pct(r.rateFrom())).append("</td><td>")
          .append(Html.num(r.icc(), 2)).append(" <small>(").append(r.iccSource())
          .append(r.icc() < 0 ? "; taken as 0" : "")
          .append(Double.isNaN(r.iccEstimate()) || r.iccSource().startsWith("assumed") ? ""
              : "; estimate " + Html.num(r.iccEstimate(), 2))
          .append(")</small></td><td>").append(r.prompts()).append(" \u00d7 ").append(r.seeds())
          .append("</td><td>").append(String.format(java.util.Locale.ROOT, "%+.0f pts",
              100 * (r.targetRate() - r.rateFrom()))).append("</td><td>")
          .append(Html.pct(r.powerNow())).append("</td>");
      for (int m : plan.seeds()) {
        Long n = r.promptsNeeded().get(m);
        sb.append("<td class=\"num\">").append(n == null || n < 0 ? "\u2013" : n).append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</tbody></table><p class=\"note\">Two-sided test at 5%, 80% power; prompts needed"
        + " per condition for a change of the given size from the pilot's rate under "
        + Html.esc(order.referenceCondition()) + ", with design effect 1 + (seeds \u2212 1) ICC."
        + " ICC: intra-prompt correlation of refusals, planned at its 80% upper bound from this"
        + " run rather than its estimate (<i>pilot</i>: the two cells; <i>run-wide</i>: the mean"
        + " over the run's cells, when these cells have no bound). Conservative for paired"
        + " designs. Other plans: <code>ihlbench power"
        + " --run=").append(Html.esc(run.runDir())).append(" --difference=0.03</code>.</p>");
    return sb.toString();
  }
}
