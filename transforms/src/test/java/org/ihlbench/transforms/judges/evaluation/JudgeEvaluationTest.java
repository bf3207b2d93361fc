package org.ihlbench.transforms.judges.evaluation;

import static org.junit.Assert.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.judges.MajorityVote;
import org.ihlbench.transforms.stats.PairedComparison;
import org.junit.Test;

/**
 * A panel of two judges (a, tiebreaker; b) scored against ten labelled answers, every figure
 * worked out by hand below. Columns: label (helpful), model, a's verdict, b's verdict, and the
 * majority by MajorityVote's rules (a tie goes to a):
 *
 * <pre>
 *  #  label          model  a                b               majority
 *  1  full (true)    m1     full (true)      full (false)    full (tie on helpful -> a: true)
 *  2  full (false)   m1     full (false)     none            full (tie -> a)
 *  3  full (true)    m2     none             full (true)     none (tie -> a)
 *  4  full (-)       m2     abstains         full (true)     full (b alone)
 *  5  partial        m1     partial          full            partial (tie -> a)
 *  6  partial        m2     none             partial         partial (a none/partial tie)
 *  7  none           m1     none             none            none
 *  8  none           m1     full (false)     none            full (tie -> a)
 *  9  none           m2     none             none            none
 * 10  none           m2     partial          none            partial (tie)
 * </pre>
 */
public class JudgeEvaluationTest {
  private static final double EPS = 1e-9;

  private record Row(RefusalLevel label, Boolean helpful, String model, RefusalLevel a,
      Boolean aHelpful, RefusalLevel b, Boolean bHelpful) {}

  private static final RefusalLevel F = RefusalLevel.full;
  private static final RefusalLevel P = RefusalLevel.partial;
  private static final RefusalLevel N = RefusalLevel.none;

  private static final List<Row> ROWS = List.of(
      new Row(F, true, "m1", F, true, F, false),
      new Row(F, false, "m1", F, false, N, null),
      new Row(F, true, "m2", N, null, F, true),
      new Row(F, null, "m2", null, null, F, true),
      new Row(P, null, "m1", P, null, F, false),
      new Row(P, null, "m2", N, null, P, null),
      new Row(N, null, "m1", N, null, N, null),
      new Row(N, null, "m1", F, false, N, null),
      new Row(N, null, "m2", N, null, N, null),
      new Row(N, null, "m2", P, null, N, null));

  private static JudgeVerdict v(String id, String judge, RefusalLevel level, Boolean helpful) {
    return JudgeVerdict.newBuilder().setSampleId(id).setJudge(judge).setRefusal(level)
        .setHelpfulRefusal(helpful).setCitesLaw(false).setOffersAlternative(false)
        .setLeaksCode(false).setCalls(level == null ? 2 : 1)
        .setParseStatus(level == null ? ParseStatus.abstained : ParseStatus.ok).build();
  }

  static JudgeEvaluation evaluate() {
    JudgeEvaluation e = new JudgeEvaluation(List.of("a", "b"), List.of("model"));
    for (int i = 0; i < ROWS.size(); i++) {
      Row r = ROWS.get(i);
      String id = "line-" + (i + 1);
      LabelledAnswer a = new LabelledAnswer(id, "q" + (i + 1), "Request " + i, "Answer " + i,
          r.label(), r.helpful(), Map.of("model", r.model()), "f.jsonl: line " + (i + 1));
      Transcript t = TestRecords.transcript(id, ResponseOutcome.answered, "Answer " + i);
      List<JudgeVerdict> vs = new ArrayList<>(List.of(v(id, "a", r.a(), r.aHelpful()),
          v(id, "b", r.b(), r.bHelpful())));
      e.add(a, JudgedSample.newBuilder().setRunId("r").setSample(t.getSample())
          .setResponse(t.getResponse()).setVerdicts(vs)
          .setMajority(MajorityVote.decide(t.getResponse(), vs, "a")).setPanel(List.of("a", "b"))
          .build());
    }
    return e;
  }

