package org.ihlbench.transforms.judges.calibration;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.io.Csv;
import org.ihlbench.transforms.judges.MajorityVote;
import org.junit.Test;

public class CalibrationTest {
  private static JudgeVerdict v(String id, String judge, RefusalLevel level, Boolean helpful) {
    return JudgeVerdict.newBuilder().setSampleId(id).setJudge(judge).setRefusal(level)
        .setHelpfulRefusal(helpful).setCitesLaw(false).setOffersAlternative(false)
        .setLeaksCode(level == RefusalLevel.partial)
        .setParseStatus(level == null ? ParseStatus.abstained : ParseStatus.ok).build();
  }

  private static JudgedSample judged(String id, String model, String text, JudgeVerdict... vs) {
    Transcript t = TestRecords.transcript(id, text == null ? ResponseOutcome.error
        : ResponseOutcome.answered, text);
    t.getSample().getModel().setName(model);
    t.getSample().setUserMessage("Request " + id);
    return JudgedSample.newBuilder().setRunId("r").setSample(t.getSample()).setResponse(t.getResponse())
        .setVerdicts(List.of(vs)).setMajority(MajorityVote.decide(t.getResponse(), List.of(vs), null))
        .setPanel(List.of("a", "b")).build();
  }

  /** 30 refusals and 5 compliances from model m1, 10 refusals from m2, and one call error. */
  private static List<JudgedSample> run() {
    List<JudgedSample> out = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      out.add(judged("m1-r" + i, "m1", "I can't help with that.",
          v("m1-r" + i, "a", RefusalLevel.full, false), v("m1-r" + i, "b", RefusalLevel.full, false)));
    }
    for (int i = 0; i < 5; i++) {
      out.add(judged("m1-c" + i, "m1", "=cmd|' /C calc'!A0 Sure, here it is.",
          v("m1-c" + i, "a", RefusalLevel.none, null), v("m1-c" + i, "b", RefusalLevel.none, null)));
    }
    for (int i = 0; i < 10; i++) {
      out.add(judged("m2-r" + i, "m2", "I won't.",
          v("m2-r" + i, "a", RefusalLevel.full, true), v("m2-r" + i, "b", RefusalLevel.full, true)));
    }
    out.add(judged("m1-err", "m1", null));
    return out;
  }

  @Test
  public void theExportTakesUpToNPerStratumBlindAndTheSameWhateverTheOrder() throws Exception {
    CalibrationSample s = new CalibrationSample(4, 7);
    run().forEach(s::offer);
    assertEquals(45, s.seen());
    assertEquals(Map.of("m1 x baseline x unhelpful_refusal", 4, "m1 x baseline x none", 4,
        "m2 x baseline x helpful_refusal", 4), s.counts());
    List<Csv.Row> rows = Csv.parse(s.csv());
    assertEquals(CalibrationSample.COLUMNS, rows.get(0).cells());
    assertEquals(13, rows.size());
    Set<String> ids = new HashSet<>();
    for (Csv.Row r : rows.subList(1, rows.size())) {
      ids.add(r.cells().get(0));
      assertEquals("Request " + r.cells().get(0), r.cells().get(4));
      for (int c = 6; c < r.cells().size(); c++) {
        assertEquals("label columns start empty", "", r.cells().get(c));
      }
      if (r.cells().get(0).startsWith("m1-c")) {
        assertTrue("formula-like answers are made inert", r.cells().get(5).startsWith("'="));
      }
    }
    assertFalse(ids.contains("m1-err"));
    // Another order of the same samples chooses the same ones, in the same order.
    List<JudgedSample> reversed = new ArrayList<>(run());
    java.util.Collections.reverse(reversed);
    CalibrationSample again = new CalibrationSample(4, 7);
    reversed.forEach(again::offer);
    assertEquals(s.csv(), again.csv());
    // Another seed chooses others.
    CalibrationSample other = new CalibrationSample(4, 8);
    run().forEach(other::offer);
    assertFalse(s.csv().equals(other.csv()));
  }

  private static String header() {
    return Csv.row(CalibrationSample.COLUMNS);
  }

  private static String labelRow(String id, String refusal, String helpful, String leaks) {
    return Csv.row(List.of(id, "1", "t", "violation", "req", "resp", refusal, helpful, leaks, "ann", ""));
  }

  @Test
  public void labelsAreReadAndBadOnesNameTheirRowAndColumn() throws Exception {
    HumanLabels l = HumanLabels.parse("labels.csv", header()
        + labelRow("m1-r0", "full", "false", "") + labelRow("m1-c0", "", "", "")
        + labelRow("m2-r0", " Full ", "YES", "no"));
    assertEquals(2, l.labels().size());
    assertEquals(1, l.unlabelled());
    assertEquals(RefusalLevel.full, l.labels().get("m2-r0").refusal());
    assertEquals(Boolean.TRUE, l.labels().get("m2-r0").helpfulRefusal());
    assertEquals(Boolean.FALSE, l.labels().get("m2-r0").leaksCode());
    assertNull(l.labels().get("m1-r0").leaksCode());
    assertEquals(4, l.labels().get("m2-r0").row());

    assertEquals("labels.csv: row 3, column label_refusal: 'refused' is not one of full, partial, none",
        problem(header() + labelRow("a", "full", "", "") + labelRow("b", "refused", "", "")));
    assertEquals("labels.csv: row 2, column label_helpful_refusal: 'maybe' is not true or false",
        problem(header() + labelRow("a", "full", "maybe", "")));
    assertEquals("labels.csv: row 2, column label_helpful_refusal: must be empty when label_refusal is none",
        problem(header() + labelRow("a", "none", "true", "")));
    assertEquals("labels.csv: row 3, column sample_id: 'a' is labelled twice (also row 2)",
        problem(header() + labelRow("a", "full", "", "") + labelRow("a", "none", "", "")));
    assertEquals("labels.csv: row 1: no column label_refusal in the header",
        problem("sample_id,notes\r\nx,y\r\n"));
    assertEquals("labels.csv: row 2, column sample_id: is empty",
        problem(header() + labelRow("", "full", "", "")));
  }

  private static String problem(String text) {
    return assertThrows(HumanLabels.LabelException.class, () -> HumanLabels.parse("labels.csv", text))
        .getMessage();
  }

  /**
   * Judge a is right on all four, judge b wrong on one refused call, the majority (a tie between
   * a and b on that item, no tiebreaker) undecided there. People: full, full, none, none.
   */
  @Test
  public void accuracyAndKappaAgainstPeopleAreComputedPerRater() throws Exception {
    CalibrationReport r = new CalibrationReport(List.of("a", "b"));
    List<JudgedSample> items = List.of(
        judged("x1", "m", "t", v("x1", "a", RefusalLevel.full, true), v("x1", "b", RefusalLevel.full, true)),
        judged("x2", "m", "t", v("x2", "a", RefusalLevel.full, false), v("x2", "b", RefusalLevel.none, null)),
        judged("x3", "m", "t", v("x3", "a", RefusalLevel.none, null), v("x3", "b", RefusalLevel.none, null)),
        judged("x4", "m", "t", v("x4", "a", RefusalLevel.none, null), v("x4", "b", null, null)));
    HumanLabels labels = HumanLabels.parse("l.csv", header()
        + labelRow("x1", "full", "true", "") + labelRow("x2", "full", "false", "")
        + labelRow("x3", "none", "", "") + labelRow("x4", "none", "", ""));
    for (JudgedSample j : items) {
      r.add(labels.labels().get(j.getSample().getSampleId()), j);
    }
    Map<String, CalibrationReport.Figure> by = new HashMap<>();
    r.figures().forEach(f -> by.put(f.rater() + "/" + f.field(), f));
    assertEquals(4, r.matched());
    assertFigure(by.get("a/refused"), 4, 1.0, 1.0);
    // b: (full,full) (full,none) (none,none) on three items: p_o = 2/3; people 2/3 yes, b 1/3
    // yes: p_e = 2/3*1/3 + 1/3*2/3 = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4.
    assertFigure(by.get("b/refused"), 3, 2.0 / 3, 0.4);
    // The majority: x2 is a 1-1 tie, undecided; the three decided items are right.
    assertFigure(by.get("majority/refused"), 3, 1.0, 1.0);
    assertFigure(by.get("a/helpful_refusal"), 2, 1.0, 1.0);
    assertFigure(by.get("b/helpful_refusal"), 1, 1.0, Double.NaN);
    assertFigure(by.get("a/refusal"), 4, 1.0, 1.0);
  }

  private static void assertFigure(CalibrationReport.Figure f, long n, double accuracy, double kappa) {
    assertEquals(f.toString(), n, f.n());
    assertEquals(f.toString(), accuracy, f.accuracy(), 1e-12);
    if (Double.isNaN(kappa)) {
      assertTrue(f.toString(), Double.isNaN(f.kappa()));
    } else {
      assertEquals(f.toString(), kappa, f.kappa(), 1e-12);
    }
  }
}
