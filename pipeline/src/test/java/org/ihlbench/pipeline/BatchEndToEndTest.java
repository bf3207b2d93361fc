package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The demo experiment in batch mode on the simulator's batch APIs, against the same experiment
 * live: the same judged samples (OpenAI's Batch API for the models and the LLM judges;
 * Anthropic's Message Batches for the models), a second run that calls no one, a run killed
 * with SIGKILL while it polls and run again without submitting anything twice, and a
 * submit-only run followed by a run that completes the experiment; and requests that come back
 * errored or expired, resubmitted once and then call errors.
 */
public class BatchEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  /** 36 starter prompts x 2 models x 2 conditions x 1 seed. */
  private static final int SAMPLES = 144;
  private static final String FAST_BATCHES =
      "\ncalls: {batch: {poll_seconds: 0.1, max_poll_seconds: 0.3}}\n";
  private static final String LIVE_PRICE = "    price: {input_per_million: 2.50, output_per_million: 10.00}";
  private static final String LAX_PRICE = "    price: {input_per_million: 0.50, output_per_million: 1.50}";
  private static final String JUDGE_PRICE = "      price: {input_per_million: 0.15, output_per_million: 0.60}";

  static Simulator sim;
  static Path root;
  static ExitCode liveExit;
  static ExitCode batchExit;
  static ExitCode rerunExit;
  static ExitCode anthropicLiveExit;
  static ExitCode anthropicBatchExit;
  static long batchModelCalls;
  static long batchBatches;
  static long rerunCalls;
  static long rerunBatches;
  static ExitCode liveAfterExit;
  static long liveAfterCalls;
  static long killedBatches;
  static long resumedBatches;
  static long resumedModelCalls;
  static int resumedExit;
  static ExitCode faultyExit;
  static long faultyBatches;
  static long faultyRequests;
  static long faultyAnswered;
  static ExitCode submitExit;
  static String submitOutput;
  static long submitBatches;
  static ExitCode collectExit;
  static long collectBatches;
  static long collectModelCalls;

  @BeforeClass
  public static void runLiveAndBatched() throws Exception {
    SimulatorProfile demo = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"));
    sim = Simulator.start(demo.withBatches(SimulatorProfile.Batches.DEFAULT.withCompletion(300)), 0);
    root = TMP.getRoot().toPath();

    // OpenAI: models and judges live, then all of them batched.
    liveExit = run(config("live", false, false, false), "live", "live");
    long before = DemoFixture.modelCalls(sim);
    batchExit = run(config("batch", true, true, false), "batch", "batch");
    batchModelCalls = DemoFixture.modelCalls(sim) - before;
    batchBatches = sim.stats().batches();
    long answered = sim.stats().answered();
    rerunExit = run(config("batch", true, true, false), "batch", "rerun");
    rerunCalls = sim.stats().answered() - answered;
    rerunBatches = sim.stats().batches() - batchBatches;
    // The same experiment live on the batched run's store: batch and live share store keys.
    liveAfterExit = run(config("live", false, false, false), "batch", "live-after");
    liveAfterCalls = sim.stats().answered() - answered;

    // Anthropic's Message Batches for the models (the judges stay live, on OpenAI's API).
    anthropicLiveExit = run(config("a-live", false, false, true), "a-live", "live");
    anthropicBatchExit = run(config("a-batch", true, false, true), "a-batch", "batch");

    runFaultyBatches();
    killAndResume();
    submitOnlyThenCollect();
  }

  /**
   * The models batched on a simulator whose batches answer 60% of requests: each request comes
   * back errored (20%) or expired (20%) independently on each submission.
   */
  private static void runFaultyBatches() throws Exception {
    sim.close();
    SimulatorProfile demo = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"));
    sim = Simulator.start(demo.withBatches(
        new SimulatorProfile.Batches(300, 0.2, 0.2, 0, 0, 0, 0, 7)), 0);
    faultyExit = run(config("faulty", true, false, false), "faulty", "faulty");
    faultyBatches = sim.stats().batches();
    faultyRequests = sim.stats().batchRequests();
    faultyAnswered = DemoFixture.modelCalls(sim);
  }

  /** The demo (seed 1) with its models (and judges) in batch mode, writing to {@code out}. */
  private static Path config(String name, boolean batchModels, boolean batchJudges,
      boolean anthropic) throws IOException {
    Path dir = Files.createDirectories(root.resolve("config-" + name));
    String modelMode = batchModels ? "\n    calls: {mode: batch}" : "";
    String judgeMode = batchJudges ? "\n      calls: {mode: batch}" : "";
    Path file = DemoFixture.demoConfig(dir, sim, "seeds: [1, 2, 3]", "seeds: [1]",
        LIVE_PRICE, LIVE_PRICE + modelMode, LAX_PRICE, LAX_PRICE + modelMode,
        JUDGE_PRICE, JUDGE_PRICE + judgeMode, "output: ../out", "output: ../out" + FAST_BATCHES);
    if (anthropic) {
      String yaml = Files.readString(file);
      // The models (not the judges, whose bucket line follows their base_url) on Anthropic's API.
      yaml = yaml.replace("    protocol: openai\n    base_url: " + sim.rootUrl() + "/v1",
          "    protocol: anthropic\n    base_url: " + sim.rootUrl());
      Files.writeString(file, yaml);
    }
    return file;
  }

  private static ExitCode run(Path config, String output, String runId) throws Exception {
    return IhlBench.execute(new String[] {"run", "--config=" + config,
        "--output=" + root.resolve(output), "--runId=" + runId, "--progressSeconds=0"});
  }

  /**
   * A batched run in its own JVM is killed with SIGKILL once its batches are submitted and
   * journaled, while it polls; the same command again submits nothing and completes.
   */
  private static void killAndResume() throws Exception {
    sim.close();
    SimulatorProfile demo = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"));
    // Slow batches: the child is killed long before they end.
    sim = Simulator.start(demo.withBatches(SimulatorProfile.Batches.DEFAULT.withCompletion(6000)), 0);
    Path config = config("killed", true, false, false);
    Path out = root.resolve("killed");
    Path log = root.resolve("killed.log");
    Process child = child(config, out, "killed", log);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    Path batches = out.resolve("store/batches");
    while (submittedJournaled(batches) < 2) {
      assertTrue("the child JVM died early: " + Files.readString(log), child.isAlive());
      assertTrue("no batches journaled within 3 minutes", System.nanoTime() < deadline);
      Thread.sleep(20);
    }
    Thread.sleep(300); // polling now
    child.destroyForcibly();
    child.waitFor(1, TimeUnit.MINUTES);
    killedBatches = sim.stats().batches();
    long before = DemoFixture.modelCalls(sim);
    Process resumed = child(config, out, "resumed", root.resolve("resumed.log"));
    assertTrue("the resumed run finished", resumed.waitFor(5, TimeUnit.MINUTES));
    resumedExit = resumed.exitValue();
    resumedBatches = sim.stats().batches() - killedBatches;
    resumedModelCalls = DemoFixture.modelCalls(sim) - before;
  }

  private static long submittedJournaled(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".submitted.json")).count();
    }
  }

  private static Process child(Path config, Path out, String runId, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), IhlBench.class.getName(), "run",
        "--config=" + config, "--output=" + out, "--runId=" + runId, "--progressSeconds=1");
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  /** {@code --submitOnly} submits and exits; the same command without it completes the run. */
  private static void submitOnlyThenCollect() throws Exception {
    Path config = config("submit", true, false, false);
    Path out = root.resolve("submit");
    long before = sim.stats().batches();
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      submitExit = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
          "--runId=submitted", "--progressSeconds=0", "--submitOnly"});
    } finally {
      System.setOut(stdout);
    }
    submitOutput = captured.toString(StandardCharsets.UTF_8);
    System.out.println(submitOutput);
    submitBatches = sim.stats().batches() - before;
    long calls = DemoFixture.modelCalls(sim);
    collectExit = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
        "--runId=collected", "--progressSeconds=0"});
    collectBatches = sim.stats().batches() - before - submitBatches;
    collectModelCalls = DemoFixture.modelCalls(sim) - calls;
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static String judged(String output, String runId) {
    return "SELECT sample_id, model, condition, seed, prompt_id, outcome, refusal, refused,"
        + " helpful_refusal, cites_law, offers_alternative, leaks_code, response_text,"
        + " model_version FROM read_parquet('" + root.resolve(output).resolve("runs/" + runId)
        .resolve("judged_samples-*.parquet") + "')";
  }

  private static void assertSameJudgedSamples(String a, String b) throws Exception {
    assertEquals((long) SAMPLES, DemoFixture.query("SELECT count(*) AS n FROM (" + a + ")")
        .get(0).get("n"));
    assertEquals("no judged sample differs", List.of(), DemoFixture.query(a + " EXCEPT ALL " + b));
    assertEquals("no judged sample is missing", List.of(),
        DemoFixture.query(b + " EXCEPT ALL " + a));
  }

  @Test
  public void openAiBatchesGiveTheSameJudgedSamplesAsLiveCalls() throws Exception {
    assertEquals(ExitCode.OK, liveExit);
    assertEquals(ExitCode.OK, batchExit);
    assertSameJudgedSamples(judged("batch", "batch"), judged("live", "live"));
    assertEquals("each model call was made once, in a batch", SAMPLES, batchModelCalls);
    JsonNode m = DemoFixture.manifest(root.resolve("batch/runs/batch"));
    JsonNode live = DemoFixture.manifest(root.resolve("live/runs/live"));
    // One batch per model and per judge (under OpenAI's cap), and one of repair calls for each
    // judge that repaired an invalid verdict, as it did live.
    long repairing = 0;
    for (int j = 0; j < 3; j++) {
      JsonNode batched = m.at("/judges/" + j);
      JsonNode liveJudge = live.at("/judges/" + j);
      assertEquals(liveJudge.path("judge").asText(), batched.path("judge").asText());
      assertEquals("the same judge calls", liveJudge.path("calls").asLong(),
          batched.path("calls").asLong());
      assertEquals(liveJudge.path("repaired").asLong(), batched.path("repaired").asLong());
      assertEquals(liveJudge.path("cost_usd").asDouble() / 2, batched.path("cost_usd").asDouble(),
          1e-9);
      repairing += batched.path("repaired").asLong() > 0 ? 1 : 0;
    }
    assertEquals(2 + 3 + repairing, batchBatches);
    assertEquals(SAMPLES, m.at("/spend/batched_calls").asLong());
    assertEquals(SAMPLES, m.at("/spend/calls").asLong());
    assertEquals("batch", m.at("/call_modes/sim-cautious").asText());
    assertEquals("batch", m.at("/call_modes/judge-a").asText());
    assertEquals("live", live.at("/call_modes/sim-cautious").asText());
    // The same tokens at half the price.
    assertEquals(live.at("/spend/total_usd").asDouble() / 2, m.at("/spend/total_usd").asDouble(),
        1e-9);
    assertTrue(m.at("/balance/balanced").asBoolean());
  }

  @Test
  public void aSecondBatchedRunCallsNoOneAndSubmitsNothing() throws Exception {
    assertEquals(ExitCode.OK, rerunExit);
    assertEquals(0, rerunCalls);
    assertEquals(0, rerunBatches);
    JsonNode m = DemoFixture.manifest(root.resolve("batch/runs/rerun"));
    assertEquals(SAMPLES, m.at("/counts/from_store").asLong());
    assertSameJudgedSamples(judged("batch", "rerun"), judged("live", "live"));
  }

  @Test
  public void theSameRunLiveAfterTheBatchedRunCallsNoOne() throws Exception {
    assertEquals(ExitCode.OK, liveAfterExit);
    assertEquals("answers and verdicts come from the batched run's store", 0, liveAfterCalls);
    JsonNode m = DemoFixture.manifest(root.resolve("batch/runs/live-after"));
    assertEquals(SAMPLES, m.at("/counts/from_store").asLong());
    assertEquals("live", m.at("/call_modes/sim-cautious").asText());
    assertSameJudgedSamples(judged("batch", "live-after"), judged("live", "live"));
  }

  @Test
  public void anthropicBatchesGiveTheSameJudgedSamplesAsLiveCalls() throws Exception {
    assertEquals(ExitCode.OK, anthropicLiveExit);
    assertEquals(ExitCode.OK, anthropicBatchExit);
    assertSameJudgedSamples(judged("a-batch", "batch"), judged("a-live", "live"));
    JsonNode m = DemoFixture.manifest(root.resolve("a-batch/runs/batch"));
    assertEquals(SAMPLES, m.at("/spend/batched_calls").asLong());
    assertEquals("live", m.at("/call_modes/judge-a").asText());
  }

  @Test
  public void erroredAndExpiredRequestsAreResubmittedOnceThenAreCallErrors() throws Exception {
    assertEquals(ExitCode.OK, faultyExit);
    assertEquals("one batch per model, then one resubmission each", 4, faultyBatches);
    String judged = judged("faulty", "faulty");
    Map<String, Object> n = DemoFixture.query("SELECT count(*) AS rows,"
        + " count(DISTINCT sample_id) AS ids,"
        + " count(*) FILTER (WHERE outcome = 'error') AS errors,"
        + " count(*) FILTER (WHERE outcome = 'error' AND error_class = 'expired') AS expired,"
        + " count(*) FILTER (WHERE outcome = 'error' AND error_class = 'server') AS errored"
        + " FROM read_parquet('" + root.resolve("faulty/runs/faulty")
            .resolve("judged_samples-*.parquet") + "')").get(0);
    assertEquals("no sample lost", (long) SAMPLES, n.get("rows"));
    assertEquals("none duplicated", (long) SAMPLES, n.get("ids"));
    long errors = (Long) n.get("errors");
    assertEquals("every call error is an errored or expired request", errors,
        (Long) n.get("expired") + (Long) n.get("errored"));
    assertTrue("both kinds failed twice: " + n,
        (Long) n.get("expired") > 0 && (Long) n.get("errored") > 0);
    long resubmitted = faultyRequests - SAMPLES;
    // About 40% of 144 failed the first time, and 40% of those again.
    assertTrue("failed requests were resubmitted: " + resubmitted,
        resubmitted > 20 && resubmitted < 100);
    assertTrue("some resubmitted requests failed again: " + errors,
        errors > 0 && errors < resubmitted);
    assertEquals("each answer paid once", SAMPLES - errors, faultyAnswered);
    // The answered samples are judged exactly as live.
    assertEquals(List.of(), DemoFixture.query("SELECT * FROM (" + judged
        + ") WHERE outcome <> 'error' EXCEPT ALL " + judged("live", "live")));
    JsonNode m = DemoFixture.manifest(root.resolve("faulty/runs/faulty"));
    assertTrue(m.at("/balance/balanced").asBoolean());
    assertEquals(errors, m.at("/counts/call_errors").asLong());
    List<String> lines = Files.readAllLines(
        root.resolve("faulty/runs/faulty/errors/call_errors.jsonl"), StandardCharsets.UTF_8);
    assertEquals(errors, lines.size());
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      JsonNode e = json.readTree(line);
      assertEquals(line, 2, e.path("attempts").asInt());
      assertTrue(line, e.path("error_message").asText().contains("submission 2"));
    }
  }

  @Test
  public void aRunKilledWhilePollingIsResumedWithoutSubmittingAgain() throws Exception {
    assertEquals("the killed run submitted one batch per model", 2, killedBatches);
    assertEquals("the resumed run submitted nothing", 0, resumedBatches);
    assertEquals(ExitCode.OK.code(), resumedExit);
    assertEquals("each call answered once, in the killed run's batches", SAMPLES,
        resumedModelCalls);
    assertFalse(Files.exists(root.resolve("killed/runs/killed/run.json")));
    assertSameJudgedSamples(judged("killed", "resumed"), judged("live", "live"));
    JsonNode m = DemoFixture.manifest(root.resolve("killed/runs/resumed"));
    assertEquals(SAMPLES, m.at("/spend/batched_calls").asLong());
    String log = Files.readString(root.resolve("resumed.log"));
    assertTrue(log, log.contains("re-attached to batch"));
    assertTrue("progress lines show each batch's counts and age: " + log,
        log.matches("(?s).*generate batches of sim-(cautious|lax): .* \\d+/72 .*s old.*"));
  }

  @Test
  public void submitOnlyThenTheSameCommandCompletesTheExperiment() throws Exception {
    assertEquals(ExitCode.OK, submitExit);
    assertEquals(2, submitBatches);
    assertTrue(submitOutput, submitOutput.contains("2 batch(es) with 144 calls are waiting"));
    assertFalse(Files.exists(root.resolve("submit/runs/submitted/run.json")));
    assertEquals(ExitCode.OK, collectExit);
    assertEquals("collected, not submitted again", 0, collectBatches);
    assertEquals(SAMPLES, collectModelCalls);
    assertSameJudgedSamples(judged("submit", "collected"), judged("live", "live"));
  }
}
