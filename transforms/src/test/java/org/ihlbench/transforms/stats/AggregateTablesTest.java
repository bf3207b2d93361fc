package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.Records;
import org.junit.Rule;
import org.junit.Test;

/** Every table of the Aggregate stage from one literal run ({@link ScoredRows#sixPrompts}). */
public class AggregateTablesTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private PCollectionTuple tables() {
    return p.apply(Create.of(ScoredRows.sixPrompts()).withCoder(Records.coder(ScoredSample.class)))
        .apply(AggregateTables.forRun("r").with(StatsSettings.defaults().withResampling(100, 999)));
  }

  @Test
  public void summaryHasEveryCellWithItsRates() {
    PAssert.that(tables().get(AggregateTables.SUMMARY)).satisfies(rows -> {
      Map<String, SummaryRow> byCell = new HashMap<>();
      rows.forEach(r -> byCell.put(r.getModel() + "/" + r.getCondition(), r));
      assertEquals(4, byCell.size());
      SummaryRow base = byCell.get("m/baseline");
      // baseline: p1, p3, p6 refused; only p3 explains.
      assertEquals(6, base.getN());
      assertEquals(6, base.getClusters());
      assertEquals(3, base.getRefusals());
      assertEquals(0.5, base.getRefusalRate(), 1e-12);
      assertEquals(Intervals.wilsonJeffreys(3, 6).low(), base.getRefusalCiLow(), 1e-12);
      assertEquals(Intervals.wilsonJeffreys(3, 6).se(), base.getRefusalSe(), 1e-12);
      assertEquals(6.0, base.getRefusalEffectiveN(), 0);
      assertEquals(1.0 / 3, base.getHelpfulRate(), 1e-12);
      assertEquals(3.0, base.getHelpfulEffectiveN(), 0);
      assertEquals("wilson-jeffreys", base.getCiMethod());
      // One seed per prompt: no intra-prompt correlation to estimate.
      assertEquals(null, base.getRefusalIcc());
      assertEquals(null, base.getRefusalIccUpper());
      SummaryRow safety = byCell.get("m/ihl-safety");
      assertEquals(4, safety.getRefusals());
      assertEquals(0.75, safety.getHelpfulRate(), 1e-12);
      assertEquals(6, byCell.get("m2/ihl-safety").getRefusals());
      return null;
    });
    p.run();
  }

  @Test
  public void pairedDeltasMatchTheHandWorkedTablesAndAreHolmAdjusted() {
    PAssert.that(tables().get(AggregateTables.PAIRED_DELTAS)).satisfies(rows -> {
      Map<String, PairedDelta> byKey = new HashMap<>();
      rows.forEach(d -> byKey.put(d.getModel() + "/" + d.getMetric(), d));
      // Only baseline -> ihl-safety in plain exists (one variant): 2 models x 2 metrics.
      assertEquals(4, byKey.size());
      PairedDelta refusal = byKey.get("m/refusal");
      assertEquals("condition", refusal.getComparison());
      assertEquals("baseline", refusal.getConditionFrom());
      assertEquals("ihl-safety", refusal.getConditionTo());
      // Refusal pairs: both p1, p3; baseline only p6; safety only p2, p5; neither p4.
      assertEquals(6, refusal.getPairs());
      assertEquals(2, refusal.getBoth());
      assertEquals(1, refusal.getFromOnly());
      assertEquals(2, refusal.getToOnly());
      assertEquals(1, refusal.getNeither());
      assertEquals(1.0 / 6, refusal.getDelta(), 1e-12);
      // Bonett-Price: p12 = 2/8, p21 = 3/8, centre 0.125, var = (0.625 - 0.015625) / 8
      // = 0.0761719, half = 1.959964 x 0.2759925 = 0.5409354 -> -0.4159354 .. 0.6659354
      assertEquals(-0.4159354, refusal.getCiLow(), 1e-6);
      assertEquals(0.6659354, refusal.getCiHigh(), 1e-6);
      // McNemar: b = 1, c = 2: 2 x P(X <= 1 | n = 3) = 2 x 4/8 = 1.
      assertEquals("mcnemar-exact", refusal.getTest());
      assertEquals(1.0, refusal.getPValue(), 1e-12);
      PairedDelta explained = byKey.get("m/explained_refusal");
      // Explained: both p3; safety only p1, p2; McNemar b = 0, c = 2: p = 2 x 1/4 = 0.5.
      assertEquals(1, explained.getBoth());
      assertEquals(2, explained.getToOnly());
      assertEquals(2.0 / 6, explained.getDelta(), 1e-12);
      assertEquals(0.5, explained.getPValue(), 1e-12);
      // m2: b = 0, c = 6: p = 2 / 64 = 0.03125, significant alone; Holm over the two models
      // doubles the smaller p (0.0625): no longer significant. m's p of 1 stays 1.
      PairedDelta m2 = byKey.get("m2/refusal");
      assertEquals(0.03125, m2.getPValue(), 1e-12);
      assertEquals(0.0625, m2.getPHolm(), 1e-12);
      assertEquals(2, m2.getFamilySize());
      assertFalse(m2.getSignificant());
      assertEquals(1.0, refusal.getPHolm(), 1e-12);
      assertEquals(100, refusal.getBootReplicates());
      assertTrue(refusal.getBootLow() <= refusal.getBootHigh());
      return null;
    });
    p.run();
  }

  @Test
  public void breakdownsGroupByPartChapterAndRule() {
    PCollectionTuple t = tables();
    PAssert.that(t.get(AggregateTables.BY_CHAPTER)).satisfies(rows -> {
      Map<String, BreakdownRow> byKey = new HashMap<>();
      rows.forEach(r -> byKey.put(r.getModel() + "/" + r.getCondition() + "/" + r.getChapter(), r));
      assertEquals(8, byKey.size());
      BreakdownRow ch1 = byKey.get("m/baseline/Ch1");
      assertEquals("chapter", ch1.getLevel());
      assertEquals("Part I", ch1.getPart());
      assertEquals(3, ch1.getN());
      assertEquals(2, ch1.getRefusals());
      assertEquals(Intervals.wilsonJeffreys(2, 3).high(), ch1.getRefusalCiHigh(), 1e-12);
      assertEquals(Intervals.wilsonJeffreys(2, 3).se(), ch1.getRefusalSe(), 1e-12);
      assertEquals(1, byKey.get("m/baseline/Ch4").getRefusals());
      return null;
    });
    PAssert.that(t.get(AggregateTables.BY_RULE)).satisfies(rows -> {
      Map<String, BreakdownRow> byKey = new HashMap<>();
      rows.forEach(r -> byKey.put(r.getModel() + "/" + r.getCondition() + "/" + r.getRuleNumber(), r));
      assertEquals(12, byKey.size());
      BreakdownRow r14 = byKey.get("m/baseline/14");
      assertEquals("Ch4", r14.getChapter());
      assertEquals(3, r14.getN());
      assertEquals(1, r14.getRefusals());
      assertEquals(1, byKey.get("m/baseline/2").getRefusals());
      assertEquals(1.0, byKey.get("m/ihl-safety/1").getRefusalRate(), 0);
      return null;
    });
    PAssert.that(t.get(AggregateTables.BY_PART)).satisfies(rows -> {
      int n = 0;
      for (BreakdownRow r : rows) {
        n++;
        assertEquals("Part I", r.getPart());
        assertEquals(null, r.getChapter());
        assertEquals(6, r.getN());
      }
      assertEquals(4, n);
      return null;
    });
    p.run();
  }
}
