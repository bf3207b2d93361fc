package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Rate limits end to end, on the simulator: the provider's headers (either style) set the pace of
 * a run that declared none, before any 429; and a provider that answers nothing but 429 for
 * longer than the run's patience ends its samples with {@code rate_limit_patience_exceeded} and
 * the run with exit code 7, its outputs written and its counts balanced.
 */
public class RateLimitEndToEndTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static final String PROFILE = String.join("\n",
      "latency_ms: 20",
      "%s",
      "models:",
      "  sim-x:",
      "    behaviour:",
      "      - p: {explanatory_refusal: 0.5, compliance: 0.5}");

  private record Run(ExitCode exit, String err, Path dir, JsonNode manifest) {}

  private Run run(Simulator sim, String protocol, int prompts, String calls) throws Exception {
    Path dir = tmp.newFolder().toPath();
    StringBuilder rows = new StringBuilder();
    for (int i = 1; i <= prompts; i++) {
      rows.append(String.format("{\"id\":\"rl-%03d\",\"kind\":\"benign\",\"rule_number\":%d,"
          + "\"text\":\"Question %d: what does rule %d of customary IHL require?\"}%n",
          i, i % 161 + 1, i, i % 161 + 1));
    }
    Files.writeString(dir.resolve("prompts.jsonl"), rows, StandardCharsets.UTF_8);
    String baseUrl = protocol.equals("openai") ? sim.openAiBaseUrl() : sim.rootUrl();
    Files.writeString(dir.resolve("experiment.yaml"), String.join("\n",
        "name: rate-limits",
        "dataset: {paths: [prompts.jsonl], coverage: partial}",
        "models:",
        "  - {name: sim-x, provider: simulator, protocol: " + protocol + ", base_url: \""
            + baseUrl + "\",",
        "     model_id: sim-x, api_key_env: IHLBENCH_SIMULATOR_KEY, params: {max_tokens: 200},",
        "     max_attempts: 2}",
        "conditions: [{name: baseline}]",
        "seeds: [1]",
        "judges: {panel: [{name: rules, type: rules}]}",
        "calls: " + calls,
        "output: out", ""), StandardCharsets.UTF_8);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    ExitCode exit;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      exit = IhlBench.execute(new String[] {"run", "--config=" + dir.resolve("experiment.yaml"),
          "--runId=rl", "--progressSeconds=0"});
    } finally {
      System.setErr(stderr);
    }
    Path runDir = dir.resolve("out/runs/rl");
    return new Run(exit, err.toString(StandardCharsets.UTF_8), runDir,
        Files.exists(runDir.resolve("run.json")) ? DemoFixture.manifest(runDir) : null);
  }

  private static JsonNode generateBucket(JsonNode manifest) {
    for (JsonNode b : manifest.path("rate_limits")) {
      if (b.path("stage").asText().equals("generate")) {
        return b;
      }
    }
    throw new AssertionError("no generate bucket in " + manifest.path("rate_limits"));
  }

  @Test
  public void headersOfEitherStyleSetThePaceOfARunThatDeclaredNone() throws Exception {
    for (String protocol : new String[] {"openai", "anthropic"}) {
      SimulatorProfile profile = SimulatorProfile.parse(
          String.format(PROFILE, "rate_limit: {requests_per_minute: 600}"), "rl.yaml", null);
      try (Simulator sim = Simulator.start(profile, 0)) {
        Run r = run(sim, protocol, 30, "{}");
        assertEquals(r.err(), ExitCode.OK, r.exit());
        JsonNode b = generateBucket(r.manifest());
        assertEquals(protocol + ": " + b, "headers", b.path("source").asText());
        assertEquals(b.toString(), 600, b.path("announced_requests_per_minute").asDouble(), 1e-9);
        assertEquals(b.toString(), 600, b.path("requests_per_minute").asDouble(), 1e-9);
        assertEquals(b.toString(), 30, b.path("answered").asLong());
        assertTrue("no 429 before the pace was known: " + b, b.path("rate_limited").asLong() <= 1);
        assertEquals(sim.stats().withStatus(429), b.path("rate_limited").asLong());
        assertEquals(30, sim.stats().answered());
      }
    }
  }

  @Test
  public void pastItsPatienceTheRunEndsItsSamplesWithTheNamedClassAndExitCode7() throws Exception {
    SimulatorProfile profile = SimulatorProfile.parse(String.format(PROFILE, ""), "rl.yaml", null);
    try (Simulator sim = Simulator.start(profile, 0)) {
      sim.answer429For(600_000);
      Run r = run(sim, "openai", 12, "{rate_limit_patience: 2s}");
      assertEquals(r.err(), ExitCode.RATE_LIMITED, r.exit());
      assertTrue(r.err(), r.err().contains("12 generate calls gave up on rate-limit bucket"
          + " 'simulator:IHLBENCH_SIMULATOR_KEY'"));
      assertTrue(r.err(), r.err().contains("rate_limit_patience_exceeded"));
      assertTrue(r.manifest().at("/balance/balanced").asBoolean());
      assertEquals(12, generateBucket(r.manifest()).path("gave_up").asLong());
      Map<String, Object> n = DemoFixture.query("SELECT count(*) AS rows, count(*) FILTER (WHERE"
          + " error_class = 'rate_limit_patience_exceeded') AS gave_up FROM read_parquet('"
          + r.dir().resolve("judged_samples-*.parquet") + "')").get(0);
      assertEquals(12L, n.get("rows"));
      assertEquals(12L, n.get("gave_up"));
      assertEquals(0, sim.stats().answered());
    }
  }
}
