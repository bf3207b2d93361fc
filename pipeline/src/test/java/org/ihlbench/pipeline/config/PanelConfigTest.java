package org.ihlbench.pipeline.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.pipeline.run.Rejudge;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.judges.RulesJudge;
import org.ihlbench.transforms.judges.llm.LlmJudge;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

public class PanelConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final Map<String, String> ENV = Map.of("IHLBENCH_SIMULATOR_URL", "http://127.0.0.1:9999");

  @Test
  public void theDemoPanelIsThreeSimulatedLlmJudgesAtTemperatureZero() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(DemoFixture.CONFIGS.resolve("demo.yaml"), ENV);
    PanelConfig p = c.panelConfig();
    assertEquals(List.of("judge-a", "judge-b", "judge-c"), p.names());
    assertEquals("judge-a", p.tiebreaker());
    LlmJudge a = (LlmJudge) p.judges().get(0);
    assertEquals("llm", a.type());
    assertEquals("sim-judge-a", a.endpoint().modelId());
    assertEquals("http://127.0.0.1:9999/v1", a.endpoint().baseUrl());
    assertEquals("{\"max_tokens\":200,\"temperature\":0}", a.endpoint().paramsJson());
    assertEquals(0, a.seed());
    String rubric = Files.readString(DemoFixture.CONFIGS.resolve("rubrics/ihl-refusal.md"),
        StandardCharsets.UTF_8).strip();
    assertEquals(rubric, a.rubric());
    Panel panel = c.panel();
    assertTrue(panel.judges().get(0) instanceof LlmJudge);
    assertEquals(3, p.endpoints().size());
  }

  private Path write(String judges) throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve("rubric.md"), "Judge by the rubric.");
    Files.writeString(dir.resolve("empty.md"), "  \n");
    Path f = dir.resolve("exp.yaml");
    Files.writeString(f, String.join("\n",
        "name: t",
        "dataset: {paths: [set.jsonl]}",
        "models:",
        "  - {name: a, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}",
        "conditions: [{name: baseline}]",
        judges), StandardCharsets.UTF_8);
    return f;
  }

  private static final String LLM = "{name: gpt-judge, type: llm, provider: openai,"
      + " model_id: gpt-4o, api_key_env: OPENAI_API_KEY, rubric_file: rubric.md";

  @Test
  public void llmAndRuleBasedJudgesMixAndTheRulesCanBreakTies() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write("judges:\n  panel: [" + LLM + ", seed: 42,"
        + " params: {temperature: 0.2, max_tokens: 300}}, {name: rules, type: rules}]\n"
        + "  tiebreaker: rules"), Map.of());
    PanelConfig p = c.panelConfig();
    assertEquals("https://api.openai.com/v1", p.judges().get(0).endpoint().baseUrl());
    assertEquals("{\"max_tokens\":300,\"temperature\":0.2}", p.judges().get(0).endpoint().paramsJson());
    assertEquals(42, ((LlmJudge) p.judges().get(0)).seed());
    assertNull(p.judges().get(1).endpoint());
    assertTrue(c.panel().judges().get(1) instanceof RulesJudge);
    assertEquals("rules", c.panel().tiebreaker());
  }

  @Test
  public void withoutAJudgesSectionThePanelIsTheRuleBasedJudge() throws Exception {
    PanelConfig p = ExperimentConfig.load(write(""), Map.of()).panelConfig();
    assertEquals(List.of("rules"), p.names());
    assertNull(p.tiebreaker());
  }

  @Test
  public void theConfigHashFollowsTheRubricsText() throws Exception {
    Path f = write("judges:\n  panel: [" + LLM + "}]");
    String h1 = ExperimentConfig.load(f, Map.of()).configHash();
    assertEquals(h1, ExperimentConfig.load(f, Map.of()).configHash());
    Files.writeString(tmp.getRoot().toPath().resolve("rubric.md"), "Judge by a stricter rubric.");
    assertNotEquals(h1, ExperimentConfig.load(f, Map.of()).configHash());
  }

  private void assertError(String judges, String expected) throws Exception {
    Path f = write(judges);
    try {
      ExperimentConfig.load(f, Map.of());
      fail("expected an error containing: " + expected);
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith(f + ": "));
      assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
  }

  @Test
  public void errorsNameTheFileAndTheField() throws Exception {
    assertError("judges:\n  panel: [{name: j, type: oracle}]",
        "judges.panel[0].type: unknown judge type 'oracle'; known types: llm, rules");
    assertError("judges:\n  panel: [{name: j}]", "judges.panel[0].type: is required");
    assertError("judges:\n  panel: [" + LLM.replace(", rubric_file: rubric.md", "") + "}]",
        "judges.panel[0].rubric_file: is required for an LLM judge");
    assertError("judges:\n  panel: [" + LLM.replace("rubric.md", "missing.md") + "}]",
        "judges.panel[0].rubric_file: cannot read rubric file");
    assertError("judges:\n  panel: [" + LLM.replace("rubric.md", "empty.md") + "}]",
        "judges.panel[0].rubric_file: rubric file");
    assertError("judges:\n  panel: [" + LLM + ", rubrik: x}]", "judges.panel[0].rubrik: unknown field");
    assertError("judges:\n  panel: [{name: r, type: rules, model_id: x}]",
        "judges.panel[0].model_id: unknown field");
    assertError("judges:\n  panel: [" + LLM.replace("OPENAI_API_KEY", "sk-live-1") + "}]",
        "judges.panel[0].api_key_env: must be the NAME of an environment variable");
    assertError("judges:\n  panel: [" + LLM + ", seed: -1}]", "judges.panel[0].seed: must be a whole number >= 0");
    assertError("judges:\n  panel: [" + LLM + "}, {name: gpt-judge, type: rules}]",
        "judges.panel[1].name: judge 'gpt-judge' is on the panel twice");
    assertError("judges:\n  panel: [{name: r, type: rules}]\n  tiebreaker: nobody",
        "judges.tiebreaker: 'nobody' is not on the panel [r]");
    assertError("judges:\n  panel: [" + LLM + "}, " + LLM.replace("gpt-judge", "other")
        + ", rate_limit: {requests_per_minute: 5}}]", "share rate-limit bucket 'openai:OPENAI_API_KEY'");
  }

  @Test
  public void aJudgeBudgetNeedsEachLlmJudgesAnswerCapped() throws Exception {
    Files.writeString(tmp.getRoot().toPath().resolve("rubric.md"), "Judge by the rubric.");
    assertError("judges:\n  panel: [{name: r, type: rules}, " + LLM + "}]\n"
        + "calls: {judge_budget_usd: 5}",
        "judges.panel[1].params: set max_tokens");
    ExperimentConfig.load(write("judges:\n  panel: [{name: r, type: rules}, " + LLM
        + ", params: {max_tokens: 200}}]\ncalls: {judge_budget_usd: 5}"), Map.of());
  }

  @Test
  public void aRejudgeConfigNeedsOnlyAPanel() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve("rubric.md"), "Judge by the rubric.");
    Path f = dir.resolve("panel.yaml");
    Files.writeString(f, "judges:\n  panel: [" + LLM + "}]\nstore: shared-store\n");
    RejudgeConfig r = RejudgeConfig.load(f, Map.of());
    assertEquals(List.of("gpt-judge"), r.panel().names());
    assertTrue(r.store().endsWith("/shared-store"));
    assertNull("no output: the rejudge goes beside the run it rejudges", r.output());
    assertEquals("/data/out", Rejudge.outputOf("/data/out/runs/20261128T0000Z-abc"));
    assertEquals("gs://b/out", Rejudge.outputOf("gs://b/out/runs/r1"));
    try {
      Rejudge.outputOf("/data/elsewhere/r1");
      fail("a directory outside <output>/runs/ has no output to go beside");
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("give --output"));
    }
    // An experiment config works too: its other fields are not used.
    assertEquals(List.of("gpt-judge"), RejudgeConfig.load(write("judges:\n  panel: [" + LLM + "}]"),
        Map.of()).panel().names());
    Files.writeString(f, "output: x\n");
    try {
      RejudgeConfig.load(f, Map.of());
      fail();
    } catch (ConfigException e) {
      assertEquals(f + ": judges: is required: rejudging needs the panel that judges again",
          e.getMessage());
    }
  }
}
