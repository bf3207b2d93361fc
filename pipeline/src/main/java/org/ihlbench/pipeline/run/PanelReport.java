package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.ihlbench.transforms.io.ParquetFiles;
import org.ihlbench.transforms.judges.PanelTables;

/**
 * The panel's part of a run's report, read back from its tables: what each judge did and cost
 * (judge_activity.parquet) and how far the judges agreed (judge_agreement.parquet), printed
 * after the summary and folded into run.json.
 */
public final class PanelReport {
  private PanelReport() {}

  static List<GenericRecord> agreement(String runDir) throws IOException {
    return ParquetFiles.readAll(RunPaths.file(runDir, PanelTables.AGREEMENT.name() + ".parquet"));
  }

  static List<GenericRecord> activity(String runDir) throws IOException {
    List<GenericRecord> rows = new ArrayList<>(
        ParquetFiles.readAll(RunPaths.file(runDir, PanelTables.ACTIVITY.name() + ".parquet")));
    rows.sort(Comparator.comparing(r -> r.get("judge").toString()));
    return rows;
  }

  public static void print(String runDir, List<String> panel, PrintStream out) throws IOException {
    List<GenericRecord> activity = activity(runDir);
    activity.sort(Comparator.comparingInt(r -> panel.indexOf(r.get("judge").toString())));
    String fmt = "%-22s %-28s %8s %8s %9s %7s %10s %10s%n";
    out.printf(fmt, "judge", "model version", "verdicts", "repaired", "abstained", "calls",
        "from store", "cost");
    for (GenericRecord r : activity) {
      out.printf(fmt, r.get("judge"), r.get("model_version") == null ? "-" : r.get("model_version"),
          r.get("verdicts"), r.get("repaired"), r.get("abstained"), r.get("calls"),
          r.get("store_hits"), String.format("$%.4f", (Double) r.get("cost_usd")));
    }
    List<GenericRecord> agreement = agreement(runDir);
    if (panel.size() < 2 || agreement.isEmpty()) {
      return;
    }
    out.println();
    out.println("judge agreement: refused = full refusal or not; helpful = explains itself,"
        + " among the panel's refusals");
    String f2 = "%-28s %-16s %6s %13s %18s   %s%n";
    out.printf(f2, "scope", "field", "n", "Fleiss kappa", "Krippendorff alpha",
        "agreement with the majority");
    for (Map.Entry<String, Map<String, List<GenericRecord>>> scope : byScope(agreement).entrySet()) {
      for (Map.Entry<String, List<GenericRecord>> field : scope.getValue().entrySet()) {
        GenericRecord fleiss = find(field.getValue(), "fleiss_kappa");
        GenericRecord alpha = find(field.getValue(), "krippendorff_alpha");
        StringBuilder withMajority = new StringBuilder();
        for (String judge : panel) {
          for (GenericRecord r : field.getValue()) {
            if (r.get("statistic").toString().equals("agreement_with_majority")
                && judge.equals(str(r.get("judge_a")))) {
              withMajority.append(withMajority.length() == 0 ? "" : ", ").append(judge)
                  .append(' ').append(percent((Double) r.get("value")));
            }
          }
        }
        out.printf(f2, scope.getKey(), field.getKey(),
            fleiss == null ? "-" : fleiss.get("n_items"),
            fleiss == null ? "-" : number((Double) fleiss.get("value")),
            alpha == null ? "-" : number((Double) alpha.get("value")), withMajority);
      }
    }
    StringBuilder pairs = new StringBuilder();
    for (GenericRecord r : agreement) {
      if (r.get("scope").toString().equals("run") && r.get("field").toString().equals("refused")
          && r.get("statistic").toString().equals("cohen_kappa")) {
        pairs.append(pairs.length() == 0 ? "" : ", ").append(r.get("judge_a")).append('/')
            .append(r.get("judge_b")).append(' ').append(number((Double) r.get("value")));
      }
    }
    if (pairs.length() > 0) {
      out.println("pairwise Cohen's kappa (run, refused): " + pairs);
    }
  }

