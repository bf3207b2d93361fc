package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.simulator.SimulatorProfile;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * The demo against a simulator that fails 17% of all attempts: 4% each of 5xx, timeouts (held
 * past the client's two-second timeout), malformed JSON and dropped connections, and 1% of 429s.
 * With two attempts per call about 3% of the samples fail for good (a 429 does not use up an
 * attempt, so none of them for a 429). Every sample still comes out exactly once, as an answer or
 * as an error record that says why. 429s are fewer than the other faults because each burst
 * pauses the shard and slows its pace, which stretched this run to minutes; how pacing meets 429s
 * is RateLimitStormTest's and RateLimitEndToEndTest's subject.
 */
public class FaultsEndToEndTest {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();
  /** What can end a call for good here: not a 429, which puts it back in line. */
  private static final Set<String> TRANSIENT = Set.of("server", "timeout", "malformed", "network");
  static Simulator sim;
  static Path runDir;
  static ExitCode exitCode;

  @BeforeClass
  public static void run() throws Exception {
    SimulatorProfile demo = SimulatorProfile.load(DemoFixture.CONFIGS.resolve("simulator/demo.yaml"));
    sim = Simulator.start(demo.withFaults(
        new SimulatorProfile.Faults(0.01, 0.04, 0.04, 0.04, 0.04, 5000, 11)), 0);
    String limits = "    rate_limit: {requests_per_minute: 12000}";
    Path config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim,
        limits, limits + "\n    timeout_seconds: 2\n    max_attempts: 2");
    Path out = TMP.getRoot().toPath().resolve("out");
    exitCode = IhlBench.execute(new String[] {"run", "--config=" + config, "--output=" + out,
        "--runId=faults", "--progressSeconds=0"});
    runDir = out.resolve("runs/faults");
  }

  @AfterClass
  public static void stop() {
    sim.close();
  }

  private static String judged() {
    return "read_parquet('" + runDir.resolve("judged_samples-*.parquet") + "')";
  }

  @Test
  public void everyKindOfFaultWasInjected() {
    for (String kind : List.of("rate_limited", "server_error", "timeout", "malformed", "dropped")) {
      assertTrue(kind, sim.stats().faults(kind) > 0);
    }
    long attempts = sim.stats().requests();
    long faults = sim.stats().faults("rate_limited") + sim.stats().faults("server_error")
        + sim.stats().faults("timeout") + sim.stats().faults("malformed")
        + sim.stats().faults("dropped");
    double share = (double) faults / attempts;
    assertTrue("about 17% of attempts failed: " + share, share > 0.12 && share < 0.22);
  }

  @Test
  public void everySampleComesOutOnceAsAnAnswerOrAnErrorWithItsReason() throws Exception {
    assertEquals(ExitCode.OK, exitCode);
    Map<String, Object> n = DemoFixture.query("SELECT count(*) AS rows, count(DISTINCT sample_id)"
        + " AS ids, count(*) FILTER (WHERE outcome = 'error') AS errors,"
        + " count(*) FILTER (WHERE outcome <> 'error') AS answers,"
        + " count(*) FILTER (WHERE outcome = 'error' AND error_class IS NULL) AS unexplained"
        + " FROM " + judged()).get(0);
    assertEquals("no sample lost", 432L, n.get("rows"));
    assertEquals("none duplicated", 432L, n.get("ids"));
    assertEquals(0L, n.get("unexplained"));
    long errors = (Long) n.get("errors");
    // Each call fails for good with probability about 0.16^2 = 2.6%: about 11 of 432.
    assertTrue("some samples failed for good: " + errors, errors > 0 && errors < 50);
    // An answer can come too late for the client's two-second timeout on a busy machine and be
    // asked again, so the simulator may have answered more often than there are answers.
    assertTrue("every answer was answered by the simulator",
        (Long) n.get("answers") <= sim.stats().answered());
    for (Map<String, Object> row : DemoFixture.query("SELECT DISTINCT error_class FROM " + judged()
        + " WHERE outcome = 'error'")) {
      assertTrue(row.toString(), TRANSIENT.contains((String) row.get("error_class")));
    }

    JsonNode m = DemoFixture.manifest(runDir);
    assertTrue(m.at("/balance/balanced").asBoolean());
    assertEquals(errors, m.at("/counts/call_errors").asLong());
  }

  @Test
  public void callErrorsSayWhyForEachFailedSample() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("errors/call_errors.jsonl"),
        StandardCharsets.UTF_8)) {
      JsonNode e = json.readTree(line);
      if (e.has("judge")) {
        // A judge's failed call: named, with its reason (the verdict is an abstention).
        assertFalse(line, e.path("judge").asText().isBlank());
        assertFalse(line, e.path("error_class").asText().isBlank());
      } else {
        lines.add(line);
      }
    }
    long errors = (Long) DemoFixture.query("SELECT count(*) AS n FROM " + judged()
        + " WHERE outcome = 'error'").get(0).get("n");
    assertEquals(errors, lines.size());
    Set<String> ids = new HashSet<>();
    for (String line : lines) {
      JsonNode e = json.readTree(line);
      assertTrue(line, ids.add(e.path("sample_id").asText()));
      assertTrue(line, TRANSIENT.contains(e.path("error_class").asText()));
      assertFalse(line, e.path("error_message").asText().isBlank());
      // Two attempts that count, and any number answered 429 besides (said in the message).
      int attempts = e.path("attempts").asInt();
      assertTrue(line, attempts >= 2);
      assertEquals(line, attempts > 2,
          e.path("error_message").asText().contains("of them answered 429"));
    }
  }
}