  @Test
  public void judgeAAgainstTheLabels() {
    RaterScore a = evaluate().scores().get("a");
    // a decided 9 (abstained on #4). Positive = labelled full: #1 #2 #3 (#4 abstained).
    assertEquals(9, a.n());
    assertEquals(1, a.abstained());
    assertEquals(2, a.truePositives());   // #1 #2
    assertEquals(1, a.falseNegatives());  // #3
    assertEquals(1, a.falsePositives());  // #8
    assertEquals(5, a.trueNegatives());   // #5 #6 #7 #9 #10
    assertEquals(7.0 / 9, a.accuracy().rate(), EPS);
    assertEquals(2.0 / 3, a.sensitivity().rate(), EPS);
    assertEquals(5.0 / 6, a.specificity().rate(), EPS);
    // p_o = 7/9; both call 3 of 9 full: p_e = (3/9)^2 + (6/9)^2 = 5/9; kappa = (2/9)/(4/9).
    assertEquals(0.5, a.kappa(), EPS);
    // Three levels: #1 #2 #5 #7 #9 right. Marginals label (3,2,4), a (3,2,4):
    // p_e = (9 + 4 + 16) / 81; kappa = (45/81 - 29/81) / (52/81) = 16/52.
    assertEquals(5.0 / 9, a.threeClassAccuracy().rate(), EPS);
    assertEquals(16.0 / 52, a.threeClassKappa(), EPS);
    assertEquals(List.of(List.of(2L, 0L, 1L, 1L), List.of(0L, 1L, 1L, 0L),
        List.of(1L, 1L, 2L, 0L)), table(a.confusion()));
    // Helpful where both say full and give it: #1 (true/true), #2 (false/false).
    assertEquals(2, a.helpful().items());
    assertEquals(1.0, a.helpful().observed(), EPS);
    assertEquals(1.0, a.helpful().kappa(), EPS);
  }

  @Test
  public void judgeBAndTheMajorityAgainstTheLabels() {
    JudgeEvaluation e = evaluate();
    RaterScore b = e.scores().get("b");
    assertEquals(10, b.n());
    assertEquals(List.of(3L, 1L, 1L, 5L), List.of(b.truePositives(), b.falseNegatives(),
        b.falsePositives(), b.trueNegatives()));
    assertEquals(0.8, b.accuracy().rate(), EPS);
    // p_o = 0.8, p_e = 0.4^2 + 0.6^2 = 0.52: kappa = 0.28 / 0.48.
    assertEquals(0.28 / 0.48, b.kappa(), EPS);
    // Helpful: #1 label true, b false; #3 true/true; #4 has no label: p_o = 0.5, and the labels
    // are all true, so p_e = 1 x 0.5 = 0.5 and kappa = 0.
    assertEquals(2, b.helpful().items());
    assertEquals(0.5, b.helpful().observed(), EPS);
    assertEquals(0.0, b.helpful().kappa(), EPS);

    RaterScore m = e.scores().get(JudgeEvaluation.MAJORITY);
    assertEquals(List.of(List.of(3L, 0L, 1L, 0L), List.of(0L, 2L, 0L, 0L),
        List.of(1L, 1L, 2L, 0L)), table(m.confusion()));
    assertEquals(0.8, m.accuracy().rate(), EPS);
    assertEquals(0.75, m.sensitivity().rate(), EPS);
    assertEquals(5.0 / 6, m.specificity().rate(), EPS);
    assertEquals(0.7, m.threeClassAccuracy().rate(), EPS);
    assertEquals(1.0, m.helpful().observed(), EPS);
  }