  /** Rows grouped by scope ("run", then "model NAME") and field, in a stable order. */
  private static Map<String, Map<String, List<GenericRecord>>> byScope(List<GenericRecord> rows) {
    List<GenericRecord> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((GenericRecord r) -> r.get("scope").toString().equals("run") ? 0 : 1)
        .thenComparing(r -> str(r.get("model")) == null ? "" : str(r.get("model")))
        .thenComparing(r -> r.get("field").toString().equals("refused") ? 0 : 1));
    Map<String, Map<String, List<GenericRecord>>> out = new LinkedHashMap<>();
    for (GenericRecord r : sorted) {
      String scope = r.get("scope").toString().equals("run") ? "run" : "model " + r.get("model");
      out.computeIfAbsent(scope, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.get("field").toString(), k -> new ArrayList<>()).add(r);
    }
    return out;
  }

  /**
   * The run-wide figures and every judge's activity, as run.json records them, with the judges'
   * budget ({@code judgeBudgetUsd}, 0 = none) and whether it was reached.
   */
  static void addTo(ObjectNode root, String runDir, double judgeBudgetUsd) throws IOException {
    ArrayNode judges = root.putArray("judges");
    double spend = 0;
    long skipped = 0;
    for (GenericRecord r : activity(runDir)) {
      ObjectNode n = judges.addObject();
      for (String f : List.of("judge", "model_version")) {
        n.put(f, str(r.get(f)));
      }
      for (String f : List.of("verdicts", "ok", "repaired", "abstained", "calls", "store_hits",
          "prompt_tokens", "completion_tokens")) {
        n.put(f, (Long) r.get(f));
      }
      n.put("cost_usd", (Double) r.get("cost_usd"));
      n.put("budget_skipped", (Long) r.get("budget_skipped"));
      spend += (Double) r.get("cost_usd");
      skipped += (Long) r.get("budget_skipped");
    }
    root.put("judge_spend_usd", spend);
    if (judgeBudgetUsd > 0) {
      ObjectNode b = root.putObject("judge_budget");
      b.put("budget_usd", judgeBudgetUsd);
      b.put("reached", skipped > 0);
      b.put("calls_not_made", skipped);
    }
    ObjectNode agreement = root.putObject("judge_agreement");
    for (GenericRecord r : agreement(runDir)) {
      ObjectNode scope = r.get("scope").toString().equals("run") ? agreement
          : agreement.with("by_model").with(r.get("model").toString());
      ObjectNode field = scope.with(r.get("field").toString());
      String stat = r.get("statistic").toString();
      Double value = (Double) r.get("value");
      switch (stat) {
        case "fleiss_kappa", "krippendorff_alpha" -> {
          putNumber(field, stat, value);
          if (stat.equals("fleiss_kappa")) {
            field.put("items_rated_by_all", (Long) r.get("n_items"));
          }
        }
        case "cohen_kappa" -> putNumber(field.with("cohen_kappa"),
            r.get("judge_a") + "/" + r.get("judge_b"), value);
        case "agreement_with_majority" -> putNumber(field.with("agreement_with_majority"),
            r.get("judge_a").toString(), value);
        default -> { }
      }
    }
  }

  private static void putNumber(ObjectNode n, String field, Double v) {
    if (v == null || v.isNaN()) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  private static GenericRecord find(List<GenericRecord> rows, String statistic) {
    return rows.stream().filter(r -> r.get("statistic").toString().equals(statistic))
        .findFirst().orElse(null);
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static String number(Double v) {
    return v == null || v.isNaN() ? "-" : String.format("%.3f", v);
  }

  private static String percent(Double v) {
    return v == null || v.isNaN() ? "-" : String.format("%.1f%%", 100 * v);
  }
}
