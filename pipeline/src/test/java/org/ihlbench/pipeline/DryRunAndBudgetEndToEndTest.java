package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.records.ParseStatus;
import org.ihlbench.simulator.Simulator;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The demo with one seed (144 samples: about $0.075 when every call is made, at most $0.375 by
 * the dry run's upper bound) and a budget of $0.03. A dry run first says what the run would call
 * and cost without calling; the run then stops calling when the budget is reached, records the
 * samples it did not call as budget errors and says so in run.json; a second dry run finds
 * exactly those samples left to call.
 */
public class DryRunAndBudgetEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  private static final int SAMPLES = 144;
  private static final double BUDGET = 0.03;
  /** About a third of what the judges' calls on the samples that are called would cost. */
  private static final double JUDGE_BUDGET = 0.005;
  private static final ObjectMapper JSON = new ObjectMapper();

  static Simulator sim;
  static Path out;
  static JsonNode before;
  static JsonNode after;
  static long dryRunCalls;
  static long runCalls;
  static ExitCode runExit;

  @BeforeClass
  public static void dryRunRunAndDryRunAgain() throws Exception {
    sim = DemoFixture.startSimulator();
    Path dir = TMP.getRoot().toPath();
    Path config = DemoFixture.demoConfig(dir, sim, "seeds: [1, 2, 3]", "seeds: [1]",
        "output: ../out", "calls: {budget_usd: " + BUDGET + ", judge_budget_usd: " + JUDGE_BUDGET
        + "}\noutput: ../out");
    out = dir.resolve("out");

    long n0 = sim.stats().requests();
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"run", "--config=" + config,
        "--output=" + out, "--runId=plan-before", "--dryRun"}));
    before = JSON.readTree(out.resolve("runs/plan-before/dry_run.json").toFile());
    long n1 = sim.stats().requests();
    dryRunCalls = n1 - n0;

    runExit = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
        "--runId=capped", "--progressSeconds=0"});
    runCalls = DemoFixture.modelCalls(sim);

    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"run", "--config=" + config,
        "--output=" + out, "--runId=plan-after", "--dryRun"}));
    after = JSON.readTree(out.resolve("runs/plan-after/dry_run.json").toFile());
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  @Test
  public void aDryRunCallsNoOneAndCountsEveryCallWithItsTokensAndCost() {
    assertEquals(0, dryRunCalls);
    assertEquals(SAMPLES, before.at("/total/samples").asLong());
    assertEquals(0, before.at("/total/from_store").asLong());
    assertEquals(SAMPLES, before.at("/total/calls").asLong());
    double total = 0;
    for (JsonNode m : before.path("by_model")) {
      assertEquals(m.toString(), 72, m.path("calls").asLong());
      // Completions at their 400-token budget.
      assertEquals(m.toString(), 72 * 400, m.path("completion_tokens_at_most").asLong());
      assertTrue(m.toString(), m.path("prompt_tokens").asLong() > 72 * 10);
      total += m.path("cost_usd_at_most").asDouble();
    }
    assertEquals(total, before.at("/total/cost_usd_at_most").asDouble(), 1e-12);
    assertTrue("the budget is well short of the estimate: " + total, total > 2 * BUDGET);
    assertTrue(before.at("/budget/covers_the_estimate").isBoolean());
    assertTrue(!before.at("/budget/covers_the_estimate").asBoolean());
    // Both demo models share one limit of 12000 a minute.
    assertEquals(SAMPLES / 12000.0,
        before.at("/minutes_at_rate_limits/simulator:IHLBENCH_SIMULATOR_KEY").asDouble(), 1e-9);
  }

  @Test
  public void aDryRunBoundsTheJudgesCallsAndCost() throws Exception {
    int rubricTokens = Files.readString(DemoFixture.CONFIGS.resolve("rubrics/ihl-refusal.md"),
        StandardCharsets.UTF_8).length() / 4;
    JsonNode judges = before.path("judges");
    assertEquals(3, judges.path("by_judge").size());
    double total = 0;
    for (JsonNode j : judges.path("by_judge")) {
      // One call per sample, each reading the model's answer at its 400-token budget and
      // answering at the judge's 200.
      assertEquals(j.toString(), SAMPLES, j.path("calls").asLong());
      assertEquals(j.toString(), SAMPLES * 200, j.path("completion_tokens_at_most").asLong());
      long prompt = j.path("prompt_tokens").asLong();
      assertTrue(j.toString(), prompt > SAMPLES * (rubricTokens + 400L));
      assertEquals(j.toString(), (prompt * 0.15 + SAMPLES * 200 * 0.60) / 1e6,
          j.path("cost_usd_at_most").asDouble(), 1e-9);
      total += j.path("cost_usd_at_most").asDouble();
    }
    assertEquals(3 * SAMPLES, judges.at("/total/calls_at_most").asLong());
    assertEquals(total, judges.at("/total/cost_usd_at_most").asDouble(), 1e-12);
    assertEquals(JUDGE_BUDGET, before.at("/judge_budget/budget_usd").asDouble(), 0);
    assertTrue(!before.at("/judge_budget/covers_the_estimate").asBoolean());
    // The judges' own bucket of 12000 a minute carries their calls.
    assertEquals(3 * SAMPLES / 12000.0,
        before.at("/minutes_at_rate_limits/simulated-judges").asDouble(), 1e-9);
  }

  @Test
  public void theRunStopsAtTheBudgetAndSaysSo() throws Exception {
    assertEquals(ExitCode.OK, runExit);
    JsonNode m = DemoFixture.manifest(out.resolve("runs/capped"));
    assertTrue(m.at("/balance/balanced").asBoolean());
    assertTrue(m.at("/spend/budget/reached").asBoolean());
    long skipped = m.at("/spend/budget/samples_not_called").asLong();
    assertTrue("some samples were not called: " + skipped, skipped > 0);
    assertEquals("the rest were called", SAMPLES - skipped, runCalls);
    assertEquals(runCalls, m.at("/spend/calls").asLong());
    double spent = m.at("/spend/total_usd").asDouble();
    assertTrue("spent " + spent + " of " + BUDGET, spent > 0 && spent <= BUDGET);

    List<String> errors = Files.readAllLines(
        out.resolve("runs/capped/errors/call_errors.jsonl"), StandardCharsets.UTF_8);
    assertEquals(skipped, errors.size());
    for (String line : errors) {
      JsonNode e = JSON.readTree(line);
      assertEquals("budget", e.path("error_class").asText());
      assertTrue(line, e.path("error_message").asText().startsWith("budget of $0.03 reached"));
    }
    Map<String, Object> cost = DemoFixture.query("SELECT sum(cost_usd) AS c, count(*) AS n FROM"
        + " read_parquet('" + out.resolve("runs/capped/judged_samples-*.parquet") + "')").get(0);
    assertEquals((long) SAMPLES, cost.get("n"));
    assertEquals("run.json's spend is the samples' cost", spent, (Double) cost.get("c"), 1e-9);
  }

  @Test
  public void theJudgesStopAtTheirOwnBudgetAndAbstainSayingWhy() throws Exception {
    JsonNode m = DemoFixture.manifest(out.resolve("runs/capped"));
    double judgeSpend = m.at("/judge_spend_usd").asDouble();
    assertTrue("judges spent " + judgeSpend, judgeSpend > 0 && judgeSpend <= JUDGE_BUDGET);
    long abstained = 0;
    for (JsonNode j : m.path("judges")) {
      abstained += j.path("abstained").asLong();
    }
    long overBudget = DemoFixture.judgedSamples(out.resolve("runs/capped")).stream()
        .flatMap(j -> j.getVerdicts().stream())
        .filter(v -> v.getParseStatus() == ParseStatus.abstained
            && v.getRationale() != null && v.getRationale().contains("budget"))
        .count();
    assertTrue("verdicts not asked for, for the budget: " + overBudget + " of " + abstained
        + " abstentions", overBudget > 0 && overBudget <= abstained);
    assertTrue(m.at("/judge_budget/reached").asBoolean());
    long notMade = 0;
    for (JsonNode j : m.path("judges")) {
      notMade += j.path("budget_skipped").asLong();
    }
    assertEquals(notMade, m.at("/judge_budget/calls_not_made").asLong());
    // A verdict shared by samples with the same question counts its one call once.
    assertTrue("calls not made: " + notMade, notMade > 0 && notMade <= overBudget);
  }

  @Test
  public void aDryRunAfterwardsFindsJustTheSamplesThatWereNotCalled() throws Exception {
    long skipped = DemoFixture.manifest(out.resolve("runs/capped"))
        .at("/spend/budget/samples_not_called").asLong();
    assertEquals(SAMPLES, after.at("/total/samples").asLong());
    assertEquals(skipped, after.at("/total/calls").asLong());
    assertEquals(SAMPLES - skipped, after.at("/total/from_store").asLong());
  }
}
