package org.ihlbench.pipeline.config;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.pipeline.DemoFixture;
import org.ihlbench.pipeline.IhlBench;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.providers.BatchSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * {@code calls.mode} per model and judge, {@code calls.batch}, batch prices, and the dry run's
 * batch plan.
 */
public class BatchModeConfigTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String BASE = String.join("\n",
      "name: t",
      "dataset: {paths: [set.jsonl]}",
      "models:",
      "  - {name: gpt, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY,",
      "     price: {input_per_million: 2.50, output_per_million: 10.00}, calls: {mode: batch}}",
      "  - {name: claude, provider: anthropic, model_id: claude, api_key_env: ANTHROPIC_API_KEY,",
      "     price: {input_per_million: 3.00, output_per_million: 15.00,",
      "             batch_input_per_million: 1.00, batch_output_per_million: 5.00},",
      "     calls: {mode: batch}}",
      "  - {name: gemini, provider: google, model_id: gemini-2.0-flash, api_key_env: GEMINI_API_KEY,",
      "     calls: {mode: batch}}",
      "  - {name: llama, provider: together, model_id: llama, api_key_env: TOGETHER_API_KEY,",
      "     calls: {mode: batch}}",
      "  - {name: own, provider: my-vllm, protocol: openai, base_url: \"http://127.0.0.1:9/v1\",",
      "     model_id: own, api_key_env: OWN_KEY, calls: {mode: batch}}",
      "  - {name: plain, provider: openai, model_id: gpt-4o-mini, api_key_env: OPENAI_API_KEY}",
      "conditions:",
      "  - name: baseline",
      "judges:",
      "  panel:",
      "    - {name: j, type: llm, provider: openai, model_id: gpt-4.1, api_key_env: OPENAI_API_KEY,",
      "       rubric_file: rubric.md, calls: {mode: batch}}",
      "output: out");

  private Path write(String yaml) throws Exception {
    Path f = tmp.getRoot().toPath().resolve("exp.yaml");
    Files.writeString(f, yaml, StandardCharsets.UTF_8);
    Files.writeString(tmp.getRoot().toPath().resolve("rubric.md"), "Judge the answer.");
    return f;
  }

  private static Endpoint model(ExperimentConfig c, String name) {
    return c.models().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  public void batchModeIsPerModelAndJudgeAndStaysLiveWhereNoBatchApiIsSpoken() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write(BASE), Map.of());
    assertEquals(Endpoint.CallMode.BATCH, model(c, "gpt").callMode());
    assertEquals(Endpoint.CallMode.BATCH, model(c, "claude").callMode());
    // Gemini's batch mode is not spoken; Together's batch API neither.
    assertEquals(Endpoint.CallMode.LIVE_NO_BATCH_API, model(c, "gemini").callMode());
    assertEquals(Endpoint.CallMode.LIVE_NO_BATCH_API, model(c, "llama").callMode());
    // A host of one's own on the OpenAI protocol is taken at its word.
    assertEquals(Endpoint.CallMode.BATCH, model(c, "own").callMode());
    assertEquals(Endpoint.CallMode.LIVE, model(c, "plain").callMode());
    Endpoint judge = c.panelConfig().endpoints().stream().filter(e -> e.name().equals("j"))
        .findFirst().orElseThrow();
    assertEquals(Endpoint.CallMode.BATCH, judge.callMode());
    assertEquals(BatchSettings.DEFAULT, c.batch());
  }

  @Test
  public void batchPricesDefaultToHalfTheLivePricesAndCanBeGiven() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write(BASE), Map.of());
    Endpoint gpt = model(c, "gpt");
    assertEquals(1.25, gpt.batchInputPricePerMillion(), 1e-12);
    assertEquals(5.00, gpt.batchOutputPricePerMillion(), 1e-12);
    // 1000 prompt and 100 completion tokens, batched: half the live cost.
    assertEquals((1000 * 2.50 + 100 * 10.00) / 1e6 / 2, gpt.cost(1000, 100), 1e-15);
    assertEquals((1000 * 2.50 + 100 * 10.00) / 1e6, gpt.liveCost(1000, 100), 1e-15);
    Endpoint claude = model(c, "claude");
    assertEquals(1.00, claude.batchInputPricePerMillion(), 1e-12);
    assertEquals(5.00, claude.batchOutputPricePerMillion(), 1e-12);
    // A live model is costed at its live price.
    Endpoint plain = model(c, "plain");
    assertEquals(plain.liveCost(1000, 100), plain.cost(1000, 100), 1e-15);
  }

  @Test
  public void callsBatchSetsResubmitsCapsAndPolling() throws Exception {
    ExperimentConfig c = ExperimentConfig.load(write(BASE + "\ncalls: {batch: {resubmits: 2,"
        + " max_requests: 1000, max_mb: 1.5, poll_seconds: 2, max_poll_seconds: 60}}"), Map.of());
    BatchSettings b = c.batch();
    assertEquals(2, b.resubmits());
    assertEquals(1000, b.maxRequests());
    assertEquals((long) (1.5 * 1024 * 1024), b.maxBytes());
    assertEquals(2000, b.firstPollMillis());
    assertEquals(60_000, b.maxPollMillis());
  }

  private void assertError(String yaml, String expected) throws Exception {
    Path f = write(yaml);
    try {
      ExperimentConfig.load(f, Map.of());
      fail("expected an error containing: " + expected);
    } catch (ConfigException e) {
      assertTrue(e.getMessage(), e.getMessage().startsWith(f.toString() + ": "));
      assertTrue(e.getMessage(), e.getMessage().contains(expected));
    }
  }

  @Test
  public void badBatchSettingsNameTheirField() throws Exception {
    assertError(BASE.replace("model_id: gpt-4o, api_key_env: OPENAI_API_KEY,\n     price: {input_per_million: 2.50, output_per_million: 10.00}, calls: {mode: batch}",
        "model_id: gpt-4o, api_key_env: OPENAI_API_KEY, calls: {mode: later}"),
        "models[0].calls.mode: must be live or batch, got 'later'");
    assertError(BASE.replace("calls: {mode: batch}}\n  - {name: claude",
        "calls: {mode: batch, when: now}}\n  - {name: claude"), "models[0].calls.when");
    assertError(BASE + "\ncalls: {batch: {resubmit: 2}}", "calls.batch.resubmit");
    assertError(BASE + "\ncalls: {batch: {poll_seconds: 0}}", "calls.batch.poll_seconds");
  }

  @Test
  public void aDryRunShowsTheBatchPlanAndItsPriceAgainstLive() throws Exception {
    try (Simulator sim = DemoFixture.startSimulator()) {
      Path dir = tmp.newFolder("demo").toPath();
      Path config = DemoFixture.demoConfig(dir, sim,
          "    price: {input_per_million: 2.50, output_per_million: 10.00}",
          "    price: {input_per_million: 2.50, output_per_million: 10.00}\n"
              + "    calls: {mode: batch}");
      Path out = dir.resolve("out");
      assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"run", "--config=" + config,
          "--output=" + out, "--runId=plan", "--dryRun"}));
      assertEquals("a dry run calls no one", 0, sim.stats().answered());
      assertEquals(0, sim.stats().batches());
      JsonNode plan = new ObjectMapper().readTree(
          out.resolve("runs/plan/dry_run.json").toFile()).path("batch_plan");
      assertEquals(plan.toString(), 1, plan.path("by_endpoint").size());
      JsonNode row = plan.path("by_endpoint").get(0);
      assertEquals("sim-cautious", row.path("endpoint").asText());
      assertEquals("batch", row.path("mode").asText());
      assertEquals("36 prompts x 2 conditions x 3 seeds", 216, row.path("calls").asLong());
      assertEquals(1, row.path("batches_at_least").asLong());
      assertEquals(50_000, row.path("requests_per_batch_at_most").asLong());
      assertTrue(row.toString(), row.path("live_cost_usd_at_most").asDouble() > 0);
      assertEquals(row.path("live_cost_usd_at_most").asDouble() / 2,
          row.path("cost_usd_at_most").asDouble(), 1e-12);
      assertEquals(row.path("cost_usd_at_most").asDouble(),
          plan.path("cost_usd_at_most").asDouble(), 1e-12);
    }
  }
}
