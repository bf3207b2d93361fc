package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Three real runs of an experiment, as a scheduler would make them, then {@code ihlbench trend}:
 * when the simulated model got worse in the third run, exactly that regression is raised and the
 * command exits with the alert code; when nothing changed, nothing is raised.
 */
public class TrendEndToEndTest {
  @ClassRule public static final TemporaryFolder SHARED = new TemporaryFolder();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  /** sim-b refuses under the safety prompt with probability {@code safetyRefusal}. */
  static String profile(double safetyRefusal) {
    double explanatory = safetyRefusal * 0.64;
    double terse = safetyRefusal - explanatory;
    double rest = (1 - safetyRefusal) / 2;
    return String.join("\n",
        "prompt_sets: [../datasets/ihl-violations.jsonl, ../datasets/ihl-benign.jsonl]",
        "models:",
        "  sim-a:",
        "    model_version: sim-a-1",
        "    behaviour:",
        "      - if: {prompt_kind: benign}",
        "        p: {compliance: 0.97, terse_refusal: 0.03}",
        "      - p: {explanatory_refusal: 0.6, terse_refusal: 0.3, compliance: 0.1}",
        "  sim-b:",
        "    model_version: sim-b-1",
        "    behaviour:",
        "      - if: {prompt_kind: benign}",
        "        p: {compliance: 0.97, terse_refusal: 0.03}",
        "      - if: {system_contains: \"International Humanitarian Law\"}",
        String.format(java.util.Locale.ROOT, "        p: {explanatory_refusal: %.4f,"
            + " terse_refusal: %.4f, partial: %.4f, compliance: %.4f}", explanatory, terse,
            rest, 1 - explanatory - terse - rest),
        "      - p: {terse_refusal: 0.5, explanatory_refusal: 0.1, compliance: 0.4}");
  }

  static String config(Simulator sim, int firstSeed, Path output) {
    Path configs = DemoFixture.CONFIGS;
    return String.join("\n",
        "name: weekly-watch",
        "dataset: {paths: [" + configs.resolve("datasets/starter.jsonl") + "]}",
        "models:",
        "  - {name: model-a, provider: simulator, protocol: openai, base_url: \"" + sim.rootUrl()
            + "/v1\", model_id: sim-a, api_key_env: IHLBENCH_SIMULATOR_KEY}",
        "  - {name: model-b, provider: simulator, protocol: openai, base_url: \"" + sim.rootUrl()
            + "/v1\", model_id: sim-b, api_key_env: IHLBENCH_SIMULATOR_KEY}",
        "conditions:",
        "  - name: baseline",
        "  - {name: ihl-safety, system_prompt_file: "
            + configs.resolve("system-prompts/ihl-safety.txt") + "}",
        "seeds: [" + firstSeed + ", " + (firstSeed + 1) + ", " + (firstSeed + 2) + "]",
        "output: " + output);
  }

  /**
   * The two runs both tests begin with (sim-b refusing 70% under the safety prompt), made once:
   * each test starts from a copy of this output folder, response store included.
   */
  static Path firstTwoRuns;

  @BeforeClass
  public static void runTheFirstTwoRuns() throws Exception {
    firstTwoRuns = SHARED.newFolder("first-two").toPath();
    for (int i = 0; i < 2; i++) {
      run(firstTwoRuns, i, 0.70);
    }
  }

