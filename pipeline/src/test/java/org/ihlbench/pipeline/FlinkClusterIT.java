package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The demo on a real Flink session cluster (one JobManager and two TaskManagers, separate JVMs,
 * started by scripts/flink-cluster.sh from the shaded jar): at parallelism 4 it gives the same
 * judged samples and summary as the Direct runner; and with a TaskManager killed (SIGKILL)
 * mid-run, the job restarts and completes with no sample lost or duplicated, and the response
 * store keeps the extra provider calls within the in-flight window.
 */
public class FlinkClusterIT {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = ROOT.resolve("pipeline/target/ihlbench.jar");
  static final List<String> MODELS = List.of("sim-cautious", "sim-lax");
  static Map<String, String> clusterEnv;
  static String master;

  @BeforeClass
  public static void startCluster() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    clusterEnv = Map.of("FLINK_CLUSTER_DIR", TMP.newFolder("cluster").getPath(),
        "FLINK_REST_PORT", String.valueOf(port));
    assertEquals("cluster start", 0, script("start"));
    master = "127.0.0.1:" + port;
  }

  @AfterClass
  public static void stopCluster() throws Exception {
    script("stop");
  }

  static int script(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("scripts/flink-cluster.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).inheritIO();
    pb.environment().putAll(clusterEnv);
    Process p = pb.start();
    assertTrue("flink-cluster.sh " + args[0] + " finished", p.waitFor(180, TimeUnit.SECONDS));
    return p.exitValue();
  }

  /** Submits `ihlbench run` to the cluster with the shaded jar, as scripts/run-flink.sh does. */
  static Process submit(Path config, Path out, String runId) throws IOException {
    return launch(config, out, runId, "--runner=FlinkRunner", "--flinkMaster=" + master,
        "--parallelism=4");
  }

  /** Runs `ihlbench run` from the shaded jar in its own JVM. */
  static Process launch(Path config, Path out, String runId, String... runner) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java"));
    cmd.addAll(List.of(System.getProperty("ihlbench.jvmOpens", "").split(" ")));
    cmd.removeIf(String::isBlank);
    cmd.addAll(List.of("-jar", JAR.toString(), "run", "--config=" + config, "--output=" + out,
        "--runId=" + runId, "--progressSeconds=0"));
    cmd.addAll(List.of(runner));
    File log = TMP.getRoot().toPath().resolve(runId + ".log").toFile();
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
  }

  static void runDirect(Path config, Path out, Path store, String runId) throws Exception {
    Process p = launch(config, out, runId, "--runner=DirectRunner", "--store=" + store);
    assertTrue(p.waitFor(300, TimeUnit.SECONDS));
    assertEquals(Files.readString(TMP.getRoot().toPath().resolve(runId + ".log")), 0, p.exitValue());
  }

  static long modelCalls(Simulator sim) {
    return MODELS.stream().mapToLong(m -> sim.stats().answered(m)).sum();
  }

  static String judged(Path runDir) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : DemoFixture.query("SELECT sample_id, refused, helpful_refusal,"
        + " refusal FROM read_parquet('" + runDir + "/judged_samples-*.parquet') ORDER BY 1")) {
      sb.append(r.values()).append('\n');
    }
    return sb.toString();
  }

  static String summary(Path runDir) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (Map<String, Object> r : DemoFixture.query("SELECT model, condition, variant, kind, n,"
        + " clusters, refusals, helpful_refusals, round(refusal_rate, 12) AS r,"
        + " round(helpful_rate, 12) AS h FROM read_parquet('" + runDir + "/summary.parquet')"
        + " ORDER BY ALL")) {
      sb.append(r.values()).append('\n');
    }
    return sb.toString();
  }

  @Test
  public void theShadedJarRegistersTheRunnersAndCloudStorage() throws Exception {
    Process p = new ProcessBuilder("java", "-jar", JAR.toString(), "doctor")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(out, 0, p.exitValue());
    assertTrue(out, out.matches("(?s).*file systems: [^\\n]*\\bgs\\b.*"));
    assertTrue(out, out.contains("FlinkRunner") && out.contains("DirectRunner"));
  }

  @Test
  public void theClusterGivesTheSameJudgedSamplesAndSummaryAsTheDirectRunner() throws Exception {
    try (Simulator sim = DemoFixture.startSimulator()) {
      Path dir = TMP.newFolder("same").toPath();
      Path config = DemoFixture.demoConfig(dir, sim);
      Path out = dir.resolve("out");
      runDirect(config, out, dir.resolve("direct-store"), "direct");
      Process cluster = submit(config, out, "cluster");
      assertTrue(cluster.waitFor(300, TimeUnit.SECONDS));
      assertEquals(Files.readString(TMP.getRoot().toPath().resolve("cluster.log")), 0, cluster.exitValue());
      Path d = out.resolve("runs/direct");
      Path c = out.resolve("runs/cluster");
      assertEquals(432, DemoFixture.manifest(c).at("/counts/judged_samples").asLong());
      assertEquals("FlinkRunner", DemoFixture.manifest(c).at("/runner").asText());
      assertEquals(judged(d), judged(c));
      assertEquals(summary(d), summary(c));
    }
  }

  @Test
  public void aKilledTaskManagerCostsNoSampleAndOnlyTheInFlightCalls() throws Exception {
    // Slow answers and a small in-flight window, so the kill lands mid-run and the bound is tight.
    SimulatorProfile slow = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"))
        .withLatency(150);
    int window = 8;
    int shards = 2;
    try (Simulator sim = Simulator.start(slow, 0)) {
      Path dir = TMP.newFolder("kill").toPath();
      String limits = "rate_limit: {requests_per_minute: 12000}";
      Path config = DemoFixture.demoConfig(dir, sim, limits, limits + "\n    max_in_flight: " + window,
          "output: ../out", "output: ../out\ncalls: {shards_per_bucket: " + shards + "}");
      Path out = dir.resolve("out");
      Process job = submit(config, out, "killed");
      long deadline = System.currentTimeMillis() + 120_000;
      while (modelCalls(sim) < 120 && System.currentTimeMillis() < deadline && job.isAlive()) {
        Thread.sleep(50);
      }
      assertTrue("the job was still calling when the TaskManager died", job.isAlive());
      long beforeKill = modelCalls(sim);
      assertEquals(0, script("kill-taskmanager", "1"));
      assertTrue("the job finishes after restarting", job.waitFor(400, TimeUnit.SECONDS));
      assertEquals(Files.readString(TMP.getRoot().toPath().resolve("killed.log")), 0, job.exitValue());

      Path runDir = out.resolve("runs/killed");
      assertEquals(432L, DemoFixture.query("SELECT count(*) AS n FROM read_parquet('" + runDir
          + "/judged_samples-*.parquet')").get(0).get("n"));
      assertEquals(432L, DemoFixture.query("SELECT count(DISTINCT sample_id) AS n FROM"
          + " read_parquet('" + runDir + "/judged_samples-*.parquet')").get(0).get("n"));
      long calls = modelCalls(sim);
      assertTrue("calls before the kill: " + beforeKill + ", in all: " + calls
          + ", bound: 432 + " + window * shards, calls <= 432 + (long) window * shards);
      assertTrue("the store served what the first attempt paid for",
          DemoFixture.manifest(runDir).at("/counts/from_store").asLong() >= beforeKill - window * shards);

      // The same verdicts as an uninterrupted run.
      runDirect(config, out, dir.resolve("reference-store"), "reference");
      assertEquals(judged(out.resolve("runs/reference")), judged(runDir));
      assertEquals(summary(out.resolve("runs/reference")), summary(runDir));
    }
  }
}
