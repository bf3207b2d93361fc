package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ihlbench.pipeline.cli.ExitCode;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** When no call gets an answer the run says so with exit code 1, and keeps every error. */
public class UnreachableProviderTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void aRunWhereEveryCallFailedExitsNonZeroWithEachErrorRecorded() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    Path dir = tmp.getRoot().toPath();
    String yaml = String.join("\n",
        "name: unreachable",
        "dataset: {paths: [" + DemoFixture.CONFIGS.resolve("datasets/starter.jsonl") + "]}",
        "models:",
        "  - {name: gone, provider: simulator, protocol: openai, base_url: \"http://127.0.0.1:"
            + closedPort + "/v1\", model_id: sim-lax, api_key_env: IHLBENCH_SIMULATOR_KEY,"
            + " max_attempts: 1}",
        "conditions: [{name: baseline}]",
        "output: " + dir.resolve("out"));
    Path cfg = dir.resolve("exp.yaml");
    Files.writeString(cfg, yaml);
    assertEquals(ExitCode.FAILED, IhlBench.execute(new String[] {"run", "--config=" + cfg,
        "--runId=gone", "--progressSeconds=0"}));
    Path runDir = dir.resolve("out/runs/gone");
    assertEquals(36, Files.readAllLines(runDir.resolve("errors/call_errors.jsonl")).size());
    assertEquals(36, DemoFixture.manifest(runDir).at("/counts/call_errors").asLong());
    assertEquals(36L, DemoFixture.query("SELECT count(*) AS n FROM read_parquet('" + runDir
        + "/judged_samples-*.parquet') WHERE outcome = 'error' AND error_class = 'network'")
        .get(0).get("n"));
  }
}
