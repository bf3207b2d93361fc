package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.ihlbench.transforms.io.ParquetFiles;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A run killed with SIGKILL while it calls, then started again, ends with the same outputs as a
 * run that was never interrupted, and the two runs together pay for at most the in-flight window
 * more calls than there are samples: what the killed run was answered is in the response store.
 * An identical rerun then calls no one. The runs that are killed and resumed are separate JVMs
 * (the command line, as a user runs it), whose logs and outputs must not contain the API key.
 */
public class ResumeAfterKillTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  /** 36 starter prompts x 2 models x 2 conditions x 1 seed. */
  private static final int SAMPLES = 144;
  /** max_in_flight (64, the default) x shards (1): the calls in flight when the run is killed. */
  private static final int WINDOW = 64;
  private static final String CHILD_KEY = "sk-resume-7b1e4f0c9a2d68e35f41";

  static Simulator sim;
  static Path config;
  static Path out;
  static ExitCode referenceExit;
  static int resumedExit;
  static ExitCode rerunExit;
  static long killedCalls;
  static long resumedCalls;
  static long rerunCalls;
  static Path killedLog;
  static Path resumedLog;

  @BeforeClass
  public static void runKillResumeAndRerun() throws Exception {
    SimulatorProfile demo = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"));
    sim = Simulator.start(demo.withLatency(50), 0);
    // The models at 600 calls a minute: the 144 calls take about 15 s, long enough to be killed
    // half way. The judges (their own bucket) keep their pace.
    config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim, "seeds: [1, 2, 3]", "seeds: [1]",
        "requests_per_minute: 12000}", "requests_per_minute: 600}");
    out = TMP.getRoot().toPath().resolve("out");

    // The reference run is the same experiment unthrottled: pacing changes no output.
    Path unthrottled = DemoFixture.demoConfig(TMP.newFolder("reference-config").toPath(), sim,
        "seeds: [1, 2, 3]", "seeds: [1]");
    long before = DemoFixture.modelCalls(sim);
    referenceExit = IhlBench.execute(new String[] {"run", "--config=" + unthrottled,
        "--output=" + TMP.getRoot().toPath().resolve("reference"), "--runId=reference",
        "--progressSeconds=0"});
    assertEquals("the reference run made every call", SAMPLES, DemoFixture.modelCalls(sim) - before);

    killedLog = TMP.getRoot().toPath().resolve("killed.log");
    before = DemoFixture.modelCalls(sim);
    Process killed = child("killed", killedLog);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (DemoFixture.modelCalls(sim) - before < 40) {
      assertTrue("the child JVM died early: " + Files.readString(killedLog), killed.isAlive());
      assertTrue("no calls within 5 minutes", System.nanoTime() < deadline);
      Thread.sleep(20);
    }
    killed.destroyForcibly(); // SIGKILL: no shutdown hooks, no flushing
    killed.waitFor(1, TimeUnit.MINUTES);
    Thread.sleep(500); // answers already on their way still reach the simulator's count
    killedCalls = DemoFixture.modelCalls(sim) - before;

    resumedLog = TMP.getRoot().toPath().resolve("resumed.log");
    before = DemoFixture.modelCalls(sim);
    Process resumed = child("resumed", resumedLog);
    assertTrue("the resumed run finished", resumed.waitFor(10, TimeUnit.MINUTES));
    resumedExit = resumed.exitValue();
    resumedCalls = DemoFixture.modelCalls(sim) - before;

    before = sim.stats().answered();
    rerunExit = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
        "--runId=rerun", "--progressSeconds=0"});
    // Every call this time, the judges' too: they are in the store as well.
    rerunCalls = sim.stats().answered() - before;
    System.out.println("ResumeAfterKillTest: killed run " + killedCalls + " calls, resumed run "
        + resumedCalls + ", identical rerun " + rerunCalls + "; resumed run's log:\n"
        + Files.readString(resumedLog, StandardCharsets.UTF_8));
  }

  /** {@code ihlbench run} in its own JVM, as a user starts it, with a key of its own. */
  private static Process child(String runId, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx1g", "-cp",
        System.getProperty("java.class.path"), IhlBench.class.getName(), "run",
        "--config=" + config, "--output=" + out, "--runId=" + runId, "--progressSeconds=1");
    pb.environment().put("IHLBENCH_SIMULATOR_KEY", CHILD_KEY);
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    return pb.start();
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static String table(String runId, String name) {
    return "read_parquet('" + out.resolve("runs/" + runId).resolve(name) + "')";
  }

  private static String referenceTable(String name) {
    return "read_parquet('" + TMP.getRoot().toPath().resolve("reference/runs/reference").resolve(name)
        + "')";
  }

  @Test
  public void theFirstRunWasKilledWhileCalling() {
    assertTrue("killed after some calls: " + killedCalls, killedCalls >= 40);
    assertTrue("killed before the last call: " + killedCalls, killedCalls < SAMPLES);
    assertFalse("it never finished", Files.exists(out.resolve("runs/killed/run.json")));
  }

  @Test
  public void theResumedRunEndsWithTheReferenceRunsOutputs() throws Exception {
    assertEquals(ExitCode.OK, referenceExit);
    assertEquals(ExitCode.OK.code(), resumedExit);
    String cols = "sample_id, model, condition, seed, prompt_id, outcome, refusal, refused,"
        + " helpful_refusal, cites_law, offers_alternative, leaks_code, response_text, model_version";
    String resumed = "SELECT " + cols + " FROM " + table("resumed", "judged_samples-*.parquet");
    String reference = "SELECT " + cols + " FROM " + referenceTable("judged_samples-*.parquet");
    assertEquals((long) SAMPLES, DemoFixture.query("SELECT count(DISTINCT sample_id) AS n FROM ("
        + resumed + ")").get(0).get("n"));
    assertEquals("no judged sample differs", List.of(),
        DemoFixture.query(resumed + " EXCEPT ALL " + reference));
    assertEquals("no judged sample is missing", List.of(),
        DemoFixture.query(reference + " EXCEPT ALL " + resumed));
    // Answers reused from the store cost this run nothing, so cost_usd is left out.
    String summaryCols = "model, condition, variant, kind, n, clusters, refusals, refusal_rate,"
        + " refusal_ci_low, refusal_ci_high, helpful_refusals, helpful_rate, helpful_ci_low,"
        + " helpful_ci_high, ci_method, errors, undecided, provider_refusals, partial_refusals,"
        + " leaks_code";
    String s1 = "SELECT " + summaryCols + " FROM " + table("resumed", "summary.parquet");
    String s2 = "SELECT " + summaryCols + " FROM " + referenceTable("summary.parquet");
    assertEquals(8L, DemoFixture.query("SELECT count(*) AS n FROM (" + s1 + ")").get(0).get("n"));
    assertEquals(List.of(), DemoFixture.query(s1 + " EXCEPT ALL " + s2));
    assertEquals(List.of(), DemoFixture.query(s2 + " EXCEPT ALL " + s1));
  }

  @Test
  public void bothRunsTogetherPaidForAtMostTheInFlightWindowMoreThanTheSamples() throws Exception {
    String report = "killed run " + killedCalls + " calls, resumed run " + resumedCalls;
    assertTrue(report, killedCalls + resumedCalls >= SAMPLES);
    assertTrue(report, killedCalls + resumedCalls <= SAMPLES + WINDOW);
    JsonNode m = DemoFixture.manifest(out.resolve("runs/resumed"));
    assertEquals(report, SAMPLES - resumedCalls, m.at("/counts/from_store").asLong());
    assertEquals(resumedCalls, m.at("/spend/calls").asLong());
  }

  @Test
  public void anIdenticalRerunCallsNoOne() throws Exception {
    assertEquals(ExitCode.OK, rerunExit);
    assertEquals(0, rerunCalls);
    JsonNode m = DemoFixture.manifest(out.resolve("runs/rerun"));
    assertEquals(SAMPLES, m.at("/counts/from_store").asLong());
    assertEquals(0, m.at("/spend/calls").asLong());
    assertEquals(0.0, m.at("/spend/total_usd").asDouble(), 0);
  }

  @Test
  public void theProgressLinesOfTheResumedRunCountOnlyTheCallsItMade() throws Exception {
    List<String> progress = Files.readAllLines(resumedLog, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("generate: calls")).toList();
    assertFalse("progress was logged", progress.isEmpty());
    String last = progress.get(progress.size() - 1);
    assertTrue(last, last.contains("calls " + resumedCalls + "/" + resumedCalls + " (100.0%)"));
    assertTrue(last, last.contains("errors 0") && last.contains("spend $"));
  }

  @Test
  public void noApiKeyInAnyLogLineOrOutputFile() throws Exception {
    String surefireKey = System.getenv("IHLBENCH_SIMULATOR_KEY");
    List<String> keys = List.of(CHILD_KEY, surefireKey);
    for (Path log : List.of(killedLog, resumedLog)) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      assertTrue(log + " has the run's log lines", text.contains("generate: calls"));
      for (String key : keys) {
        assertFalse(log + " contains an API key", text.contains(key));
      }
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(TMP.getRoot().toPath())) {
      files = walk.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".log"))
          .toList();
    }
    assertTrue(files.size() > 10);
    for (Path f : files) {
      String content = readable(f);
      for (String key : keys) {
        assertFalse(f + " contains an API key", content.contains(key));
      }
    }
  }

  /** A file's content as text: Avro and Parquet are decoded, since their blocks are compressed. */
  private static String readable(Path f) throws IOException {
    String name = f.getFileName().toString();
    if (name.endsWith(".avro")) {
      StringBuilder sb = new StringBuilder();
      try (DataFileReader<GenericRecord> r =
          new DataFileReader<>(f.toFile(), new GenericDatumReader<>())) {
        r.forEach(rec -> sb.append(rec).append('\n'));
      } catch (IOException torn) {
        // a segment the killed run left half written: its raw bytes are checked below
      }
      return sb + new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
    }
    if (name.endsWith(".parquet") && !name.startsWith(".")) {
      StringBuilder sb = new StringBuilder();
      for (GenericRecord rec : ParquetFiles.readAll(f.toString())) {
        sb.append(rec).append('\n');
      }
      return sb.toString();
    }
    return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
  }
}