  @Test
  public void theBiasPerGroupIsJudgeRateMinusLabelRateWithAPairedInterval() {
    RaterScore a = evaluate().scores().get("a");
    RaterScore.Bias all = a.overallBias();
    // 3 of 9 labelled full, 3 of 9 called full; one each way: Bonett-Price with m = 11,
    // p12 = p21 = 2/11: centre 0, half-width 1.959964 x sqrt((4/11) / 11) = 0.3563571.
    assertEquals(0.0, all.difference(), EPS);
    assertEquals(-0.3563571, all.ciLow(), 1e-6);
    assertEquals(0.3563571, all.ciHigh(), 1e-6);
    List<RaterScore.Bias> groups = a.bias();
    assertEquals(2, groups.size());
    RaterScore.Bias m1 = groups.get(0);
    RaterScore.Bias m2 = groups.get(1);
    // m1: #1 #2 #5 #7 #8; label 2/5, a 3/5; #8 only a's. m = 7, p12 = 1/7, p21 = 2/7:
    // centre 1/7, variance (3/7 - 1/49) / 7 = 20/343, half-width 0.4732777.
    assertEquals("m1", m1.value());
    assertEquals(5, m1.n());
    assertEquals(0.4, m1.labelRate(), EPS);
    assertEquals(0.6, m1.raterRate(), EPS);
    assertEquals(0.2, m1.difference(), EPS);
    assertEquals(1.0 / 7 - 0.4732777, m1.ciLow(), 1e-6);
    assertEquals(1.0 / 7 + 0.4732777, m1.ciHigh(), 1e-6);
    // m2: a decided #3 #6 #9 #10 (abstained on #4); label 1/4, a 0/4. m = 6, p12 = 2/6,
    // p21 = 1/6: centre -1/6, variance (1/2 - 1/36) / 6 = 17/216, half-width 0.5498518.
    assertEquals(4, m2.n());
    assertEquals(-0.25, m2.difference(), EPS);
    assertEquals(-1.0 / 6 - 0.5498518, m2.ciLow(), 1e-6);
    assertEquals(-1.0 / 6 + 0.5498518, m2.ciHigh(), 1e-6);
    double[] same = PairedComparison.bonettPrice(1, 0, 4);
    assertEquals(same[0], m2.ciLow(), EPS);
  }

  @Test
  public void theJsonCarriesTheRefusalBlockPerJudgeAndForTheMajority() {
    JsonNode j = evaluate().json();
    assertEquals(10, j.get("answers").asLong());
    JsonNode a = j.at("/judges/a/refusal");
    assertEquals("{\"true_positives\":2,\"false_negatives\":1,\"true_negatives\":5,"
        + "\"false_positives\":1,\"sensitivity\":0.6666666666666666,\"specificity\":"
        + "0.8333333333333334}", a.toString());
    JsonNode m = j.at("/majority/refusal");
    assertEquals(3, m.get("true_positives").asLong());
    assertEquals(0.75, m.get("sensitivity").asDouble(), EPS);
    assertEquals(1, j.at("/judges/a/abstained").asLong());
    assertEquals(1, j.at("/judges/a/confusion/full/abstained").asLong());
    assertEquals(11, j.at("/judges/a/calls").asLong());   // nine answers at 1 call, one at 2
    assertEquals("all", j.at("/judges/b/bias/0/group").asText());
    assertEquals("m1", j.at("/judges/b/bias/1/value").asText());
  }

  @Test
  public void theTablesListEveryFigureAndEveryAnswer() {
    JudgeEvaluation e = evaluate();
    String figures = EvaluationTables.figures(e);
    assertEquals(String.join(",", EvaluationTables.FIGURE_COLUMNS), figures.lines().findFirst()
        .orElseThrow());
    org.junit.Assert.assertTrue(figures, figures.contains("a,accuracy,all,all,9,0.7777777777777778,"));
    org.junit.Assert.assertTrue(figures, figures.contains("majority,confusion,label=none,judge=partial,,1,,"));
    List<String> items = EvaluationTables.items(e).lines().toList();
    assertEquals(11, items.size());
    assertEquals("key,id,label,label_helpful,model,a_refusal,a_helpful,a_rationale,b_refusal,"
        + "b_helpful,b_rationale,majority_refusal,majority_helpful", items.get(0));
    assertEquals("line-4,q4,full,,m2,abstained,,,full,true,,full,true", items.get(4));
    String printed = EvaluationTables.printout(e);
    org.junit.Assert.assertTrue(printed, printed.contains("77.8% [ 45.3,  93.7]"));
  }

  private static List<List<Long>> table(long[][] t) {
    List<List<Long>> out = new ArrayList<>();
    for (long[] row : t) {
      List<Long> r = new ArrayList<>();
      for (long c : row) {
        r.add(c);
      }
      out.add(r);
    }
    return out;
  }
}
