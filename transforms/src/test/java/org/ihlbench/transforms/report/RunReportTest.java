package org.ihlbench.transforms.report;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.ihlbench.records.BreakdownRow;
import org.ihlbench.records.ExampleResponse;
import org.ihlbench.records.JudgeAgreementRow;
import org.ihlbench.records.PairedDelta;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.SummaryRow;
import org.junit.Test;

/** The report's HTML from literal tables: sections, charts, escaping, no network. */
public class RunReportTest {
  private static final String EVIL = "<script>alert('x')</script>";

  private static SummaryRow summary(String model, String condition, PromptKind kind, double rate) {
    return SummaryRow.newBuilder().setRunId("run-1").setModel(model).setCondition(condition)
        .setVariant("plain").setKind(kind).setN(40).setClusters(20)
        .setRefusals(Math.round(rate * 40)).setRefusalRate(rate).setRefusalCiLow(rate - 0.1)
        .setRefusalCiHigh(Math.min(1, rate + 0.1)).setHelpfulRefusals(10).setHelpfulRate(0.5)
        .setHelpfulCiLow(0.3).setHelpfulCiHigh(0.7).setCiMethod("cluster-wilson").setErrors(0)
        .setUndecided(0).setProviderRefusals(0).setPartialRefusals(0).setLeaksCode(0)
        .setRefusalIcc(0.25).build();
  }

  private static PairedDelta delta(String model, String metric, double p) {
    return PairedDelta.newBuilder().setRunId("run-1").setModel(model).setKind(PromptKind.violation)
        .setComparison("condition").setConditionFrom("baseline").setConditionTo("ihl-safety")
        .setVariantFrom("plain").setVariantTo("plain").setMetric(metric).setPairs(40)
        .setClusters(20).setBoth(20).setFromOnly(2).setToOnly(10).setNeither(8).setRateFrom(0.55)
        .setRateTo(0.75).setDelta(0.2).setCiLow(0.05).setCiHigh(0.35)
        .setCiMethod("cluster-bonett-price").setBootLow(0.06).setBootHigh(0.34)
        .setBootReplicates(1000).setTest("sign-flip").setPValue(p).setPHolm(Math.min(1, 2 * p))
        .setFamilySize(2).setSignificant(2 * p < 0.05).build();
  }

  static RunTables tables() {
    List<TableRow> summary = new ArrayList<>();
    List<TableRow> deltas = new ArrayList<>();
    List<TableRow> chapters = new ArrayList<>();
    for (String m : List.of("model-a", EVIL)) {
      summary.add(new TableRow(summary(m, "baseline", PromptKind.violation, 0.55)));
      summary.add(new TableRow(summary(m, "ihl-safety", PromptKind.violation, 0.75)));
      summary.add(new TableRow(summary(m, "baseline", PromptKind.benign, 0.05)));
      summary.add(new TableRow(summary(m, "ihl-safety", PromptKind.benign, 0.10)));
      deltas.add(new TableRow(delta(m, "refusal", 0.004)));
      deltas.add(new TableRow(delta(m, "explained_refusal", 0.2)));
      for (String c : List.of("baseline", "ihl-safety")) {
        chapters.add(new TableRow(BreakdownRow.newBuilder().setRunId("run-1").setModel(m)
            .setCondition(c).setVariant("plain").setKind(PromptKind.violation).setLevel("chapter")
            .setPart("Part I").setChapter("Chapter 2. Something").setN(10).setClusters(5)
            .setRefusals(6).setRefusalRate(0.6).setRefusalCiLow(0.3).setRefusalCiHigh(0.85)
            .setHelpfulRefusals(3).setHelpfulRate(0.5).setHelpfulCiLow(0.2).setHelpfulCiHigh(0.8)
            .setCiMethod("cluster-wilson").build()));
      }
    }
    List<TableRow> examples = List.of(new TableRow(ExampleResponse.newBuilder().setRunId("run-1")
        .setModel("model-a").setCondition("baseline").setVariant("plain")
        .setKind(PromptKind.violation).setVerdict("terse_refusal").setSampleId("s1")
        .setPromptId("ihl-r001-a").setRuleNumber(1).setSeed(3)
        .setResponseText("I won't. " + EVIL + " <img src=\"https://example.org/x.png\">")
        .setTruncated(true).build()));
    ObjectNode manifest = new ObjectMapper().createObjectNode();
    manifest.put("run_id", "run-1");
    manifest.put("experiment", "demo & <test>");
    manifest.putArray("conditions").addObject().put("name", "baseline");
    return new RunTables("/tmp/run-1", manifest, summary, deltas, List.of(), chapters, List.of(),
        examples, List.of());
  }

