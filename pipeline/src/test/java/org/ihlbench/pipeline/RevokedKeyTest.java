package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.simulator.Simulator;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * A key the provider rejects (401) stops `run` with exit 4 and a message that
 * names the environment variable to fix, not the key.
 */
public class RevokedKeyTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aRevokedKeyStopsTheRunWithTheAuthExitCodeAndNamesItsVariable() throws Exception {
    String key = System.getenv("IHLBENCH_SIMULATOR_KEY");
    try (Simulator sim = DemoFixture.startSimulator()) {
      sim.rejectApiKey(key);
      Path config = DemoFixture.demoConfig(tmp.getRoot().toPath(), sim, "seeds: [1, 2, 3]",
          "seeds: [1]");
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      PrintStream stderr = System.err;
      ExitCode exit;
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      try {
        exit = IhlBench.execute(new String[] {"run", "--config=" + config,
            "--output=" + tmp.getRoot().toPath().resolve("out"), "--runId=revoked",
            "--progressSeconds=0"});
      } finally {
        System.setErr(stderr);
      }
      String message = err.toString(StandardCharsets.UTF_8);
      assertEquals(message, ExitCode.AUTH, exit);
      assertTrue(message, message.contains("credentials: ")
          && message.contains("IHLBENCH_SIMULATOR_KEY"));
      assertFalse("the key itself is not printed", message.contains(key));
      assertFalse(Files.exists(tmp.getRoot().toPath().resolve("out/runs/revoked/run.json")));
    }
  }
}
