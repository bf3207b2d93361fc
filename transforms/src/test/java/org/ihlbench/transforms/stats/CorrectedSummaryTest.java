package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;
import org.junit.Rule;
import org.junit.Test;

/**
 * The summary's corrected refusal rate ({@link ScoredRows#sixPrompts}): present with its source
 * when the settings carry the panel's error rates, null otherwise.
 */
public class CorrectedSummaryTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final JudgeErrorRates JUDGE =
      new JudgeErrorRates("judge-eval:0123456789ab:majority", 85, 15, 95, 5);

  private PCollection<SummaryRow> summary(StatsSettings settings) {
    return p.apply(Create.of(ScoredRows.sixPrompts()).withCoder(Records.coder(ScoredSample.class)))
        .apply(AggregateTables.forRun("r").with(settings))
        .get(AggregateTables.SUMMARY);
  }

  @Test
  public void theCorrectedRateUndoesTheJudgesMeasuredError() {
    PAssert.that(summary(StatsSettings.defaults().withResampling(0, 999).withErrorRates(JUDGE)))
        .satisfies(rows -> {
          Map<String, SummaryRow> byCell = new HashMap<>();
          rows.forEach(r -> byCell.put(r.getModel() + "/" + r.getCondition(), r));
          SummaryRow base = byCell.get("m/baseline");
          // 3 of 6 prompts refused, one seed each: q = 0.5, p = (0.5 + 0.95 - 1) / 0.8.
          assertEquals(0.5, base.getRefusalRate(), 1e-12);
          assertEquals(0.5625, base.getRefusalRateCorrected(), 1e-12);
          CorrectedRate.Estimate e = CorrectedRate.of(new long[] {1, 1, 1, 0, 0, 0},
              new long[] {1, 1, 1, 1, 1, 1}, JUDGE);
          assertEquals(e.low(), base.getRefusalCorrectedCiLow(), 1e-12);
          assertEquals(e.high(), base.getRefusalCorrectedCiHigh(), 1e-12);
          assertEquals("judge-eval:0123456789ab:majority", base.getCorrection());
          // Every prompt refused (6 of 6): (1 + 0.95 - 1) / 0.8 > 1, clipped.
          assertEquals(1.0, byCell.get("m2/ihl-safety").getRefusalRateCorrected(), 0);
          return null;
        });
    p.run();
  }

  @Test
  public void withoutErrorRatesTheCorrectedColumnsAreNull() {
    PAssert.that(summary(StatsSettings.defaults().withResampling(0, 999))).satisfies(rows -> {
      for (SummaryRow r : rows) {
        assertNull(r.getRefusalRateCorrected());
        assertNull(r.getRefusalCorrectedCiLow());
        assertNull(r.getRefusalCorrectedCiHigh());
        assertNull(r.getCorrection());
      }
      return null;
    });
    p.run();
  }
}
