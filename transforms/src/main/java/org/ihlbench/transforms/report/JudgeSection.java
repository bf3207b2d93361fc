package org.ihlbench.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's judge section, read from what the judge panel already wrote: its agreement table
 * ({@code judge_agreement.parquet}, one row per scope, field, statistic and judge or pair; see
 * {@code WritePanelTables} and docs/JUDGES.md) laid out one row per scope and field, and what each
 * judge did and cost ({@code judges} in run.json). Nothing is computed again here.
 *
 * <p>A table of another shape (an older run, another tool) is shown as it is.
 */
final class JudgeSection {
  private JudgeSection() {}

  private static final String FLEISS = "fleiss_kappa";
  private static final String ALPHA = "krippendorff_alpha";
  private static final String COHEN = "cohen_kappa";
  private static final String MAJORITY = "agreement_with_majority";

  static String render(RunTables run, RunOrder order) {
    List<TableRow> rows = run.judgeAgreement();
    List<String> panel = panel(run.manifest(), rows);
    StringBuilder sb = new StringBuilder();
    if (rows.isEmpty() && panel.size() < 2) {
      sb.append("<p class=\"note\">No <code>judge_agreement.parquet</code> in this run, or a panel"
          + " of one judge, which has nothing to agree with.</p>");
    } else if (rows.isEmpty()) {
      sb.append("<p class=\"note\">No <code>judge_agreement.parquet</code> in this run.</p>");
    } else if (!panelShaped(rows)) {
      sb.append(asItIs(rows));
    } else if (panel.size() < 2) {
      sb.append("<p class=\"note\">A panel of one judge (").append(Html.esc(String.join(", ",
          panel))).append(") has nothing to agree with.</p>");
    } else {
      sb.append(agreement(rows, panel, order));
    }
    sb.append(activity(run.manifest()));
    return sb.toString();
  }

  /** Columns of the panel's JudgeAgreementRow that the layout needs. */
  private static boolean panelShaped(List<TableRow> rows) {
    TableRow r = rows.get(0);
    return r.has("scope") && r.has("field") && r.has("statistic") && r.has("value")
        && r.has("judge_a") && r.has("judge_b") && r.has("n_items");
  }

  /** The judges in panel order: run.json's judge_panel, else as the table names them. */
  private static List<String> panel(JsonNode manifest, List<TableRow> rows) {
    Set<String> names = new LinkedHashSet<>();
    for (JsonNode j : manifest.path("judge_panel")) {
      String name = j.isTextual() ? j.asText() : j.path("name").asText("");
      if (!name.isEmpty()) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      for (JsonNode j : manifest.path("judges")) {
        names.add(j.path("judge").asText());
      }
    }
    if (names.isEmpty()) {
      rows.stream().filter(r -> MAJORITY.equals(r.str("statistic")) && r.str("judge_a") != null)
          .map(r -> r.str("judge_a")).sorted().forEach(names::add);
    }
    return new ArrayList<>(names);
  }

  private static String agreement(List<TableRow> rows, List<String> panel, RunOrder order) {
    // Scope "run" first, then the models in the report's order, then any others by name.
    Map<String, Map<String, List<TableRow>>> groups = new LinkedHashMap<>();
    List<TableRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparingInt((TableRow r) -> "run".equals(r.str("scope")) ? 0 : 1)
        .thenComparingInt(r -> {
          int i = order.models().indexOf(r.str("model"));
          return i < 0 ? Integer.MAX_VALUE : i;
        })
        .thenComparing(r -> r.str("model") == null ? "" : r.str("model"))
        .thenComparingInt(r -> fieldRank(r.str("field"))));
    for (TableRow r : sorted) {
      String scope = "run".equals(r.str("scope")) ? "whole run" : r.str("model");
      groups.computeIfAbsent(scope == null ? "" : scope, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.str("field"), k -> new ArrayList<>()).add(r);
    }
    List<String[]> pairs = new ArrayList<>();
    for (int a = 0; a < panel.size(); a++) {
      for (int b = a + 1; b < panel.size(); b++) {
        pairs.add(new String[] {panel.get(a), panel.get(b)});
      }
    }
    StringBuilder sb = new StringBuilder("<p class=\"note\">From the judge panel's own table"
        + " (<code>judge_agreement.parquet</code>). <b>refused</b>: whether each judge called the"
        + " answer a full refusal, over every answered sample; <b>helpful_refusal</b>: whether the"
        + " refusal explains itself, over the samples the panel decided were refusals. \u03ba and"
        + " \u03b1 are 1 for perfect agreement and 0 for what chance alone would give. The items"
        + " column counts answers every judge rated (Fleiss' \u03ba); hover a value for the number"
        + " of answers it rests on.</p>");
    // Grouped headers (two rows), so not sortable: the rows are few and already in order.
    sb.append("<table><thead><tr><th rowspan=\"2\">scope</th><th rowspan=\"2\">field</th>"
        + "<th rowspan=\"2\" class=\"num\">items</th><th rowspan=\"2\" class=\"num\">"
        + "Fleiss \u03ba</th><th rowspan=\"2\" class=\"num\">Krippendorff \u03b1</th>"
        + "<th colspan=\"").append(panel.size()).append("\" class=\"group\">each judge with the"
        + " majority</th><th colspan=\"").append(pairs.size()).append("\" class=\"group\">"
        + "Cohen \u03ba, pairs of judges</th></tr><tr>");
    for (String j : panel) {
      sb.append("<th class=\"num\">").append(Html.esc(j)).append("</th>");
    }
    for (String[] p : pairs) {
      sb.append("<th class=\"num\">").append(Html.esc(p[0])).append(" / ")
          .append(Html.esc(p[1])).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    for (Map.Entry<String, Map<String, List<TableRow>>> scope : groups.entrySet()) {
      for (Map.Entry<String, List<TableRow>> field : scope.getValue().entrySet()) {
        List<TableRow> stats = field.getValue();
        TableRow fleiss = find(stats, FLEISS, null, null);
        sb.append("<tr><td class=\"nw\">").append(Html.esc(scope.getKey())).append("</td><td>")
            .append(Html.esc(field.getKey())).append("</td><td class=\"num\">")
            .append(fleiss == null ? "\u2013" : String.valueOf(fleiss.lng("n_items")))
            .append("</td>");
        cell(sb, fleiss, false);
        cell(sb, find(stats, ALPHA, null, null), false);
        for (String j : panel) {
          cell(sb, find(stats, MAJORITY, j, null), true);
        }
        for (String[] p : pairs) {
          TableRow c = find(stats, COHEN, p[0], p[1]);
          cell(sb, c != null ? c : find(stats, COHEN, p[1], p[0]), false);
        }
        sb.append("</tr>");
      }
    }
    return sb.append("</tbody></table>").toString();
  }

