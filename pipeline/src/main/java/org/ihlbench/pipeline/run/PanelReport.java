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
import org.ihlbench.records.JudgeActivityRow;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.judges.PanelTables;

/**
 * The panel's part of a run's report, read back from its tables: what each judge did and cost
 * (judge_activity.parquet) and how far the judges agreed (judge_agreement.parquet), printed
 * after the summary and folded into run.json.
 */
public final class PanelReport {
  private PanelReport() {}

  static List<JudgeAgreementRow> agreement(String runDir) throws IOException {
    return RunDirectory.at(runDir).table(PanelTables.AGREEMENT);
  }

  static List<JudgeActivityRow> activity(String runDir) throws IOException {
    List<JudgeActivityRow> rows =
        new ArrayList<>(RunDirectory.at(runDir).table(PanelTables.ACTIVITY));
    rows.sort(Comparator.comparing(JudgeActivityRow::getJudge));
    return rows;
  }

  public static void print(String runDir, List<String> panel, PrintStream out) throws IOException {
    List<JudgeActivityRow> activity = activity(runDir);
    activity.sort(Comparator.comparingInt(r -> panel.indexOf(r.getJudge())));
    String fmt = "%-22s %-28s %8s %10s %8s %9s %7s %10s %10s%n";
    out.printf(fmt, "judge", "model version", "verdicts", "structured", "repaired", "abstained",
        "calls", "from store", "cost");
    for (JudgeActivityRow r : activity) {
      out.printf(fmt, r.getJudge(), r.getModelVersion() == null ? "-" : r.getModelVersion(),
          r.getVerdicts(), r.getStructured(), r.getRepaired(), r.getAbstained(), r.getCalls(),
          r.getStoreHits(), String.format("$%.4f", r.getCostUsd()));
    }
    List<JudgeAgreementRow> agreement = agreement(runDir);
    if (panel.size() < 2 || agreement.isEmpty()) {
      return;
    }
    out.println();
    out.println("judge agreement: refused = full refusal or not; helpful = explains itself,"
        + " among the panel's refusals");
    String f2 = "%-28s %-16s %6s %13s %18s   %s%n";
    out.printf(f2, "scope", "field", "n", "Fleiss kappa", "Krippendorff alpha",
        "agreement with the majority");
    for (Map.Entry<String, Map<String, List<JudgeAgreementRow>>> scope
        : byScope(agreement).entrySet()) {
      for (Map.Entry<String, List<JudgeAgreementRow>> field : scope.getValue().entrySet()) {
        JudgeAgreementRow fleiss = find(field.getValue(), "fleiss_kappa");
        JudgeAgreementRow alpha = find(field.getValue(), "krippendorff_alpha");
        StringBuilder withMajority = new StringBuilder();
        for (String judge : panel) {
          for (JudgeAgreementRow r : field.getValue()) {
            if (r.getStatistic().equals("agreement_with_majority")
                && judge.equals(r.getJudgeA())) {
              withMajority.append(withMajority.length() == 0 ? "" : ", ").append(judge)
                  .append(' ').append(percent(r.getValue()));
            }
          }
        }
        out.printf(f2, scope.getKey(), field.getKey(),
            fleiss == null ? "-" : fleiss.getNItems(),
            fleiss == null ? "-" : number(fleiss.getValue()),
            alpha == null ? "-" : number(alpha.getValue()), withMajority);
      }
    }
    StringBuilder pairs = new StringBuilder();
    for (JudgeAgreementRow r : agreement) {
      if (r.getScope().equals("run") && r.getField().equals("refused")
          && r.getStatistic().equals("cohen_kappa")) {
        pairs.append(pairs.length() == 0 ? "" : ", ").append(r.getJudgeA()).append('/')
            .append(r.getJudgeB()).append(' ').append(number(r.getValue()));
      }
    }
    if (pairs.length() > 0) {
      out.println("pairwise Cohen's kappa (run, refused): " + pairs);
    }
  }

  /** Rows grouped by scope ("run", then "model NAME") and field, in a stable order. */
  private static Map<String, Map<String, List<JudgeAgreementRow>>> byScope(
      List<JudgeAgreementRow> rows) {
    List<JudgeAgreementRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing((JudgeAgreementRow r) -> r.getScope().equals("run") ? 0 : 1)
        .thenComparing(r -> r.getModel() == null ? "" : r.getModel())
        .thenComparing(r -> r.getField().equals("refused") ? 0 : 1));
    Map<String, Map<String, List<JudgeAgreementRow>>> out = new LinkedHashMap<>();
    for (JudgeAgreementRow r : sorted) {
      String scope = r.getScope().equals("run") ? "run" : "model " + r.getModel();
      out.computeIfAbsent(scope, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.getField(), k -> new ArrayList<>()).add(r);
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
    for (JudgeActivityRow r : activity(runDir)) {
      ObjectNode n = judges.addObject();
      n.put("judge", r.getJudge());
      n.put("model_version", r.getModelVersion());
      n.put("verdicts", r.getVerdicts());
      n.put("ok", r.getOk());
      n.put("structured", r.getStructured());
      n.put("repaired", r.getRepaired());
      n.put("abstained", r.getAbstained());
      n.put("calls", r.getCalls());
      n.put("store_hits", r.getStoreHits());
      n.put("prompt_tokens", r.getPromptTokens());
      n.put("completion_tokens", r.getCompletionTokens());
      n.put("cost_usd", r.getCostUsd());
      n.put("budget_skipped", r.getBudgetSkipped());
      spend += r.getCostUsd();
      skipped += r.getBudgetSkipped();
    }
    root.put("judge_spend_usd", spend);
    if (judgeBudgetUsd > 0) {
      ObjectNode b = root.putObject("judge_budget");
      b.put("budget_usd", judgeBudgetUsd);
      b.put("reached", skipped > 0);
      b.put("calls_not_made", skipped);
    }
    ObjectNode agreement = root.putObject("judge_agreement");
    for (JudgeAgreementRow r : agreement(runDir)) {
      ObjectNode scope = r.getScope().equals("run") ? agreement
          : agreement.with("by_model").with(r.getModel());
      ObjectNode field = scope.with(r.getField());
      String stat = r.getStatistic();
      Double value = r.getValue();
      switch (stat) {
        case "fleiss_kappa", "krippendorff_alpha" -> {
          putNumber(field, stat, value);
          if (stat.equals("fleiss_kappa")) {
            field.put("items_rated_by_all", r.getNItems());
          }
        }
        case "cohen_kappa" -> putNumber(field.with("cohen_kappa"),
            r.getJudgeA() + "/" + r.getJudgeB(), value);
        case "agreement_with_majority" -> putNumber(field.with("agreement_with_majority"),
            r.getJudgeA(), value);
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

  private static JudgeAgreementRow find(List<JudgeAgreementRow> rows, String statistic) {
    return rows.stream().filter(r -> r.getStatistic().equals(statistic))
        .findFirst().orElse(null);
  }

  private static String number(Double v) {
    return v == null || v.isNaN() ? "-" : String.format("%.3f", v);
  }

  private static String percent(Double v) {
    return v == null || v.isNaN() ? "-" : String.format("%.1f%%", 100 * v);
  }
}
