package org.ihlbench.pipeline.trend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.ihlbench.transforms.stats.Holm;
import org.ihlbench.transforms.stats.Quantiles;

/**
 * Decides whether the latest run of an experiment got worse than before.
 *
 * <p>For each summary cell of the latest run, each rate is compared with the same cell in the
 * baseline: the previous run, or an inverse-variance-weighted mean of the previous
 * {@code baselineRuns} runs. The standard error of a rate is the one the summary stored with its
 * interval ({@code refusal_se}, {@code helpful_se}), so cells sampled with several seeds per prompt
 * carry their clustered uncertainty; for runs written before the summary stored it, it is backed
 * out of the interval's width ({@link #se}). A one-sided z-test asks whether the rate moved the
 * bad way: down for refusals and helpful refusals on violation prompts, up for refusals of benign
 * prompts (over-refusal).
 * p-values are Holm-corrected across every comparison of the run; a comparison is an alert when
 * its corrected p-value is below {@code alpha} and the change is at least {@code minChange}.
 *
 * <p>Separately, a model whose API reported a version the previous run did not see is an alert
 * of its own kind: the same name may now be a different model.
 */
public final class RegressionCheck {
  static final double Z95 = 1.959963984540054;

  private RegressionCheck() {}

  /**
   * One finding. {@code type} is regression, model_version_changed or judge_panel_changed (model
   * "judges"): a changed judge moves the rates on its own, so the runs' rates are not
   * comparable as they stand.
   */
  public record Alert(
      String type, String model, String condition, String variant, String kind, String metric,
      double baseline, double latest, double z, double pValue, double adjustedP,
      List<String> baselineRuns, String latestRun, String detail) {}

  /** A comparison before correction. */
  record Test(RunRecord.Cell cell, String metric, double baseline, double latest, double z,
      double p, List<String> baselineRuns) {}

  public static List<Alert> check(List<RunRecord> runs, int baselineRuns, double alpha,
      double minChange) {
    List<Alert> alerts = new ArrayList<>();
    if (runs.size() < 2) {
      return alerts;
    }
    RunRecord latest = runs.get(runs.size() - 1);
    List<RunRecord> earlier = runs.subList(Math.max(0, runs.size() - 1 - baselineRuns),
        runs.size() - 1);
    List<Test> tests = new ArrayList<>();
    for (RunRecord.Cell cell : latest.cells()) {
      boolean benign = "benign".equals(cell.kind());
      compare(tests, cell, "refusal_rate", earlier, !benign);
      if (!benign) {
        compare(tests, cell, "helpful_rate", earlier, true);
      }
    }
    double[] adjusted = Holm.adjust(tests.stream().mapToDouble(Test::p).toArray());
    for (int i = 0; i < tests.size(); i++) {
      Test t = tests.get(i);
      if (adjusted[i] < alpha && Math.abs(t.latest() - t.baseline()) >= minChange) {
        RunRecord.Cell c = t.cell();
        alerts.add(new Alert("regression", c.model(), c.condition(), c.variant(), c.kind(),
            t.metric(), t.baseline(), t.latest(), t.z(), t.p(), adjusted[i], t.baselineRuns(),
            latest.runId(), String.format("%s %s fell from %.1f%% to %.1f%%", c.key(),
                t.metric(), 100 * t.baseline(), 100 * t.latest())
                .replace("fell", "benign".equals(c.kind()) ? "rose" : "fell")));
      }
    }
    RunRecord previous = runs.get(runs.size() - 2);
    for (Map.Entry<String, Set<String>> e : latest.modelVersions().entrySet()) {
      Set<String> before = previous.modelVersions().get(e.getKey());
      if (before == null || before.isEmpty() || e.getValue().isEmpty()) {
        continue;
      }
      Set<String> added = new TreeSet<>(e.getValue());
      added.removeAll(before);
      if (!added.isEmpty()) {
        alerts.add(new Alert("model_version_changed", e.getKey(), null, null, null, null,
            Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            List.of(previous.runId()), latest.runId(),
            e.getKey() + " reported " + added + " (previous run: " + before + ")"));
      }
    }
    if (!latest.panel().isEmpty() && !previous.panel().isEmpty()
        && !latest.panel().equals(previous.panel())) {
      List<String> gone = new ArrayList<>(previous.panel());
      gone.removeAll(latest.panel());
      List<String> added = new ArrayList<>(latest.panel());
      added.removeAll(previous.panel());
      alerts.add(new Alert("judge_panel_changed", "judges", null, null, null, null,
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          List.of(previous.runId()), latest.runId(),
          "the judge panel changed: now " + added + ", before " + gone
              + "; rates may move with the judges rather than the models"));
    }
    alerts.sort(Comparator.comparing(Alert::type).thenComparing(Alert::model));
    return alerts;
  }

