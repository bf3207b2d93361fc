package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;
import org.junit.Rule;
import org.junit.Test;

public class AggregateTablesSummaryTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  static ScoredSample row(String model, String condition, String prompt, int seed,
      ResponseOutcome outcome, Boolean refused, Boolean helpful) {
    return ScoredSample.newBuilder()
        .setRunId("r").setSampleId(model + condition + prompt + seed).setModel(model)
        .setModelId(model).setCondition(condition).setVariant("plain").setVariantVersion("1")
        .setSeed(seed).setPromptId(prompt).setKind(PromptKind.violation).setDatasetHash("d")
        .setOutcome(outcome).setRefused(refused).setHelpfulRefusal(helpful)
        .setRefusal(refused == null ? null : refused ? RefusalLevel.full : RefusalLevel.none)
        .setCostUsd(0.01)
        .build();
  }

  @Test
  public void oneSamplePerPromptGivesWilsonJeffreysIntervalsAndCountsWhatIsLeftOut() {
    List<ScoredSample> rows = new ArrayList<>();
    // 10 prompts: 8 refusals (6 helpful), 2 compliances; plus an error and an undecided answer.
    for (int i = 0; i < 10; i++) {
      rows.add(row("m", "baseline", "p" + i, 1, ResponseOutcome.answered, i < 8, i < 8 ? i < 6 : null));
    }
    rows.add(row("m", "baseline", "p10", 1, ResponseOutcome.error, null, null));
    rows.add(row("m", "baseline", "p11", 1, ResponseOutcome.answered, null, null));
    PCollection<SummaryRow> out = p
        .apply(Create.of(rows).withCoder(Records.coder(ScoredSample.class)))
        .apply(AggregateTables.forRun("r")).get(AggregateTables.SUMMARY);
    Intervals.Interval refusal = Intervals.wilsonJeffreys(8, 10);
    Intervals.Interval helpful = Intervals.wilsonJeffreys(6, 8);
    PAssert.thatSingleton(out).satisfies(r -> {
      assertEquals("m", r.getModel());
      assertEquals(10, r.getN());
      assertEquals(10, r.getClusters());
      assertEquals(8, r.getRefusals());
      assertEquals(0.8, r.getRefusalRate(), 1e-12);
      assertEquals(refusal.low(), r.getRefusalCiLow(), 1e-12);
      assertEquals(refusal.high(), r.getRefusalCiHigh(), 1e-12);
      assertEquals(6, r.getHelpfulRefusals());
      assertEquals(0.75, r.getHelpfulRate(), 1e-12);
      assertEquals(helpful.low(), r.getHelpfulCiLow(), 1e-12);
      assertEquals(refusal.se(), r.getRefusalSe(), 1e-12);
      assertEquals(10.0, r.getRefusalEffectiveN(), 0);
      assertEquals(helpful.se(), r.getHelpfulSe(), 1e-12);
      assertEquals("wilson-jeffreys", r.getCiMethod());
      assertEquals(1, r.getErrors());
      assertEquals(1, r.getUndecided());
      assertEquals(0.12, r.getCostUsd(), 1e-9);
      return null;
    });
    p.run();
  }

  @Test
  public void repeatedSeedsAreClusteredByPrompt() {
    List<ScoredSample> rows = new ArrayList<>();
    // 6 prompts x 4 seeds; prompts 0-2 always refused, 3-4 never, 5 half the time.
    long[] refused = new long[6];
    long[] trials = new long[6];
    for (int i = 0; i < 6; i++) {
      for (int seed = 1; seed <= 4; seed++) {
        boolean r = i < 3 || (i == 5 && seed % 2 == 0);
        rows.add(row("m", "ihl-safety", "p" + i, seed, ResponseOutcome.answered, r, r ? true : null));
        refused[i] += r ? 1 : 0;
        trials[i]++;
      }
    }
    rows.add(row("other", "ihl-safety", "p0", 1, ResponseOutcome.answered, false, null));
    PCollection<SummaryRow> out = p
        .apply(Create.of(rows).withCoder(Records.coder(ScoredSample.class)))
        .apply(AggregateTables.forRun("r")).get(AggregateTables.SUMMARY);
    Intervals.Interval expected = Intervals.clustered(refused, trials);
    PAssert.that(out).satisfies(all -> {
      int cells = 0;
      for (SummaryRow r : all) {
        cells++;
        if (r.getModel().equals("m")) {
          assertEquals(24, r.getN());
          assertEquals(6, r.getClusters());
          assertEquals(14, r.getRefusals());
          assertEquals("beta-binomial", r.getCiMethod());
          assertEquals(expected.low(), r.getRefusalCiLow(), 1e-12);
          assertEquals(expected.high(), r.getRefusalCiHigh(), 1e-12);
          assertEquals(expected.se(), r.getRefusalSe(), 1e-12);
          assertEquals(expected.effectiveN(), r.getRefusalEffectiveN(), 1e-12);
          assertEquals(expected.iccUpper(), r.getRefusalIccUpper(), 1e-12);
          // Three prompts always refused, two never: the seeds agree far more than chance.
          assertEquals(true, r.getRefusalIccUpper() > 0.5 && r.getRefusalEffectiveN() < 12);
          Intervals.Interval naive = Intervals.wilson(14, 24);
          assertEquals(true, r.getRefusalCiHigh() - r.getRefusalCiLow() > naive.high() - naive.low());
        } else {
          assertEquals(1, r.getN());
          assertEquals(0, r.getRefusals());
        }
      }
      assertEquals(2, cells);
      return null;
    });
    p.run();
  }
}
