package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.records.JudgeVerdict;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.simulator.AnswerClass;
import org.ihlbench.simulator.ModelProfile;
import org.ihlbench.simulator.SimRequest;
import org.ihlbench.simulator.SimulatedJudge;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.judges.llm.JudgeMessages;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The demo experiment run end to end against the simulator and read back with DuckDB: the
 * summary has its columns and honest intervals, the judged samples recompute it exactly, every
 * sample is accounted for, the judge agrees with what the simulator actually answered, and the
 * measured rates agree with the simulator's profile. Subclasses choose the runner.
 */
public abstract class EndToEndChecks {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static Simulator sim;
  static Path runDir;
  static ExitCode exitCode;
  static String runner;

  /** Runs the demo with {@code runnerArgs}; subclasses call it from their @BeforeClass. */
  static void runTheDemo(String runId, String... runnerArgs) throws Exception {
    sim = DemoFixture.startSimulator();
    Path config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim);
    Path out = TMP.getRoot().toPath().resolve("out");
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config=" + config,
        "--output=" + out, "--runId=" + runId, "--progressSeconds=0"));
    args.addAll(List.of(runnerArgs));
    exitCode = IhlBench.execute(args.toArray(String[]::new));
    runDir = out.resolve("runs/" + runId);
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static String table(String name) {
    return "read_parquet('" + runDir.resolve(name) + "')";
  }

  @Test
  public void theRunSucceedsAndEverySampleIsAccountedFor() throws Exception {
    assertEquals(ExitCode.OK, exitCode);
    JsonNode m = DemoFixture.manifest(runDir);
    // 36 starter prompts x 2 models x 2 conditions x 1 variant x 3 seeds
    assertEquals(36, m.at("/counts/prompts").asLong());
    assertEquals(432, m.at("/counts/samples").asLong());
    assertEquals(432, m.at("/counts/judged_samples").asLong());
    assertEquals(432, m.at("/counts/answered").asLong());
    assertTrue(m.at("/balance/balanced").asBoolean());
    assertEquals(64, m.at("/dataset/hash").asText().length());
    assertEquals(64, m.at("/config_hash").asText().length());
    assertEquals(runner, m.at("/runner").asText());
    assertEquals("model calls", 432,
        sim.stats().answered("sim-cautious") + sim.stats().answered("sim-lax"));
    // Every judge call the simulator answered is accounted in run.json, once.
    for (JsonNode j : m.get("judges")) {
      String simModel = "sim-" + j.get("judge").asText();
      assertEquals(j.toString(), sim.stats().answered(simModel), j.get("calls").asLong());
      assertEquals(j.toString(), 432, j.get("verdicts").asLong());
    }
    assertEquals(3, m.get("judges").size());
    assertEquals(432L, DemoFixture.query("SELECT count(DISTINCT sample_id) AS n FROM "
        + table("judged_samples-*.parquet")).get(0).get("n"));
  }

  @Test
  public void theSummaryHasItsColumnsAndEveryRateLiesInItsInterval() throws Exception {
    List<Map<String, Object>> rows = DemoFixture.query("SELECT model, condition, n, refusal_rate,"
        + " refusal_ci_low, refusal_ci_high, helpful_rate, helpful_ci_low, helpful_ci_high"
        + " FROM " + table("summary.parquet"));
    assertEquals(8, rows.size());
    for (Map<String, Object> r : rows) {
      double rate = (Double) r.get("refusal_rate");
      assertTrue(r.toString(), (Double) r.get("refusal_ci_low") <= rate
          && rate <= (Double) r.get("refusal_ci_high"));
      double helpful = (Double) r.get("helpful_rate");
      if (!Double.isNaN(helpful)) {
        assertTrue(r.toString(), (Double) r.get("helpful_ci_low") <= helpful
            && helpful <= (Double) r.get("helpful_ci_high"));
      }
    }
  }

  @Test
  public void theJudgedSamplesRecomputeTheSummaryExactly() throws Exception {
    List<Map<String, Object>> diffs = DemoFixture.query(
        "WITH j AS (SELECT model, condition, variant, kind,"
            + "   count(*) FILTER (WHERE refused IS NOT NULL) AS n,"
            + "   count(*) FILTER (WHERE refused) AS refusals,"
            + "   count(*) FILTER (WHERE refused AND helpful_refusal) AS helpful"
            + " FROM " + table("judged_samples-*.parquet") + " GROUP BY ALL)"
            + " SELECT s.model, s.condition, s.kind, s.n, j.n AS jn, s.refusal_rate,"
            + "   j.refusals::DOUBLE / j.n AS jr, s.helpful_refusals, j.helpful"
            + " FROM " + table("summary.parquet") + " s JOIN j USING (model, condition, variant, kind)");
    assertEquals(8, diffs.size());
    for (Map<String, Object> d : diffs) {
      assertEquals(d.toString(), d.get("n"), d.get("jn"));
      assertEquals(d.toString(), (Double) d.get("refusal_rate"), (Double) d.get("jr"), 1e-12);
      assertEquals(d.toString(), d.get("helpful_refusals"), d.get("helpful"));
    }
  }

  /** What the simulator actually answered to a judged sample, recomputed from its request. */
  private static AnswerClass truth(Map<String, Object> row, Map<String, String> texts,
      String safetyPrompt) {
    String system = row.get("condition").equals("ihl-safety") ? safetyPrompt : null;
    SimRequest req = new SimRequest((String) row.get("model_id"), system,
        List.of(new SimRequest.Message("user", texts.get((String) row.get("prompt_id")))),
        (Integer) row.get("seed"), 400, "k");
    ModelProfile model = sim.profile().models().get((String) row.get("model_id"));
    return sim.answer(req, model).answerClass();
  }

  /**
   * The simulated judges err on purpose (configs/simulator/demo.yaml), so the check is twofold:
   * every verdict is exactly what the simulated judge says about the message the pipeline built
   * (so the judge read the right response, and its verdict arrived unaltered), and the majority
   * of three judges erring independently matches what the simulator actually answered nearly
   * always (expected miss rate under 1%).
   */
  @Test
  public void theJudgesVerdictsAndTheMajorityMatchWhatTheSimulatorAnswered() throws Exception {
    Map<String, String> texts = DemoFixture.starterTexts();
    String safety = Files.readString(DemoFixture.CONFIGS.resolve("system-prompts/ihl-safety.txt"),
        StandardCharsets.UTF_8).strip();
    List<Map<String, Object>> rows = DemoFixture.query("SELECT sample_id, model_id, condition,"
        + " prompt_id, seed, refused, helpful_refusal, refusal FROM "
        + table("judged_samples-*.parquet"));
    assertEquals(432, rows.size());
    Map<String, JudgedSample> bySample = new java.util.HashMap<>();
    DemoFixture.judgedSamples(runDir).forEach(j -> bySample.put(j.getSample().getSampleId(), j));
    int misses = 0;
    int verdictsChecked = 0;
    for (Map<String, Object> r : rows) {
      AnswerClass t = truth(r, texts, safety);
      JudgedSample j = bySample.get((String) r.get("sample_id"));
      String question = JudgeMessages.forItem(j.getSample().getUserMessage(),
          j.getResponse().getText());
      assertEquals(List.of("judge-a", "judge-b", "judge-c"), j.getPanel());
      for (JudgeVerdict v : j.getVerdicts()) {
        if (v.getParseStatus() == ParseStatus.abstained) {
          continue;
        }
        ModelProfile judge = sim.profile().models().get("sim-" + v.getJudge());
        SimulatedJudge.Verdict expected =
            SimulatedJudge.verdict(judge.name(), question, judge.judge());
        assertEquals(v.toString(), expected.refusal(), v.getRefusal().name());
        assertEquals(v.toString(), expected.helpfulRefusal(), v.getHelpfulRefusal());
        assertEquals(v.toString(), expected.leaksCode(), v.getLeaksCode());
        assertEquals(v.toString(), judge.modelVersion(), v.getJudgeModelVersion());
        verdictsChecked++;
      }
      if (!Boolean.valueOf(t.isRefusal()).equals(r.get("refused"))) {
        misses++;
      }
    }
    assertTrue(verdictsChecked >= 3 * 432 - 5);
    assertTrue("the majority missed the truth " + misses + " times in 432", misses <= 10);
  }

  @Test
  public void measuredRatesAgreeWithTheSimulatorsProfileWithinTheReportedIntervals()
      throws Exception {
    Map<String, String> texts = DemoFixture.starterTexts();
    String safety = Files.readString(DemoFixture.CONFIGS.resolve("system-prompts/ihl-safety.txt"),
        StandardCharsets.UTF_8).strip();
    // The profile's refusal probability for each sample, averaged per summary cell.
    List<Map<String, Object>> rows = DemoFixture.query("SELECT model, model_id, condition, kind,"
        + " prompt_id, seed FROM " + table("judged_samples-*.parquet"));
    Map<String, double[]> expected = new java.util.HashMap<>();
    for (Map<String, Object> r : rows) {
      String system = r.get("condition").equals("ihl-safety") ? safety : null;
      SimRequest req = new SimRequest((String) r.get("model_id"), system,
          List.of(new SimRequest.Message("user", texts.get((String) r.get("prompt_id")))),
          (Integer) r.get("seed"), 400, "k");
      double p = sim.profile().models().get((String) r.get("model_id"))
          .ruleFor(req, sim.profile().kindByPromptText()).refusalProbability();
      double[] acc = expected.computeIfAbsent(
          r.get("model") + "/" + r.get("condition") + "/" + r.get("kind"), k -> new double[2]);
      acc[0] += p;
      acc[1]++;
    }
    List<Map<String, Object>> summary = DemoFixture.query("SELECT model, condition, kind,"
        + " refusal_ci_low, refusal_ci_high FROM " + table("summary.parquet"));
    int misses = 0;
    StringBuilder report = new StringBuilder();
    for (Map<String, Object> s : summary) {
      double[] acc = expected.get(s.get("model") + "/" + s.get("condition") + "/" + s.get("kind"));
      double truth = acc[0] / acc[1];
      boolean inside = (Double) s.get("refusal_ci_low") <= truth
          && truth <= (Double) s.get("refusal_ci_high");
      report.append(s).append(" truth=").append(truth).append(inside ? "" : "  MISS").append('\n');
      misses += inside ? 0 : 1;
    }
    // Each 95% interval misses its truth 5% of the time; over 8 cells, two or more misses happen
    // with probability 0.06, three or more with 0.006. A broken judge or interval misses many.
    assertTrue(report.toString(), misses <= 1);
  }

  @Test
  public void theJudgeAgreementTableIsReadableAndMatchesTheVerdicts() throws Exception {
    List<Map<String, Object>> rows = DemoFixture.query("SELECT scope, model, field, statistic,"
        + " judge_a, judge_b, n_items, value FROM " + table("judge_agreement.parquet"));
    // Per (scope, field): Fleiss, Krippendorff, 3 pairs, 3 judges against the majority; scopes:
    // the run and two models; fields: refused and helpful_refusal.
    assertEquals(3 * 2 * 8, rows.size());
    List<JudgedSample> judged = DemoFixture.judgedSamples(runDir);
    for (Map<String, Object> r : rows) {
      double v = (Double) r.get("value");
      assertTrue(r.toString(), v >= -1 && v <= 1);
      if (r.get("statistic").equals("agreement_with_majority") && r.get("field").equals("refused")) {
        // Recount from the judged samples' verdicts.
        long agree = 0;
        long n = 0;
        for (JudgedSample j : judged) {
          if (r.get("model") != null && !j.getSample().getModel().getName().equals(r.get("model"))) {
            continue;
          }
          for (JudgeVerdict jv : j.getVerdicts()) {
            if (jv.getJudge().equals(r.get("judge_a")) && jv.getRefusal() != null
                && j.getMajority().getRefused() != null) {
              n++;
              agree += (jv.getRefusal().name().equals("full")) == j.getMajority().getRefused() ? 1 : 0;
            }
          }
        }
        assertEquals(r.toString(), n, r.get("n_items"));
        assertEquals(r.toString(), (double) agree / n, v, 1e-12);
      }
    }
    JsonNode m = DemoFixture.manifest(runDir);
    double kappa = m.at("/judge_agreement/refused/fleiss_kappa").asDouble();
    assertTrue(m.at("/judge_agreement").toString(), kappa > 0.5 && kappa < 1.0);
    assertTrue(m.at("/judge_agreement/by_model/sim-lax/refused/krippendorff_alpha").isNumber());
    assertEquals("llm", m.at("/judge_panel/0/type").asText());
    assertEquals("sim-judge-a", m.at("/judge_panel/0/model_id").asText());
    assertEquals(64, m.at("/judge_panel/0/rubric_sha256").asText().length());
    assertEquals("judge-a", m.at("/tiebreaker").asText());
    assertTrue(m.at("/judge_spend_usd").asDouble() > 0);
  }

  @Test
  public void noKeyReachesAnyOutputFile() throws Exception {
    String key = System.getenv("IHLBENCH_SIMULATOR_KEY");
    assertFalse(key == null || key.isBlank());
    try (Stream<Path> files = Files.walk(runDir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        assertFalse(f + " contains the API key", content.contains(key));
      }
    }
  }

  @Test
  public void pairedDeltasRecomputeFromTheJudgedSamples() throws Exception {
    // Match baseline and ihl-safety samples on model, variant, kind, prompt and seed, as the
    // Aggregate stage should, and count the 2x2 table of refusals independently.
    List<Map<String, Object>> rows = DemoFixture.query(
        "WITH j AS (SELECT * FROM " + table("judged_samples-*.parquet") + " WHERE refused IS NOT NULL),"
            + " p AS (SELECT a.model, a.kind, a.refused AS f, b.refused AS t FROM j a JOIN j b"
            + "   USING (model, variant, kind, prompt_id, seed)"
            + "   WHERE a.condition = 'baseline' AND b.condition = 'ihl-safety'),"
            + " c AS (SELECT model, kind::VARCHAR AS kind, count(*) AS pairs,"
            + "   count(*) FILTER (WHERE f AND t) AS b11, count(*) FILTER (WHERE f AND NOT t) AS b10,"
            + "   count(*) FILTER (WHERE NOT f AND t) AS b01 FROM p GROUP BY ALL)"
            + " SELECT c.*, d.pairs AS dpairs, d.both AS d11, d.from_only AS d10, d.to_only AS d01,"
            + "   d.delta, d.ci_low, d.ci_high, d.p_value, d.p_holm, d.family_size, d.test"
            + " FROM c JOIN " + table("paired_deltas.parquet") + " d"
            + "   ON d.model = c.model AND d.kind::VARCHAR = c.kind"
            + " WHERE d.metric = 'refusal' AND d.comparison = 'condition'");
    assertEquals(4, rows.size());
    for (Map<String, Object> r : rows) {
      assertEquals(r.toString(), r.get("pairs"), r.get("dpairs"));
      assertEquals(r.toString(), r.get("b11"), r.get("d11"));
      assertEquals(r.toString(), r.get("b10"), r.get("d10"));
      assertEquals(r.toString(), r.get("b01"), r.get("d01"));
      double delta = ((Long) r.get("b01") - (Long) r.get("b10")) / (double) (Long) r.get("pairs");
      assertEquals(r.toString(), delta, (Double) r.get("delta"), 1e-12);
      assertTrue(r.toString(), (Double) r.get("ci_low") <= delta + 0.05
          && delta - 0.05 <= (Double) r.get("ci_high"));
      // Three seeds per prompt: clustered, so the sign-flip test; Holm over the two models.
      assertEquals("sign-flip", r.get("test"));
      assertEquals(2, r.get("family_size"));
      assertTrue(r.toString(), (Double) r.get("p_holm") >= (Double) r.get("p_value"));
    }
  }

  @Test
  public void breakdownsByPartChapterAndRuleAddUpToTheSummary() throws Exception {
    for (String t : List.of("by_part", "by_chapter", "by_rule")) {
      List<Map<String, Object>> rows = DemoFixture.query(
          "WITH b AS (SELECT model, condition, variant, kind, sum(n) AS n, sum(clusters) AS c,"
              + "   sum(refusals) AS r FROM " + table(t + ".parquet") + " GROUP BY ALL)"
              + " SELECT s.n, b.n AS bn, s.clusters, b.c AS bc, s.refusals, b.r AS br FROM "
              + table("summary.parquet") + " s JOIN b USING (model, condition, variant, kind)");
      assertEquals(t, 8, rows.size());
      for (Map<String, Object> r : rows) {
        assertEquals(t + " " + r, ((Number) r.get("n")).longValue(), ((Number) r.get("bn")).longValue());
        assertEquals(t + " " + r, ((Number) r.get("clusters")).longValue(),
            ((Number) r.get("bc")).longValue());
        assertEquals(t + " " + r, ((Number) r.get("refusals")).longValue(),
            ((Number) r.get("br")).longValue());
      }
    }
  }

  @Test
  public void theReportAndItsExamplesAreWritten() throws Exception {
    String html = Files.readString(runDir.resolve("report.html"), StandardCharsets.UTF_8);
    for (String section : List.of("id=\"headline\"", "id=\"rates\"", "id=\"changes\"",
        "id=\"chapters\"", "id=\"over-refusal\"", "id=\"judges\"", "id=\"power\"",
        "id=\"examples\"", "id=\"run\"")) {
      assertTrue(section, html.contains(section));
    }
    assertFalse("nothing is fetched from the network", html.contains("src=\"http")
        || html.contains("href=\"http"));
    List<Map<String, Object>> ex = DemoFixture.query("SELECT count(*) AS n,"
        + " max(length(response_text)) AS longest, count(DISTINCT model || condition || kind) AS cells"
        + " FROM " + table("examples.parquet"));
    assertEquals(8L, ex.get(0).get("cells"));
    assertTrue(ex.toString(), ((Number) ex.get(0).get("longest")).intValue() <= 600);
    // The judge section lays out the panel's own agreement table: the run-wide Fleiss kappa on
    // refused is the one judge_agreement.parquet holds, and each judge's activity is there.
    Map<String, Object> fleiss = DemoFixture.query("SELECT n_items, value FROM "
        + table("judge_agreement.parquet") + " WHERE scope = 'run' AND field = 'refused'"
        + " AND statistic = 'fleiss_kappa'").get(0);
    String judges = html.substring(html.indexOf("id=\"judges\""),
        html.indexOf("</section>", html.indexOf("id=\"judges\"")));
    assertTrue(judges, judges.contains(">whole run</td><td>refused</td><td class=\"num\">"
        + fleiss.get("n_items") + "</td><td class=\"num\" title=\"" + fleiss.get("n_items")
        + " items\">" + String.format(java.util.Locale.ROOT, "%.3f", fleiss.get("value"))
        + "</td>"));
    assertTrue(judges, judges.contains("each judge with the majority"));
    assertTrue(judges, judges.contains("<td>judge-c</td><td>sim-judge-c-"));
  }
}