  /**
   * Adds the test of one rate of one cell against the baseline runs that have it.
   *
   * @param dropIsBad whether a fall (rather than a rise) is the regression
   */
  private static void compare(List<Test> tests, RunRecord.Cell cell, String metric,
      List<RunRecord> earlier, boolean dropIsBad) {
    double latest = rate(cell, metric);
    double seLatest = se(cell, metric);
    if (Double.isNaN(latest) || !(seLatest > 0)) {
      return;
    }
    double weights = 0;
    double weighted = 0;
    List<String> used = new ArrayList<>();
    for (RunRecord r : earlier) {
      for (RunRecord.Cell c : r.cells()) {
        if (c.key().equals(cell.key())) {
          double v = rate(c, metric);
          double se = se(c, metric);
          if (!Double.isNaN(v) && se > 0) {
            weights += 1 / (se * se);
            weighted += v / (se * se);
            used.add(r.runId());
          }
        }
      }
    }
    if (used.isEmpty()) {
      return;
    }
    double baseline = weighted / weights;
    double seBaseline = Math.sqrt(1 / weights);
    double change = dropIsBad ? baseline - latest : latest - baseline;
    double z = change / Math.sqrt(seBaseline * seBaseline + seLatest * seLatest);
    tests.add(new Test(cell, metric, baseline, latest, z, 1 - Quantiles.normalCdf(z), used));
  }

  static double rate(RunRecord.Cell c, String metric) {
    return metric.equals("refusal_rate") ? c.refusalRate() : c.helpfulRate();
  }

  /**
   * The rate's standard error: as stored by the summary; for runs written before it was stored,
   * the interval's width over twice its quantile (t on clusters - 1 for cluster-wilson, else z).
   * That fallback is only approximate: it overstates the error of a Wilson interval near 0 or 1,
   * and is 0 for a rate at 0 or 1 with a zero-width side, which leaves such cells untested.
   */
  static double se(RunRecord.Cell c, String metric) {
    Double stored = metric.equals("refusal_rate") ? c.refusalSe() : c.helpfulSe();
    if (stored != null && stored > 0) {
      return stored;
    }
    double width = metric.equals("refusal_rate") ? c.refusalHigh() - c.refusalLow()
        : c.helpfulHigh() - c.helpfulLow();
    // Clustered intervals are widened by t(clusters - 1) / z (Intervals.clustered); undo that,
    // not z alone, or the standard error comes out too large and drops go unflagged.
    double q = "cluster-wilson".equals(c.ciMethod()) && c.clusters() != null && c.clusters() > 1
        ? Quantiles.t975((int) (c.clusters() - 1)) : Z95;
    return width / (2 * q);
  }

  /** An alert as alerts.json shows it. */
  public static Map<String, Object> asMap(Alert a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", a.type());
    m.put("model", a.model());
    if (a.condition() != null) {
      m.put("condition", a.condition());
      m.put("variant", a.variant());
      m.put("kind", a.kind());
      m.put("metric", a.metric());
      m.put("baseline", a.baseline());
      m.put("latest", a.latest());
      m.put("z", a.z());
      m.put("p_value", a.pValue());
      m.put("holm_adjusted_p", a.adjustedP());
    }
    m.put("baseline_runs", a.baselineRuns());
    m.put("latest_run", a.latestRun());
    m.put("detail", a.detail());
    return m;
  }
}
