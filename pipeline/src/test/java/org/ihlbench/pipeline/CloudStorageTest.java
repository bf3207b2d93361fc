package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

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
      assertEquals(IhlBench.OK, IhlBench.execute(new String[] {"doctor"}));
    } finally {
      System.setOut(saved);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    assertTrue(out, out.contains("file systems: ") && out.contains("gs"));
    assertTrue(out, out.contains("FlinkRunner") && out.contains("DirectRunner"));
    assertFalse(out, out.contains("private_key"));
  }
}