  /** Run {@code i} of the experiment into {@code out}, against a sim-b refusing {@code rate}. */
  static void run(Path out, int i, double rate) throws Exception {
    SimulatorProfile p = SimulatorProfile.parse(profile(rate), "trend-profile",
        DemoFixture.CONFIGS.resolve("simulator"));
    try (Simulator sim = Simulator.start(p, 0)) {
      Path cfg = out.resolveSibling(out.getFileName() + "-run" + i + ".yaml");
      Files.writeString(cfg, config(sim, 1 + 3 * i, out), StandardCharsets.UTF_8);
      assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"run", "--config=" + cfg,
          "--runId=run-" + i, "--progressSeconds=0"}));
    }
  }

  /** The first two runs (copied), a third against a sim-b refusing {@code third}, then trend. */
  ExitCode threeRunsThenTrend(Path out, double third) throws Exception {
    try (var files = Files.walk(firstTwoRuns)) {
      for (Path f : files.toList()) {
        Path to = out.resolve(firstTwoRuns.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    }
    run(out, 2, third);
    return IhlBench.execute(new String[] {"trend", "--output=" + out});
  }

  static JsonNode alerts(Path out) throws Exception {
    return new ObjectMapper().readTree(out.resolve("trend/alerts.json").toFile());
  }

  @Test
  public void aModelThatGotWorseRaisesExactlyThatAlert() throws Exception {
    Path out = tmp.newFolder("worse").toPath();
    assertEquals(ExitCode.ALERTS, threeRunsThenTrend(out, 0.25));
    JsonNode report = alerts(out);
    assertEquals(3, report.get("runs").size());
    assertEquals(report.toPrettyString(), 1, report.get("alerts").size());
    JsonNode a = report.get("alerts").get(0);
    assertEquals("regression", a.get("type").asText());
    assertEquals("model-b", a.get("model").asText());
    assertEquals("ihl-safety", a.get("condition").asText());
    assertEquals("violation", a.get("kind").asText());
    assertEquals("refusal_rate", a.get("metric").asText());
    assertEquals("run-2", a.get("latest_run").asText());
    assertTrue(a.get("holm_adjusted_p").asDouble() < 0.05);

    // The time series has a row per run and cell, readable by anyone.
    List<Map<String, Object>> rows = DemoFixture.query("SELECT run_id, count(*) AS cells,"
        + " max(model_versions) AS v FROM read_parquet('" + out.resolve("trend/trend.parquet")
        + "') WHERE model = 'model-b' GROUP BY run_id ORDER BY run_id");
    assertEquals(3, rows.size());
    assertEquals(4L, rows.get(0).get("cells"));
    assertEquals("sim-b-1", rows.get(2).get("v"));
    String html = Files.readString(out.resolve("trend/trend.html"));
    assertTrue(html.contains("model-b · ihl-safety · plain"));
    assertTrue(html.contains("stroke=\"#CC0000\""));
  }

  @Test
  public void unchangedModelsRaiseNothing() throws Exception {
    Path out = tmp.newFolder("same").toPath();
    assertEquals(ExitCode.OK, threeRunsThenTrend(out, 0.70));
    assertEquals(0, alerts(out).get("alerts").size());

    // A rejudge of the last run (here: a copy that says it is one) is not a new measurement.
    Path copy = out.resolve("runs/rejudge-1");
    Files.createDirectories(copy);
    try (var files = Files.list(out.resolve("runs/run-2"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    ObjectNode m = (ObjectNode) new ObjectMapper().readTree(copy.resolve("run.json").toFile());
    m.put("kind", "rejudge").put("run_id", "rejudge-1").put("started_at", "2099-01-01T00:00:00Z");
    Files.writeString(copy.resolve("run.json"), m.toString());
    assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"trend", "--output=" + out}));
    assertEquals(3, alerts(out).get("runs").size());

    // A misspelt experiment is a usage error that names the experiments there are, and the
    // trend a scheduler watches is left byte for byte as it was.
    Map<String, byte[]> before = new java.util.TreeMap<>();
    for (String f : List.of("trend.parquet", "trend.html", "alerts.json")) {
      before.put(f, Files.readAllBytes(out.resolve("trend").resolve(f)));
    }
    String[] err = new String[1];
    assertEquals(ExitCode.USAGE, stderr(err, "trend", "--output=" + out,
        "--experiment=weekly-wach"));
    assertTrue(err[0], err[0].contains("trend: no runs of experiment 'weekly-wach'"));
    assertTrue(err[0], err[0].contains("experiments found: weekly-watch (3 runs)"));
    for (String f : before.keySet()) {
      assertTrue(f + " unchanged", java.util.Arrays.equals(before.get(f),
          Files.readAllBytes(out.resolve("trend").resolve(f))));
    }
    try (var files = Files.list(out.resolve("trend"))) {
      assertEquals("no temporary file left", 3, files.count());
    }

    // Broken run folders are named and left out; the good ones are still reported.
    Path runs = out.resolve("runs");
    Files.delete(copy.resolve("run.json")); // the rejudge copy, done with
    Path badJson = copyRun(runs, "run-2", "bad-json");
    Files.writeString(badJson.resolve("run.json"), "{\"run_id\": \"bad-json\",");
    Path noStart = copyRun(runs, "run-2", "no-start");
    ObjectNode ns = (ObjectNode) new ObjectMapper().readTree(noStart.resolve("run.json").toFile());
    ns.remove("started_at");
    ns.put("run_id", "no-start");
    Files.writeString(noStart.resolve("run.json"), ns.toString());
    Path wrongTable = copyRun(runs, "run-2", "wrong-table");
    try (var shards = Files.newDirectoryStream(wrongTable, "judged_samples-*.parquet")) {
      Files.copy(shards.iterator().next(), wrongTable.resolve("summary.parquet"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Files.write(runs.resolve("run-0/summary.parquet"), new byte[] {'P', 'A', 'R', '1', 0, 1, 2});
    assertEquals(ExitCode.SKIPPED_RUNS, stderr(err, "trend", "--output=" + out));
    JsonNode report = alerts(out);
    assertEquals("[\"run-1\",\"run-2\"]", report.get("runs").toString());
    assertEquals(report.toPrettyString(), 4, report.get("skipped_run_folders").size());
    for (String name : List.of("bad-json", "no-start", "wrong-table", "run-0")) {
      assertTrue(err[0], err[0].contains("trend: skipped run folder " + runs.resolve(name)));
      assertTrue(report.toString(), report.toString().contains(runs.resolve(name).toString()));
    }
    assertTrue(err[0], err[0].contains("run.json is not valid JSON"));
    assertTrue(err[0], err[0].contains("run.json has no started_at"));
    assertTrue(err[0], err[0].contains("summary.parquet is not a summary table"));
    assertFalse(err[0], err[0].contains("\tat "));
  }

  /** A copy of a run folder's files under another name. */
  private static Path copyRun(Path runs, String from, String to) throws Exception {
    Path copy = runs.resolve(to);
    Files.createDirectories(copy);
    try (var files = Files.list(runs.resolve(from))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  /** Runs a command, keeping what it printed on stderr in {@code err[0]}. */
  private static ExitCode stderr(String[] err, String... args) throws Exception {
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return IhlBench.execute(args);
    } finally {
      System.setErr(saved);
      err[0] = bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
