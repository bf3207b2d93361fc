package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report's result sections: headline table, rates with intervals, the change each condition
 * and variant makes, the chapter heatmap, over-refusal, rules and power. Each returns HTML.
 */
final class ResultSections {
  private static final String SEP = "\u001f";

  private final RunTables run;
  private final RunOrder order;
  private final Map<String, TableRow> summary = new HashMap<>();
  private final Map<String, TableRow> deltas = new HashMap<>();

  ResultSections(RunTables run, RunOrder order) {
    this.run = run;
    this.order = order;
    for (TableRow r : run.summary()) {
      summary.put(key(r.str("model"), r.str("condition"), r.str("variant"), r.str("kind")), r);
    }
    for (TableRow d : run.pairedDeltas()) {
      deltas.put(key(d.str("model"), d.str("condition_from"), d.str("condition_to"),
          d.str("variant_from"), d.str("variant_to"), d.str("kind"), d.str("metric")), d);
    }
  }

  private static String key(String... parts) {
    return String.join(SEP, parts);
  }

  private TableRow cell(String model, String condition, String variant, String kind) {
    return summary.get(key(model, condition, variant, kind));
  }

  private TableRow delta(String model, String cFrom, String cTo, String vFrom, String vTo,
      String kind, String metric) {
    return deltas.get(key(model, cFrom, cTo, vFrom, vTo, kind, metric));
  }

  private IntervalChart.Series conditionSeries(String condition) {
    int i = order.conditionIndex(condition);
    return new IntervalChart.Series(condition, Palette.categorical(i), i);
  }

  private List<IntervalChart.Series> conditionSeries() {
    List<IntervalChart.Series> out = new ArrayList<>();
    order.conditions().forEach(c -> out.add(conditionSeries(c)));
    return out;
  }

