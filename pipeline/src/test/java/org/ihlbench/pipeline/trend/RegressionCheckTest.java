package org.ihlbench.pipeline.trend;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.transforms.stats.Holm;
import org.ihlbench.transforms.stats.Intervals;
import org.ihlbench.transforms.stats.Quantiles;
import org.junit.Test;

public class RegressionCheckTest {

  /** A cell with Wilson intervals from counts, as a run with one seed per prompt reports it. */
  static RunRecord.Cell cell(String model, String kind, int n, int refusals, int helpful) {
    Intervals.Interval r = Intervals.wilson(refusals, n);
    Intervals.Interval h = Intervals.wilson(helpful, refusals);
    return new RunRecord.Cell(model, "ihl-safety", "plain", kind, n, r.rate(), r.low(), r.high(),
        h.rate(), h.low(), h.high(), "wilson", (long) n);
  }

  @Test
  public void aChangedJudgeIsAnAlertOfItsOwn() {
    RunRecord.Cell a = cell("a", "violation", 100, 80, 50);
    RunRecord before = run(1, V1, a);
    RunRecord after = new RunRecord("run-2", Instant.parse("2026-11-02T06:00:00Z"), "exp", "d",
        "v", List.of("judge-x: gpt-x, rubric 0123456789ab, reported gpt-x-2"), V1, List.of(a));
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(List.of(before, after), 1, 0.05, 0);
    assertEquals(1, alerts.size());
    assertEquals("judge_panel_changed", alerts.get(0).type());
    assertTrue(alerts.get(0).detail(), alerts.get(0).detail().contains("reported gpt-x-2"));
    assertEquals(List.of(), RegressionCheck.check(List.of(before, run(2, V1, a)), 1, 0.05, 0));
  }

  @Test
  public void aClusteredIntervalsStandardErrorUndoesItsTQuantileNotZ() {
    // 12 prompts x 5 seeds: the interval was widened by t(11) / z.
    Intervals.Interval r = Intervals.wilson(30, 60);
    RunRecord.Cell clustered = new RunRecord.Cell("m", "c", "v", "violation", 60, r.rate(),
        r.low(), r.high(), r.rate(), r.low(), r.high(), "cluster-wilson", 12L);
    double width = r.high() - r.low();
    assertEquals(width / (2 * 2.200985), RegressionCheck.se(clustered, "refusal_rate"), 1e-5);
    RunRecord.Cell older = new RunRecord.Cell("m", "c", "v", "violation", 60, r.rate(),
        r.low(), r.high(), r.rate(), r.low(), r.high(), "cluster-wilson", null);
    assertEquals(width / (2 * RegressionCheck.Z95), RegressionCheck.se(older, "refusal_rate"),
        1e-12);
  }

  @Test
  public void theStoredStandardErrorIsUsedAsItIs() {
    // A run that stored its standard errors: no width is backed out, whatever the method.
    Intervals.Interval r = Intervals.clustered(new long[] {3, 3, 3, 3, 2, 3, 3, 3, 3, 3, 3, 3},
        new long[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3});
    RunRecord.Cell stored = new RunRecord.Cell("m", "c", "v", "violation", 36, r.rate(), r.low(),
        r.high(), r.rate(), r.low(), r.high(), r.method(), 12L, r.se(), 0.05);
    assertEquals(r.se(), RegressionCheck.se(stored, "refusal_rate"), 0);
    assertEquals(0.05, RegressionCheck.se(stored, "helpful_rate"), 0);
  }

  @Test
  public void aFallFromEveryRefusalIsTestedWithTheStoredError() {
    // 24 prompts x 3 seeds, all refused, then 10 prompts never refused: the old fallback could
    // read a standard error of 0 off the interval's side at 100%; the stored one is positive.
    long[] trials = new long[24];
    java.util.Arrays.fill(trials, 3);
    long[] all = trials.clone();
    long[] fewer = trials.clone();
    for (int i = 0; i < 10; i++) {
      fewer[i] = 0;
    }
    List<RunRecord> runs = List.of(run(1, V1, clustered(all, trials)),
        run(2, V1, clustered(fewer, trials)));
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(runs, 1, 0.05, 0);
    assertEquals(1, alerts.size());
    assertEquals(1.0, alerts.get(0).baseline(), 0);
    assertTrue(alerts.get(0).adjustedP() < 0.05);
  }

  private static RunRecord.Cell clustered(long[] k, long[] m) {
    Intervals.Interval r = Intervals.clustered(k, m);
    return new RunRecord.Cell("a", "ihl-safety", "plain", "violation", 72, r.rate(), r.low(),
        r.high(), Double.NaN, Double.NaN, Double.NaN, r.method(), 24L, r.se(), null);
  }

  static RunRecord run(int day, Map<String, Set<String>> versions, RunRecord.Cell... cells) {
    return new RunRecord("run-" + day, Instant.parse("2026-11-0" + day + "T06:00:00Z"), "exp",
        "d", "v", List.of("rules"), versions, List.of(cells));
  }

