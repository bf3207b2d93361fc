package org.ihlbench.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.pipeline.run.RunPaths;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * What can be checked of Google Cloud Storage without a bucket: the gs:// scheme is registered,
 * run paths and config paths keep it, and credentials are named but never printed. The opt-in
 * GcsIT runs the demo against a real bucket (see docs/DEPLOYMENT.md).
 */
public class CloudStorageTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void gsPathsResolveThroughBeamsGcsFileSystem() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    String run = RunPaths.runDir("gs://ihl-bucket/benchmarks/", "20261128T010203Z-abc");
    assertEquals("gs://ihl-bucket/benchmarks/runs/20261128T010203Z-abc", run);
    ResourceId summary = FileSystems.matchNewResource(RunPaths.file(run, "summary.parquet"), false);
    assertEquals("gs", summary.getScheme());
    assertEquals("gs://ihl-bucket/benchmarks/runs/20261128T010203Z-abc/summary.parquet",
        summary.toString());
  }

  @Test
  public void configPathsOnCloudStorageAreKeptAsGiven() throws Exception {
    Path cfg = tmp.getRoot().toPath().resolve("exp.yaml");
    Files.writeString(cfg, String.join("\n",
        "name: cloud",
        "dataset: {paths: ['gs://ihl-bucket/datasets/*.jsonl']}",
        "models: [{name: m, provider: openai, model_id: gpt-4o, api_key_env: OPENAI_API_KEY}]",
        "conditions: [{name: baseline}]",
        "output: gs://ihl-bucket/out",
        "store: gs://ihl-bucket/store"));
    ExperimentConfig c = ExperimentConfig.load(cfg, Map.of());
    assertEquals("gs://ihl-bucket/datasets/*.jsonl", c.datasetPaths().get(0));
    assertEquals("gs://ihl-bucket/out", c.output());
    assertEquals("gs://ihl-bucket/store", c.store());
  }

  @Test
  public void doctorNamesTheCredentialsButNeverPrintsThem() throws Exception {
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertEquals(ExitCode.OK, IhlBench.execute(new String[] {"doctor"}));
    } finally {
      System.setOut(saved);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out, out.contains("file systems: ") && out.contains("gs"));
    assertTrue(out, out.contains("FlinkRunner") && out.contains("DirectRunner"));
    assertFalse(out, out.contains("private_key"));
  }

  /**
   * With a config, doctor says which key variables are set (the tests' simulator key is) and
   * which are not, for whom, and exits 4 when one is missing, never printing a key.
   */
  @Test
  public void doctorChecksTheKeyVariablesAnExperimentNames() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Path ready = DemoFixture.demoConfig(dir, null);
    Path missing = dir.resolve("missing-key.yaml");
    Files.writeString(missing, Files.readString(ready, StandardCharsets.UTF_8).replaceFirst(
        "api_key_env: IHLBENCH_SIMULATOR_KEY", "api_key_env: IHLBENCH_DOCTOR_TEST_UNSET"));
    PrintStream saved = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    ExitCode readyCode;
    ExitCode missingCode;
    try {
      readyCode = IhlBench.execute(new String[] {"doctor", "--config=" + ready});
      captured.write("-----\n".getBytes(StandardCharsets.UTF_8));
      missingCode = IhlBench.execute(new String[] {"doctor", "--config=" + missing});
    } finally {
      System.setOut(saved);
    }
    String[] out = captured.toString(StandardCharsets.UTF_8).split("-----\n");
    assertEquals(out[0], ExitCode.OK, readyCode);
    assertTrue(out[0], out[0].matches("(?s).*IHLBENCH_SIMULATOR_KEY +set +for sim-cautious,"
        + " sim-lax, judge-a, judge-b, judge-c\n.*"));
    assertEquals(out[1], ExitCode.AUTH, missingCode);
    assertTrue(out[1], out[1].matches("(?s).*IHLBENCH_DOCTOR_TEST_UNSET +NOT SET +for"
        + " sim-cautious\n.*"));
    assertTrue(out[1], out[1].matches("(?s).*IHLBENCH_SIMULATOR_KEY +set +for sim-lax, judge-a,"
        + " judge-b, judge-c\n.*"));
    String key = System.getenv("IHLBENCH_SIMULATOR_KEY");
    assertTrue("the tests run with a simulator key", key != null && !key.isBlank());
    assertFalse(out[0] + out[1], (out[0] + out[1]).contains(key));
  }
}
