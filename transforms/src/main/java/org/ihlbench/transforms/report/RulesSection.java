package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Refusal by rule, lowest first, folded.
 */
final class RulesSection {
  private RulesSection() {}

  /** Rules with the lowest refusal rates per model and condition, and the whole table folded. */
  static String render(RunCells cells) {
    RunTables run = cells.run();
    if (run.byRule().isEmpty()) {
      return "<p class=\"note\">No breakdown by rule in this run.</p>";
    }
    List<TableRow> rows = new ArrayList<>();
    for (TableRow r : run.byRule()) {
      if ("violation".equals(r.str("kind"))) {
        rows.add(r);
      }
    }
    rows.sort((a, b) -> Double.compare(a.num("refusal_rate"), b.num("refusal_rate")));
    StringBuilder sb = new StringBuilder("<details><summary>Refusal by rule (violation prompts, ")
        .append(rows.size()).append(" rows, lowest first)</summary>")
        .append("<table class=\"sortable\"><thead><tr><th class=\"num\">rule</th><th>chapter</th>")
        .append("<th>model</th><th>condition</th><th>variant</th><th>refusal</th>")
        .append("<th>helpful refusal</th><th class=\"num\">n</th><th class=\"num\">prompts</th>")
        .append("</tr></thead><tbody>");
    for (TableRow r : rows) {
      sb.append("<tr><td class=\"num\">").append(r.integer("rule_number") == null ? "\u2013"
              : r.integer("rule_number")).append("</td><td>").append(Html.esc(r.str("chapter")))
          .append("</td><td>").append(Html.esc(r.str("model"))).append("</td><td>")
          .append(Html.esc(r.str("condition"))).append("</td><td>")
          .append(Html.esc(r.str("variant"))).append("</td>")
          .append(RunCells.rateCell(r, "refusal"))
          .append(RunCells.rateCell(r, "helpful")).append("<td class=\"num\">").append(r.lng("n"))
          .append("</td><td class=\"num\">").append(r.lng("clusters")).append("</td></tr>");
    }
    return sb.append("</tbody></table></details>").toString();
  }
}