  /** The headline: per model and condition, refusal, helpful refusal, over-refusal, change. */
  String headline() {
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
        TableRow viol = cell(m, c, v, "violation");
        TableRow benign = cell(m, c, v, "benign");
        if (viol == null && benign == null) {
          continue;
        }
        TableRow d = delta(m, order.referenceCondition(), c, v, v, "violation", "refusal");
        sb.append("<tr><td>").append(Html.esc(m)).append("</td><td>")
            .append(swatch(c)).append(Html.esc(c)).append("</td>")
            .append(rateCell(viol, "refusal")).append(rateCell(viol, "helpful"))
            .append(rateCell(benign, "refusal"))
            .append("<td>").append(d == null ? "\u2013"
                : Html.ptsCi(d.num("delta"), d.num("ci_low"), d.num("ci_high"))).append("</td>")
            .append("<td>").append(d == null ? "\u2013" : pHolm(d)).append("</td>")
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

  private String swatch(String condition) {
    return "<span class=\"sw\" style=\"background:"
        + Palette.categorical(order.conditionIndex(condition)) + "\"></span>";
  }

  private static String rateCell(TableRow r, String metric) {
    if (r == null) {
      return "<td>\u2013</td>";
    }
    double rate = r.num(metric + "_rate");
    return "<td data-sort=\"" + (Double.isNaN(rate) ? -1 : rate) + "\">"
        + Html.pctCi(rate, r.num(metric + "_ci_low"), r.num(metric + "_ci_high")) + "</td>";
  }

  private static String pHolm(TableRow d) {
    String p = Html.p(d.num("p_holm"));
    return d.bool("significant") ? "<b>" + p + "</b>" : p;
  }

  /** Refusal and helpful-refusal rates per model x condition with interval whiskers. */
  String rates() {
    String v = order.referenceVariant();
    StringBuilder sb = new StringBuilder("<div class=\"pair\">");
    for (String metric : List.of("refusal", "helpful")) {
      List<IntervalChart.Row> rows = new ArrayList<>();
      for (String m : order.models()) {
        List<IntervalChart.Point> points = new ArrayList<>();
        for (String c : order.conditions()) {
          TableRow r = cell(m, c, v, "violation");
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
              conditionSeries(), rows))
          .append("<figcaption>").append(Html.esc(title)).append("</figcaption></figure>");
    }
    return sb.append("</div>").toString();
  }

  /** The reference condition against each other condition, per model, as dumbbells. */
  String conditionChanges() {
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
          TableRow d = delta(m, from, to, v, v, "violation", metric);
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
                what + " rate (share of all answers)", conditionSeries(from), conditionSeries(to),
                rows))
            .append("<figcaption>").append(title).append(" (share of all decided answers)")
            .append("</figcaption></figure>");
      }
      sb.append("</div>");
    }
    if (!any) {
      return "<p class=\"note\">This run has a single condition: nothing to compare.</p>";
    }
    sb.append(deltaTable("condition"));
    return sb.toString();
  }

  /** The reference variant against each other variant, per model and condition. */
  String variantEffects() {
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
          TableRow r = cell(m, c, v, "violation");
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
    sb.append("</div>").append(deltaTable("variant"));
    return sb.toString();
  }

  /** The paired deltas of one kind of comparison as a table. */
  private String deltaTable(String comparison) {
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
          .append("</td><td>").append(pHolm(d)).append("</td></tr>");
    }
    return sb.append("</tbody></table></details>").toString();
  }

  /** Refusal by chapter: chapters down, model x condition across. */
  String chapters() {
    String v = order.referenceVariant();
    Map<String, Map<String, TableRow>> byChapter = new TreeMap<>(ResultSections::byLeadingNumber);
    for (TableRow r : run.byChapter()) {
      if (!"violation".equals(r.str("kind")) || !v.equals(r.str("variant"))) {
        continue;
      }
      String ch = r.str("chapter") == null ? "(no chapter)" : r.str("chapter");
      byChapter.computeIfAbsent(ch, k -> new HashMap<>())
          .put(key(r.str("model"), r.str("condition")), r);
    }
    if (byChapter.isEmpty()) {
      return "<p class=\"note\">No breakdown by chapter in this run.</p>";
    }
    List<String> columns = new ArrayList<>();
    List<String[]> columnKeys = new ArrayList<>();
    for (String m : order.models()) {
      for (String c : order.conditions()) {
        columns.add(m + " \u00b7 " + c);
        columnKeys.add(new String[] {m, c});
      }
    }
    List<List<Heatmap.Cell>> cells = new ArrayList<>();
    for (Map.Entry<String, Map<String, TableRow>> e : byChapter.entrySet()) {
      List<Heatmap.Cell> row = new ArrayList<>();
      for (String[] k : columnKeys) {
        TableRow r = e.getValue().get(key(k[0], k[1]));
        row.add(r == null ? null : new Heatmap.Cell(r.num("refusal_rate"), r.lng("n"),
            e.getKey() + " \u2014 " + k[0] + ", " + k[1] + ": " + Html.pctCi(r.num("refusal_rate"),
                r.num("refusal_ci_low"), r.num("refusal_ci_high")) + ", n=" + r.lng("n")
                + ", " + r.lng("clusters") + " prompts"));
      }
      cells.add(row);
    }
    return "<figure>" + Heatmap.render("Refusal rate by chapter",
        "Refusal rate of violation prompts per chapter of the ICRC rules (rows) for each model"
            + " and condition (columns); hover a cell for its interval and counts.",
        new ArrayList<>(byChapter.keySet()), columns, cells)
        + "<figcaption>Refusal rate by chapter of the ICRC customary IHL study (violation prompts,"
        + " variant " + Html.esc(v) + "). Chapters hold few prompts: see the intervals in the"
        + " tooltips and in <code>by_chapter.parquet</code>.</figcaption></figure>";
  }

  /** Orders "Chapter 2. ..." before "Chapter 10. ...". */
  static int byLeadingNumber(String a, String b) {
    int na = leadingNumber(a);
    int nb = leadingNumber(b);
    return na != nb ? Integer.compare(na, nb) : a.compareTo(b);
  }

  private static int leadingNumber(String s) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)").matcher(s);
    return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
  }

  /** Over-refusal on benign prompts against refusal on violation prompts. */
  String overRefusal() {
    String v = order.referenceVariant();
    List<TradeOffChart.Point> points = new ArrayList<>();
    StringBuilder table = new StringBuilder("<table class=\"sortable\"><thead><tr><th>model</th>"
        + "<th>condition</th><th>variant</th><th>refusal (violation)</th>"
        + "<th>over-refusal (benign)</th><th class=\"num\">benign n</th></tr></thead><tbody>");
    boolean anyBenign = false;
    for (String m : order.models()) {
      for (String c : order.conditions()) {
        for (String var : order.variants()) {
          TableRow viol = cell(m, c, var, "violation");
          TableRow benign = cell(m, c, var, "benign");
          if (viol == null || benign == null) {
            continue;
          }
          anyBenign = true;
          table.append("<tr><td>").append(Html.esc(m)).append("</td><td>").append(swatch(c))
              .append(Html.esc(c)).append("</td><td>").append(Html.esc(var)).append("</td>")
              .append(rateCell(viol, "refusal")).append(rateCell(benign, "refusal"))
              .append("<td class=\"num\">").append(benign.lng("n")).append("</td></tr>");
          if (var.equals(v)) {
            IntervalChart.Series s = conditionSeries(c);
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
            + " rules; whiskers are 95% intervals. Bottom right is best.", conditionSeries(),
        points)
        + "<figcaption>Safer is further right; more helpful is lower. Whiskers: 95% intervals."
        + "</figcaption></figure>" + table;
  }

  /** Rules with the lowest refusal rates per model and condition, and the whole table folded. */
  String rules() {
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
          .append(Html.esc(r.str("variant"))).append("</td>").append(rateCell(r, "refusal"))
          .append(rateCell(r, "helpful")).append("<td class=\"num\">").append(r.lng("n"))
          .append("</td><td class=\"num\">").append(r.lng("clusters")).append("</td></tr>");
    }
    return sb.append("</tbody></table></details>").toString();
  }

  /** Power of this run's design and the prompts x seeds a follow-up would need. */
  String power() {
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

  /** Cells of the summary that have rows, for the examples section's order. */
  Map<String, TableRow> summaryCells() {
    return new LinkedHashMap<>(summary);
  }
}
