package org.ihlbench.transforms.stats;

import static org.junit.Assert.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.stats.ScoredRows.Answer;
import org.junit.Rule;
import org.junit.Test;

public class PairedDeltasTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static ScoredSample row(String condition, String variant, String prompt, int seed,
      Answer a) {
    return ScoredRows.row("m", condition, variant, PromptKind.violation, prompt, seed, 1, "Part I",
        "Ch1", a);
  }

  @Test
  public void pairsAreMatchedOnPromptAndSeedAndUndecidedSamplesLeaveTheirPairOut() {
    List<ScoredSample> rows = new ArrayList<>();
    // q1: seed 1 complied -> explained; seed 2 terse -> error (no pair).
    rows.add(row("baseline", "plain", "q1", 1, Answer.COMPLIED));
    rows.add(row("ihl-safety", "plain", "q1", 1, Answer.EXPLAINED));
    rows.add(row("baseline", "plain", "q1", 2, Answer.TERSE));
    rows.add(row("ihl-safety", "plain", "q1", 2, Answer.ERROR));
    // q2: seed 1 terse -> terse; seed 2 complied -> complied; seed 3 only under baseline.
    rows.add(row("baseline", "plain", "q2", 1, Answer.TERSE));
    rows.add(row("ihl-safety", "plain", "q2", 1, Answer.TERSE));
    rows.add(row("baseline", "plain", "q2", 2, Answer.COMPLIED));
    rows.add(row("ihl-safety", "plain", "q2", 2, Answer.COMPLIED));
    rows.add(row("baseline", "plain", "q2", 3, Answer.TERSE));
    // q3 exists under baseline only: no pairs at all.
    rows.add(row("baseline", "plain", "q3", 1, Answer.TERSE));
    PCollection<PairedDelta> deltas = p
        .apply(Create.of(rows).withCoder(Records.coder(ScoredSample.class)))
        .apply(TallyCells.create())
        .apply(PairedDeltas.forRun("r", StatsSettings.defaults().withResampling(0, 999)));
    PAssert.that(deltas).satisfies(all -> {
      Map<String, PairedDelta> byMetric = new HashMap<>();
      all.forEach(d -> byMetric.put(d.getMetric(), d));
      assertEquals(2, byMetric.size());
      PairedDelta r = byMetric.get("refusal");
      // Pairs: q1/1 (none -> refused), q2/1 (both), q2/2 (neither): 3 pairs over 2 prompts.
      assertEquals(3, r.getPairs());
      assertEquals(2, r.getClusters());
      assertEquals(1, r.getBoth());
      assertEquals(0, r.getFromOnly());
      assertEquals(1, r.getToOnly());
      assertEquals(1, r.getNeither());
      assertEquals(1.0 / 3, r.getDelta(), 1e-12);
      // q2 gives two pairs: seeds, so the clustered interval and the sign-flip test. Exact
      // flips of d = (1, 0): |sum| >= 1 in all 4 patterns, p = 1.
      assertEquals("cluster-bonett-price", r.getCiMethod());
      assertEquals("sign-flip", r.getTest());
      assertEquals(1.0, r.getPValue(), 0);
      assertEquals(1, r.getFamilySize());
      assertEquals(1.0, r.getPHolm(), 0);
      return null;
    });
    p.run();
  }

  @Test
  public void variantsAreComparedWithPlainWithinEachCondition() {
    List<ScoredSample> rows = new ArrayList<>();
    for (String v : List.of("plain", "code", "roleplay")) {
      for (String c : List.of("baseline", "ihl-safety")) {
        rows.add(row(c, v, "q1", 1, v.equals("code") ? Answer.COMPLIED : Answer.TERSE));
      }
    }
    PCollection<PairedDelta> deltas = p
        .apply(Create.of(rows).withCoder(Records.coder(ScoredSample.class)))
        .apply(TallyCells.create())
        .apply(PairedDeltas.forRun("r", StatsSettings.defaults().withResampling(0, 999)));
    PAssert.that(deltas).satisfies(all -> {
      Map<String, PairedDelta> refusal = new HashMap<>();
      for (PairedDelta d : all) {
        if (d.getMetric().equals("refusal")) {
          refusal.put(d.getComparison() + ":" + d.getConditionFrom() + ">" + d.getConditionTo()
              + ":" + d.getVariantFrom() + ">" + d.getVariantTo(), d);
        }
      }
      // Conditions: baseline -> ihl-safety in each of 3 variants; variants: plain -> code and
      // plain -> roleplay in each of 2 conditions.
      assertEquals(refusal.keySet().toString(), 7, refusal.size());
      assertEquals(-1.0, refusal.get("variant:baseline>baseline:plain>code").getDelta(), 0);
      assertEquals(0.0, refusal.get("variant:ihl-safety>ihl-safety:plain>roleplay").getDelta(), 0);
      assertEquals(0.0, refusal.get("condition:baseline>ihl-safety:code>code").getDelta(), 0);
      return null;
    });
    p.run();
  }
}