  private static int fieldRank(String field) {
    return "refused".equals(field) ? 0 : "helpful_refusal".equals(field) ? 1 : 2;
  }

  private static TableRow find(List<TableRow> rows, String statistic, String a, String b) {
    for (TableRow r : rows) {
      if (statistic.equals(r.str("statistic")) && (a == null || a.equals(r.str("judge_a")))
          && (b == null || b.equals(r.str("judge_b")))) {
        return r;
      }
    }
    return null;
  }

  private static void cell(StringBuilder sb, TableRow r, boolean percent) {
    if (r == null) {
      sb.append("<td class=\"num\">\u2013</td>");
      return;
    }
    double v = r.num("value");
    sb.append("<td class=\"num\" title=\"").append(r.lng("n_items")).append(" items\">")
        .append(percent ? Html.pct(v) : Html.num(v, 3)).append("</td>");
  }

  /** What each judge did and cost, as run.json records it. */
  private static String activity(JsonNode manifest) {
    JsonNode judges = manifest.path("judges");
    if (!judges.isArray() || judges.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("<h3>What each judge did</h3><table class=\"sortable\">"
        + "<thead><tr><th>judge</th><th>model version</th><th class=\"num\">verdicts</th>"
        + "<th class=\"num\">structured</th><th class=\"num\">repaired</th><th class=\"num\">abstained</th>"
        + "<th class=\"num\">calls</th><th class=\"num\">from the store</th>"
        + "<th class=\"num\">cost</th></tr></thead><tbody>");
    for (JsonNode j : judges) {
      sb.append("<tr><td>").append(Html.esc(j.path("judge").asText())).append("</td><td>")
          .append(Html.esc(j.path("model_version").isTextual()
              ? j.path("model_version").asText() : "\u2013"))
          .append("</td>");
      for (String f : List.of("verdicts", "structured", "repaired", "abstained", "calls",
          "store_hits")) {
        sb.append("<td class=\"num\">").append(j.path(f).asLong()).append("</td>");
      }
      sb.append("<td class=\"num\">").append(String.format(Locale.ROOT, "$%.4f",
          j.path("cost_usd").asDouble())).append("</td></tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  /** Any table, every column but run_id, in file order. */
  static String asItIs(List<TableRow> rows) {
    List<String> columns = new ArrayList<>(rows.get(0).columns());
    columns.remove("run_id");
    StringBuilder sb = new StringBuilder("<table class=\"sortable\"><thead><tr>");
    columns.forEach(c -> sb.append("<th>").append(Html.esc(c)).append("</th>"));
    sb.append("</tr></thead><tbody>");
    for (TableRow r : rows) {
      sb.append("<tr>");
      for (String c : columns) {
        Object v = r.value(c);
        String text = v instanceof Double || v instanceof Float
            ? Html.num(((Number) v).doubleValue(), 3) : Html.esc(v);
        sb.append(v instanceof Number ? "<td class=\"num\">" : "<td>").append(text).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }
}