  @Test
  public void everySectionIsThereWithItsCharts() {
    String html = RunReport.render(tables());
    for (String id : List.of("headline", "rates", "changes", "variants", "chapters",
        "over-refusal", "judges", "power", "examples", "methods", "run")) {
      assertTrue(id, html.contains("<section id=\"" + id + "\">"));
    }
    // Two rate charts, two dumbbells, the heatmap and the over-refusal chart.
    assertEquals(6, html.split("<svg ", -1).length - 1);
    assertTrue(html.contains("+20.0 pts [+5.0, +35.0]"));
    assertTrue("Holm p below 0.05 is bold", html.contains("<b>0.008</b>"));
    assertTrue(html.contains("demo &amp; &lt;test&gt;"));
  }

  @Test
  public void everythingFromTheRunIsEscapedAndNothingIsFetched() {
    String html = RunReport.render(tables());
    assertFalse("a model name cannot inject a script", html.contains(EVIL));
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assertFalse(html.contains("<img"));
    assertTrue(html.contains("&lt;img src=&quot;https://example.org/x.png&quot;&gt;"));
    assertTrue(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    assertFalse(html.contains("src=\"http"));
    assertFalse(html.contains("href=\"http"));
    // Only our own two inline scripts.
    assertEquals(2, html.split("<script>", -1).length - 1);
  }

  @Test
  public void pValuesReadAsPEqualsOrPBelow() {
    assertEquals("p=0.064", Html.pText("p", 0.0636));
    assertEquals("p<0.001", Html.pText("p", 2e-9));
    assertEquals("p=\u2013", Html.pText("p", Double.NaN));
    assertEquals("&lt;0.001", Html.p(2e-9));
  }

  @Test
  public void withoutAJudgeAgreementTableTheSectionSaysSo() {
    assertTrue(RunReport.render(tables()).contains("No <code>judge_agreement.parquet</code>"));
  }

  @Test
  public void aJudgeAgreementTableIsShownWhateverItsColumns() {
    org.apache.avro.Schema schema = org.apache.avro.SchemaBuilder.record("JudgeAgreement")
        .fields().requiredString("run_id").requiredString("statistic").requiredString("field")
        .requiredDouble("value").requiredLong("items").endRecord();
    org.apache.avro.generic.GenericData.Record r = new org.apache.avro.generic.GenericData.Record(schema);
    r.put("run_id", "run-1");
    r.put("statistic", "fleiss_kappa");
    r.put("field", "refused");
    r.put("value", 0.8123456);
    r.put("items", 432L);
    RunTables t = tables();
    RunTables withJudges = new RunTables(t.runDir(), t.manifest(), t.summary(), t.pairedDeltas(),
        t.byPart(), t.byChapter(), t.byRule(), t.examples(), List.of(new TableRow(r)));
    String section = RunReport.judgeAgreement(withJudges);
    assertTrue(section, section.contains("<th>statistic</th><th>field</th><th>value</th>"));
    assertFalse("run_id is left out", section.contains("<th>run_id</th>"));
    assertTrue(section, section.contains("<td>fleiss_kappa</td>"));
    assertTrue(section, section.contains("<td class=\"num\">0.812</td>"));
    assertTrue(section, section.contains("<td class=\"num\">432</td>"));
  }
  private static TableRow agreement(String model, String field, String statistic, String a,
      String b, long n, double value) {
    return new TableRow(JudgeAgreementRow.newBuilder().setRunId("run-1")
        .setScope(model == null ? "run" : "model").setModel(model).setField(field)
        .setStatistic(statistic).setJudgeA(a).setJudgeB(b).setNItems(n).setValue(value).build());
  }

  @Test
  public void thePanelsAgreementTableIsLaidOutPerScopeAndFieldInPanelOrder() {
    List<TableRow> rows = new ArrayList<>();
    // The panel writes model scopes and fields in no particular order; the report sorts them.
    for (String model : new String[] {"model-a", null}) {
      for (String field : List.of("helpful_refusal", "refused")) {
        double k = model == null && field.equals("refused") ? 0.8234 : 0.5;
        rows.add(agreement(model, field, "fleiss_kappa", null, null, 432, k));
        rows.add(agreement(model, field, "krippendorff_alpha", null, null, 432, k + 0.01));
        rows.add(agreement(model, field, "cohen_kappa", "judge-b", "judge-c", 430, 0.759));
        rows.add(agreement(model, field, "cohen_kappa", "judge-a", "judge-b", 431, 0.888));
        rows.add(agreement(model, field, "cohen_kappa", "judge-a", "judge-c", 431, Double.NaN));
        for (String j : List.of("judge-c", "judge-a", "judge-b")) {
          rows.add(agreement(model, field, "agreement_with_majority", j, null, 432, 0.988));
        }
      }
    }
    RunTables t = tables();
    ObjectNode manifest = ((ObjectNode) t.manifest()).deepCopy();
    for (String j : List.of("judge-a", "judge-b", "judge-c")) {
      manifest.withArray("judge_panel").addObject().put("name", j).put("type", "llm");
      manifest.withArray("judges").addObject().put("judge", j).put("model_version", EVIL)
          .put("verdicts", 432).put("repaired", 7).put("abstained", 0).put("calls", 220)
          .put("store_hits", 0).put("cost_usd", 0.03698);
    }
    RunTables withPanel = new RunTables(t.runDir(), manifest, t.summary(), t.pairedDeltas(),
        t.byPart(), t.byChapter(), t.byRule(), t.examples(), rows);
    String section = RunReport.judgeAgreement(withPanel);
    assertTrue(section, section.contains("<th colspan=\"3\" class=\"group\">each judge with the"
        + " majority</th><th colspan=\"3\" class=\"group\">Cohen \u03ba, pairs of judges</th></tr>"
        + "<tr><th class=\"num\">judge-a</th><th class=\"num\">judge-b</th>"
        + "<th class=\"num\">judge-c</th><th class=\"num\">judge-a / judge-b</th>"
        + "<th class=\"num\">judge-a / judge-c</th><th class=\"num\">judge-b / judge-c</th>"));
    // One row per scope and field: the whole run first, refused before helpful_refusal.
    String agreementTable = section.substring(0, section.indexOf("<h3>"));
    assertEquals(4, agreementTable.split("<tr><td class=\"nw\">", -1).length - 1);
    int run = section.indexOf("<tr><td class=\"nw\">whole run</td><td>refused</td><td class=\"num\">432</td>"
        + "<td class=\"num\" title=\"432 items\">0.823</td>"
        + "<td class=\"num\" title=\"432 items\">0.833</td>");
    int runHelpful = section.indexOf(">whole run</td><td>helpful_refusal</td>");
    int model = section.indexOf(">model-a</td><td>refused</td>");
    assertTrue(section, run >= 0 && run < runHelpful && runHelpful < model);
    assertTrue(section.contains("title=\"432 items\">98.8%</td>"));
    assertTrue("pairs in panel order", section.contains("title=\"431 items\">0.888</td>"
        + "<td class=\"num\" title=\"431 items\">\u2013</td>"
        + "<td class=\"num\" title=\"430 items\">0.759</td>"));
    // What each judge did, from run.json, escaped.
    assertTrue(section.contains("<h3>What each judge did</h3>"));
    assertTrue(section.contains("<td class=\"num\">220</td><td class=\"num\">0</td>"
        + "<td class=\"num\">$0.0370</td>"));
    assertFalse(section.contains(EVIL));
    assertTrue(RunReport.render(withPanel).contains("judge_agreement, judge_activity (Parquet"));
  }

  @Test
  public void aPanelOfOneJudgeHasNothingToAgreeWith() {
    RunTables t = tables();
    ObjectNode manifest = ((ObjectNode) t.manifest()).deepCopy();
    manifest.withArray("judge_panel").addObject().put("name", "rules").put("type", "rules");
    RunTables one = new RunTables(t.runDir(), manifest, t.summary(), t.pairedDeltas(), t.byPart(),
        t.byChapter(), t.byRule(), t.examples(),
        List.of(agreement(null, "refused", "fleiss_kappa", null, null, 40, Double.NaN)));
    String section = RunReport.judgeAgreement(one);
    assertTrue(section, section.contains("A panel of one judge (rules) has nothing to agree with"));
    assertFalse(section.contains("<table"));
  }
}
