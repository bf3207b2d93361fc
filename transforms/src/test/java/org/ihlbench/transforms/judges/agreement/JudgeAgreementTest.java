package org.ihlbench.transforms.judges.agreement;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.judges.MajorityVote;
import org.junit.Rule;
import org.junit.Test;

public class JudgeAgreementTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();

  private static final List<String> PANEL = List.of("a", "b", "c");

  private static JudgeVerdict v(String id, String judge, RefusalLevel level, Boolean helpful) {
    return JudgeVerdict.newBuilder().setSampleId(id).setJudge(judge).setRefusal(level)
        .setHelpfulRefusal(helpful).setCitesLaw(false).setOffersAlternative(false)
        .setLeaksCode(false).setParseStatus(level == null ? ParseStatus.abstained : ParseStatus.ok)
        .build();
  }

  private static JudgedSample judged(String id, String model, ResponseOutcome outcome,
      JudgeVerdict... verdicts) {
    Transcript t = TestRecords.transcript(id, outcome, outcome == ResponseOutcome.error ? null : "x");
    t.getSample().getModel().setName(model);
    List<JudgeVerdict> vs = List.of(verdicts);
    return JudgedSample.newBuilder().setRunId("run-1").setSample(t.getSample())
        .setResponse(t.getResponse()).setVerdicts(vs)
        .setMajority(MajorityVote.decide(t.getResponse(), vs, null)).setPanel(PANEL).build();
  }

  private static final RefusalLevel FULL = RefusalLevel.full;
  private static final RefusalLevel PARTIAL = RefusalLevel.partial;
  private static final RefusalLevel NONE = RefusalLevel.none;

  /**
   * Four answered items (and a call error, which no judge saw). Hand-computed for the whole run,
   * on refused (ratings a, b, c; majority): (1,1,1;1) (0,0,1;0) (1,0,1;1) (0,-,0;0).
   * <ul>
   *   <li>Fleiss over the three complete items: P_i = 1, 1/3, 1/3, so P-bar = 5/9; ratings are
   *       3 no and 6 yes, so P-bar_e = 1/9 + 4/9 = 5/9: kappa = 0.
   *   <li>Krippendorff: o_00 = 3, o_01 = o_10 = 2, o_11 = 4; n = 11: alpha = 1 - 10*4/(2*5*6) = 1/3.
   *   <li>Cohen a/b over items 1-3: p_o = 2/3, p_e = 4/9: kappa = 0.4; a/c over all four: p_o =
   *       3/4, p_e = 1/2: 0.5; b/c: p_o = 1/3 = p_e: 0.
   *   <li>Agreement with the majority: a 4/4, b 2/3, c 3/4.
   * </ul>
   * On helpful_refusal among the majority's refusals (items 1 and 3; b's partial on item 3 is no
   * rating): (1,1,0;1) (0,-,0;0). Fleiss over item 1: P-bar = 1/3, P-bar_e = 5/9: kappa = -0.5.
   * Krippendorff: o_00 = 2, o_01 = o_10 = 1, o_11 = 1, n = 5: alpha = 1 - 4*2/(2*3*2) = 1/3.
   * For model m1 alone (items 1 and 2), Fleiss on refused: P-bar = 2/3, P-bar_e = 5/9: 0.25.
   */
  @Test
  public void agreementMatchesHandComputedValues() {
    List<JudgedSample> in = List.of(
        judged("s1", "m1", ResponseOutcome.answered,
            v("s1", "a", FULL, true), v("s1", "b", FULL, true), v("s1", "c", FULL, false)),
        judged("s2", "m1", ResponseOutcome.answered,
            v("s2", "a", NONE, null), v("s2", "b", NONE, null), v("s2", "c", FULL, false)),
        judged("s3", "m2", ResponseOutcome.answered,
            v("s3", "a", FULL, false), v("s3", "b", PARTIAL, false), v("s3", "c", FULL, false)),
        judged("s4", "m2", ResponseOutcome.answered,
            v("s4", "a", NONE, null), v("s4", "b", null, null), v("s4", "c", NONE, null)),
        judged("s5", "m2", ResponseOutcome.error));
    PCollection<JudgeAgreementRow> rows = p
        .apply(Create.of(in).withCoder(Records.coder(JudgedSample.class)))
        .apply(JudgeAgreement.of("run-1", PANEL));
    PAssert.that(rows).satisfies(all -> {
      Map<String, JudgeAgreementRow> by = new HashMap<>();
      List<JudgeAgreementRow> list = new ArrayList<>();
      all.forEach(r -> {
        list.add(r);
        by.put(r.getScope() + "/" + r.getModel() + "/" + r.getField() + "/" + r.getStatistic()
            + "/" + r.getJudgeA() + "/" + r.getJudgeB(), r);
      });
      // 8 figures for each of (run, m1, m2) x (refused, helpful_refusal)
      assertEquals(48, list.size());
      check(by, "run/null/refused/fleiss_kappa/null/null", 3, 0.0);
      assertEquals(5.0 / 9, by.get("run/null/refused/fleiss_kappa/null/null").getObservedAgreement(), 1e-12);
      assertEquals(5.0 / 9, by.get("run/null/refused/fleiss_kappa/null/null").getExpectedAgreement(), 1e-12);
      check(by, "run/null/refused/krippendorff_alpha/null/null", 4, 1.0 / 3);
      check(by, "run/null/refused/cohen_kappa/a/b", 3, 0.4);
      check(by, "run/null/refused/cohen_kappa/a/c", 4, 0.5);
      check(by, "run/null/refused/cohen_kappa/b/c", 3, 0.0);
      check(by, "run/null/refused/agreement_with_majority/a/null", 4, 1.0);
      check(by, "run/null/refused/agreement_with_majority/b/null", 3, 2.0 / 3);
      check(by, "run/null/refused/agreement_with_majority/c/null", 4, 0.75);
      check(by, "run/null/helpful_refusal/fleiss_kappa/null/null", 1, -0.5);
      check(by, "run/null/helpful_refusal/krippendorff_alpha/null/null", 2, 1.0 / 3);
      check(by, "run/null/helpful_refusal/agreement_with_majority/a/null", 2, 1.0);
      check(by, "run/null/helpful_refusal/agreement_with_majority/b/null", 1, 1.0);
      check(by, "run/null/helpful_refusal/agreement_with_majority/c/null", 2, 0.5);
      check(by, "model/m1/refused/fleiss_kappa/null/null", 2, 0.25);
      assertNull(by.get("model/m1/refused/fleiss_kappa/null/null").getJudgeA());
      return null;
    });
    p.run();
  }

  private static void check(Map<String, JudgeAgreementRow> by, String key, long n, double value) {
    JudgeAgreementRow r = by.get(key);
    assertEquals(key, n, r.getNItems());
    assertEquals(key, value, r.getValue(), 1e-12);
    assertEquals("run-1", r.getRunId());
  }
}
