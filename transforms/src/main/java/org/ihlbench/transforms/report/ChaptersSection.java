package org.ihlbench.transforms.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refusal by chapter of the ICRC study as a heatmap: chapters down, model x condition across.
 */
final class ChaptersSection {
  private ChaptersSection() {}

  /** Refusal by chapter: chapters down, model x condition across. */
  static String render(RunCells cells) {
    RunOrder order = cells.order();
    RunTables run = cells.run();
    String v = order.referenceVariant();
    Map<String, Map<String, TableRow>> byChapter = new TreeMap<>(ChaptersSection::byLeadingNumber);
    for (TableRow r : run.byChapter()) {
      if (!"violation".equals(r.str("kind")) || !v.equals(r.str("variant"))) {
        continue;
      }
      String ch = r.str("chapter") == null ? "(no chapter)" : r.str("chapter");
      byChapter.computeIfAbsent(ch, k -> new HashMap<>())
          .put(RunCells.key(r.str("model"), r.str("condition")), r);
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
    List<List<Heatmap.Cell>> heat = new ArrayList<>();
    for (Map.Entry<String, Map<String, TableRow>> e : byChapter.entrySet()) {
      List<Heatmap.Cell> row = new ArrayList<>();
      for (String[] k : columnKeys) {
        TableRow r = e.getValue().get(RunCells.key(k[0], k[1]));
        row.add(r == null ? null : new Heatmap.Cell(r.num("refusal_rate"), r.lng("n"),
            e.getKey() + " \u2014 " + k[0] + ", " + k[1] + ": " + Html.pctCi(r.num("refusal_rate"),
                r.num("refusal_ci_low"), r.num("refusal_ci_high")) + ", n=" + r.lng("n")
                + ", " + r.lng("clusters") + " prompts"));
      }
      heat.add(row);
    }
    return "<figure>" + Heatmap.render("Refusal rate by chapter",
        "Refusal rate of violation prompts per chapter of the ICRC rules (rows) for each model"
            + " and condition (columns); hover a cell for its interval and counts.",
        new ArrayList<>(byChapter.keySet()), columns, heat)
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
}