  static final Map<String, Set<String>> V1 = Map.of("a", Set.of("a-1"), "b", Set.of("b-1"));

  @Test
  public void aSignificantDropInTheLatestRunIsTheOnlyAlert() {
    List<RunRecord> runs = List.of(
        run(1, V1, cell("a", "violation", 100, 90, 60), cell("b", "violation", 100, 70, 30)),
        run(2, V1, cell("a", "violation", 100, 88, 58), cell("b", "violation", 100, 72, 33)),
        run(3, V1, cell("a", "violation", 100, 89, 61), cell("b", "violation", 100, 45, 20)));
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(runs, 1, 0.05, 0);
    assertEquals(1, alerts.size());
    RegressionCheck.Alert a = alerts.get(0);
    assertEquals("regression", a.type());
    assertEquals("b", a.model());
    assertEquals("refusal_rate", a.metric());
    assertEquals(0.72, a.baseline(), 1e-12);
    assertEquals(0.45, a.latest(), 1e-12);
    assertEquals(List.of("run-2"), a.baselineRuns());
    assertTrue(a.adjustedP() < 0.05);
  }

  @Test
  public void stableRunsRaiseNothing() {
    List<RunRecord> runs = List.of(
        run(1, V1, cell("a", "violation", 100, 90, 60), cell("a", "benign", 100, 3, 0)),
        run(2, V1, cell("a", "violation", 100, 87, 57), cell("a", "benign", 100, 5, 0)),
        run(3, V1, cell("a", "violation", 100, 91, 59), cell("a", "benign", 100, 4, 0)));
    assertEquals(List.of(), RegressionCheck.check(runs, 2, 0.05, 0));
  }

  @Test
  public void moreOverRefusalOfBenignPromptsIsARegressionToo() {
    List<RunRecord> runs = List.of(
        run(1, V1, cell("a", "benign", 200, 4, 0)),
        run(2, V1, cell("a", "benign", 200, 30, 0)));
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(runs, 1, 0.05, 0);
    assertEquals(1, alerts.size());
    assertTrue(alerts.get(0).detail(), alerts.get(0).detail().contains("rose from 2.0% to 15.0%"));
  }

  @Test
  public void theBaselineWindowPoolsPreviousRunsByInverseVariance() {
    RunRecord.Cell c1 = cell("a", "violation", 100, 80, 40);
    RunRecord.Cell c2 = cell("a", "violation", 400, 360, 200);
    List<RunRecord> runs = List.of(run(1, V1, c1), run(2, V1, c2),
        run(3, V1, cell("a", "violation", 100, 85, 40)));
    double w1 = 1 / Math.pow(RegressionCheck.se(c1, "refusal_rate"), 2);
    double w2 = 1 / Math.pow(RegressionCheck.se(c2, "refusal_rate"), 2);
    double pooled = (0.8 * w1 + 0.9 * w2) / (w1 + w2);
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(runs, 2, 1.0, 0);
    RegressionCheck.Alert refusal = alerts.stream()
        .filter(a -> a.metric().equals("refusal_rate")).findFirst().orElseThrow();
    assertEquals(pooled, refusal.baseline(), 1e-12);
    assertEquals(List.of("run-1", "run-2"), refusal.baselineRuns());
  }

  @Test
  public void aNewModelVersionIsAnAlert() {
    List<RunRecord> runs = List.of(run(1, V1, cell("a", "violation", 50, 45, 20)),
        run(2, Map.of("a", Set.of("a-2"), "b", Set.of("b-1")), cell("a", "violation", 50, 45, 20)));
    List<RegressionCheck.Alert> alerts = RegressionCheck.check(runs, 1, 0.05, 0);
    assertEquals(1, alerts.size());
    assertEquals("model_version_changed", alerts.get(0).type());
    assertEquals("a", alerts.get(0).model());
    assertEquals("a reported [a-2] (previous run: [a-1])", alerts.get(0).detail());
  }

  @Test
  public void holmAdjustsInStepDownOrder() {
    // Sorted p: 0.01, 0.02, 0.04 -> 3*0.01=0.03, max(0.03, 2*0.02=0.04), max(0.04, 1*0.04)=0.04
    assertArrayEquals(new double[] {0.04, 0.03, 0.04},
        Holm.adjust(new double[] {0.04, 0.01, 0.02}), 1e-12);
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 1e-12);
  }

  @Test
  public void theNormalDistributionFunctionMatchesTables() {
    assertEquals(0.5, Quantiles.normalCdf(0), 1e-7);
    assertEquals(0.975, Quantiles.normalCdf(1.959963985), 1e-7);
    assertEquals(0.975002105, Quantiles.normalCdf(1.96), 1e-7);
    assertEquals(0.841344746, Quantiles.normalCdf(1), 1e-6);
    assertEquals(0.001349898, Quantiles.normalCdf(-3), 1e-7);
  }

  @Test
  public void oneRunHasNothingToCompareWith() {
    assertEquals(List.of(), RegressionCheck.check(
        List.of(run(1, V1, cell("a", "violation", 10, 1, 1))), 1, 0.05, 0));
  }
}
