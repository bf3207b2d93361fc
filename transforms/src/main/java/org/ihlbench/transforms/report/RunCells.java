package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the report's result sections draw from: a run's summary cells and paired deltas by key,
 * in the run's order, and the pieces they share (a condition's colour and marker, a rate cell, a
 * Holm p-value). Each section is a class of its own ({@code HeadlineSection} and so on).
 */
final class RunCells {
  private static final String SEP = "\u001f";

  private final RunTables run;
  private final RunOrder order;
  private final Map<String, TableRow> summary = new HashMap<>();
  private final Map<String, TableRow> deltas = new HashMap<>();

  RunCells(RunTables run, RunOrder order) {
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

  static String key(String... parts) {
    return String.join(SEP, parts);
  }

  TableRow cell(String model, String condition, String variant, String kind) {
    return summary.get(key(model, condition, variant, kind));
  }

  TableRow delta(String model, String cFrom, String cTo, String vFrom, String vTo,
      String kind, String metric) {
    return deltas.get(key(model, cFrom, cTo, vFrom, vTo, kind, metric));
  }

  IntervalChart.Series conditionSeries(String condition) {
    int i = order.conditionIndex(condition);
    return new IntervalChart.Series(condition, Palette.categorical(i), i);
  }

  List<IntervalChart.Series> conditionSeries() {
    List<IntervalChart.Series> out = new ArrayList<>();
    order.conditions().forEach(c -> out.add(conditionSeries(c)));
    return out;
  }

  RunTables run() {
    return run;
  }

  RunOrder order() {
    return order;
  }

  String swatch(String condition) {
    return "<span class=\"sw\" style=\"background:"
        + Palette.categorical(order.conditionIndex(condition)) + "\"></span>";
  }

  static String rateCell(TableRow r, String metric) {
    if (r == null) {
      return "<td>\u2013</td>";
    }
    double rate = r.num(metric + "_rate");
    return "<td data-sort=\"" + (Double.isNaN(rate) ? -1 : rate) + "\">"
        + Html.pctCi(rate, r.num(metric + "_ci_low"), r.num(metric + "_ci_high")) + "</td>";
  }

  static String pHolm(TableRow d) {
    String p = Html.p(d.num("p_holm"));
    return d.bool("significant") ? "<b>" + p + "</b>" : p;
  }
}
