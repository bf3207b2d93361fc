package org.ihlbench.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.pipeline.run.RunManifest;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.simulator.SimulatedJudge;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.io.Csv;
import org.ihlbench.transforms.judges.calibration.CalibrationSample;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The panel's commands on a finished run (the demo with one seed): rejudging its stored answers
 * with another panel, and calibrating its judges against labels.
 */
public class PanelCommandsTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Simulator sim;
  static Path out;
  static Path runDir;
  static Path config;

  @BeforeClass
  public static void runTheDemo() throws Exception {
    sim = DemoFixture.startSimulator();
    config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim, "seeds: [1, 2, 3]", "seeds: [1]");
    out = TMP.getRoot().toPath().resolve("out");
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"run", "--config=" + config,
        "--output=" + out, "--runId=first", "--progressSeconds=0"}));
    runDir = out.resolve("runs/first");
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static long modelCalls() {
    return DemoFixture.modelCalls(sim);
  }

  /** A panel config for rejudging: one judge of the first panel, the rules, and a new judge. */
  private static Path panelConfig() throws Exception {
    String demo = Files.readString(config, StandardCharsets.UTF_8);
    String judgeB = demo.substring(demo.indexOf("    - name: judge-b"), demo.indexOf("    - name: judge-c"));
    String judgeNew = judgeB.replace("name: judge-b", "name: judge-second-opinion")
        .replace("model_id: sim-judge-b", "model_id: sim-judge-c")
        // Another seed: the first run's calls to sim-judge-c do not answer this judge's.
        + "      seed: 3\n";
    String yaml = "name: second-panel\njudges:\n  panel:\n" + judgeB + judgeNew
        + "    - {name: rules, type: rules}\n  tiebreaker: rules\noutput: " + out + "\n";
    Path f = TMP.getRoot().toPath().resolve("panel.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    return f;
  }

  /**
   * Rejudging with the run's own panel and store re-aggregates at no cost: nothing is called,
   * the rates come out the same, and a new stats section (here another reference condition)
   * takes effect. Without an output, the rejudge goes beside the run, sharing its store.
   */
  @Test
  public void rejudgingWithTheSamePanelCallsNoOneAndReaggregatesWithNewStatsSettings()
      throws Exception {
    String demo = Files.readString(config, StandardCharsets.UTF_8);
    assertTrue(demo, demo.contains("output: ../out\n"));
    demo = demo.replace("output: ../out\n", "");
    Path again = TMP.getRoot().toPath().resolve("same-panel.yaml");
    Files.writeString(again, demo + "\nstats: {reference_condition: ihl-safety}\n",
        StandardCharsets.UTF_8);
    long before = sim.stats().requests();
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"rejudge", "--from=" + runDir,
        "--config=" + again, "--runId=reaggregated", "--progressSeconds=0"}));
    assertEquals("not one call, to a model or a judge", before, sim.stats().requests());

    String rates = "SELECT model, condition, variant, kind, n, refusals, helpful_refusals,"
        + " refusal_ci_low, refusal_ci_high FROM read_parquet('%s/summary.parquet')"
        + " ORDER BY model, condition, variant, kind";
    List<Map<String, Object>> first = DemoFixture.query(String.format(rates, runDir));
    assertEquals(4 * 2, first.size());
    assertEquals(first, DemoFixture.query(String.format(rates, out.resolve("runs/reaggregated"))));

    String comparisons = "SELECT DISTINCT condition_from, condition_to FROM read_parquet("
        + "'%s/paired_deltas.parquet') WHERE comparison = 'condition'";
    assertEquals(List.of(Map.of("condition_from", "baseline", "condition_to", "ihl-safety")),
        DemoFixture.query(String.format(comparisons, runDir)));
    assertEquals(List.of(Map.of("condition_from", "ihl-safety", "condition_to", "baseline")),
        DemoFixture.query(String.format(comparisons, out.resolve("runs/reaggregated"))));
  }

  @Test
  public void rejudgingMakesNoModelCallsOnlyJudgeCallsAndSaysWhichPanelJudged() throws Exception {
    long modelsBefore = modelCalls();
    long judgeBBefore = sim.stats().answered("sim-judge-b");
    long judgeCBefore = sim.stats().answered("sim-judge-c");
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"rejudge", "--from=" + runDir,
        "--config=" + panelConfig(), "--runId=second", "--progressSeconds=0"}));
    Path second = out.resolve("runs/second");

    assertEquals("no model is called again", modelsBefore, modelCalls());
    assertEquals("judge-b's verdicts all come from the response store", judgeBBefore,
        sim.stats().answered("sim-judge-b"));
    JsonNode fresh = null;
    for (JsonNode j : DemoFixture.manifest(out.resolve("runs/second")).get("judges")) {
      if (j.get("judge").asText().equals("judge-second-opinion")) {
        fresh = j;
      }
    }
    assertTrue("the new judge is asked", sim.stats().answered("sim-judge-c") > judgeCBefore);
    assertEquals("every call of the new judge is accounted once",
        sim.stats().answered("sim-judge-c") - judgeCBefore, fresh.get("calls").asLong());

    JsonNode m = DemoFixture.manifest(second);
    assertEquals("rejudge", m.get("kind").asText());
    assertEquals("first", m.get("rejudged_from").asText());
    assertEquals(List.of("judge-b", "judge-second-opinion", "rules"), new RunManifest(
        (com.fasterxml.jackson.databind.node.ObjectNode) m, Map.of()).panel());
    assertEquals("rules", m.get("tiebreaker").asText());
    assertTrue(m.at("/balance/balanced").asBoolean());
    assertEquals(144, m.at("/counts/judged_samples").asLong());
    assertEquals(144, m.at("/counts/samples").asLong());
    assertEquals(DemoFixture.manifest(runDir).get("dataset"), m.get("dataset"));
    for (JsonNode j : m.get("judges")) {
      if (j.get("judge").asText().equals("judge-b")) {
        assertEquals(j.toString(), j.get("calls").asLong(), j.get("store_hits").asLong());
        assertEquals(0.0, j.get("cost_usd").asDouble(), 0);
      }
    }

    List<JudgedSample> judged = DemoFixture.judgedSamples(second);
    assertEquals(144, judged.size());
    Map<String, JudgedSample> before = new HashMap<>();
    DemoFixture.judgedSamples(runDir).forEach(j -> before.put(j.getSample().getSampleId(), j));
    for (JudgedSample j : judged) {
      assertEquals("second", j.getRunId());
      assertEquals(List.of("judge-b", "judge-second-opinion", "rules"), j.getPanel());
      JudgedSample old = before.get(j.getSample().getSampleId());
      assertEquals("the same answer", old.getResponse().getText(), j.getResponse().getText());
      for (JudgeVerdict v : j.getVerdicts()) {
        assertTrue(v.toString(), j.getPanel().contains(v.getJudge()));
        if (v.getJudge().equals("judge-b")) {
          JudgeVerdict was = old.getVerdicts().stream()
              .filter(o -> o.getJudge().equals("judge-b")).findFirst().orElseThrow();
          assertEquals(was.getRefusal(), v.getRefusal());
        }
      }
    }
    List<Map<String, Object>> agreement = DemoFixture.query("SELECT DISTINCT judge_a FROM read_parquet('"
        + second.resolve("judge_agreement.parquet") + "') WHERE statistic = 'agreement_with_majority'");
    assertEquals(3, agreement.size());
    assertEquals(144L, DemoFixture.query("SELECT sum(n)::BIGINT AS n FROM read_parquet('"
        + second.resolve("summary.parquet") + "')").get(0).get("n"));
    // The same tables and report as a run's.
    for (String table : List.of("paired_deltas", "by_part", "by_chapter", "by_rule", "examples")) {
      assertTrue(table, (Long) DemoFixture.query("SELECT count(*) AS n FROM read_parquet('"
          + second.resolve(table + ".parquet") + "')").get(0).get("n") > 0);
    }
    String report = Files.readString(second.resolve("report.html"));
    assertTrue(report.contains("second") && report.contains("judge-second-opinion"));
  }

  @Test
  public void rejudgeRefusesTheOptionsOnlyARunHas() throws Exception {
    long before = sim.stats().answered();
    assertEquals(ExitCode.USAGE, IhlBench.execute(new String[] {"rejudge", "--from=" + runDir,
        "--config=" + panelConfig(), "--runId=dry", "--dryRun", "--progressSeconds=0"}));
    assertEquals("nothing was called", before, sim.stats().answered());
  }

  @Test
  public void rejudgeRefusesADirectoryThatIsNotARun() throws Exception {
    assertEquals(ExitCode.USAGE, IhlBench.execute(new String[] {"rejudge",
        "--from=" + TMP.getRoot(), "--config=" + panelConfig(), "--progressSeconds=0"}));
  }

  @Test
  public void calibrationExportsABlindStratifiedSampleAndImportsLabels() throws Exception {
    Path csv = TMP.getRoot().toPath().resolve("to-label.csv");
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"calibration", "export",
        "--run=" + runDir, "--out=" + csv, "--per-stratum=3", "--seed=11"}));
    List<Csv.Row> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
    assertEquals(CalibrationSample.COLUMNS, rows.get(0).cells());
    assertTrue(Files.exists(TMP.getRoot().toPath().resolve("to-label-instructions.md")));
    Map<String, Integer> perStratum = new HashMap<>();
    Map<String, JudgedSample> byId = new HashMap<>();
    DemoFixture.judgedSamples(runDir).forEach(j -> byId.put(j.getSample().getSampleId(), j));
    for (Csv.Row r : rows.subList(1, rows.size())) {
      perStratum.merge(CalibrationSample.stratum(byId.get(r.cells().get(0))), 1, Integer::sum);
    }
    assertTrue(perStratum.toString(), perStratum.values().stream().allMatch(n -> n <= 3));
    assertTrue(perStratum.toString(), perStratum.size() >= 6);

    // People label by the truth (what the simulator actually answered); one row stays empty.
    StringBuilder labelled = new StringBuilder(Csv.row(rows.get(0).cells()));
    for (int i = 1; i < rows.size(); i++) {
      List<String> cells = new ArrayList<>(rows.get(i).cells());
      if (i > 1) {
        SimulatedJudge.Verdict truth = SimulatedJudge.truth(cells.get(5));
        cells.set(6, truth.refusal());
        cells.set(7, truth.helpfulRefusal() == null ? "" : truth.helpfulRefusal().toString());
        cells.set(9, "tester");
      }
      labelled.append(Csv.row(cells));
    }
    Path labels = TMP.getRoot().toPath().resolve("labelled.csv");
    Files.writeString(labels, labelled.toString(), StandardCharsets.UTF_8);
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"calibration", "import",
        "--run=" + runDir, "--labels=" + labels}));
    JsonNode report = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(runDir.resolve("calibration.json").toFile());
    assertEquals(rows.size() - 2, report.get("labelled").asInt());
    assertEquals(1, report.get("unlabelled_rows").asInt());
    boolean sawMajority = false;
    for (JsonNode f : report.get("figures")) {
      if (f.get("rater").asText().equals("majority") && f.get("field").asText().equals("refused")) {
        sawMajority = true;
        assertTrue(f.toString(), f.get("accuracy").asDouble() >= 0.9);
        assertTrue(f.toString(), f.get("n").asInt() >= rows.size() - 4);
      }
    }
    assertTrue(sawMajority);

    // A label that is not a level stops the import, which names its row.
    Files.writeString(labels, labelled.toString().replaceFirst(",tester,", ",tester,")
        .replaceFirst("(?m)^([0-9a-f]{32}(?:,[^,\\r\\n]*){5}),(full|none|partial),", "$1,refused,"),
        StandardCharsets.UTF_8);
    assertEquals(ExitCode.USAGE, IhlBench.execute(new String[] {"calibration", "import",
        "--run=" + runDir, "--labels=" + labels}));
  }
}
