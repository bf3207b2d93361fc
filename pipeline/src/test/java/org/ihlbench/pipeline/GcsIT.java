package org.ihlbench.pipeline;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.simulator.Simulator;
import org.ihlbench.transforms.io.ParquetFiles;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Opt-in: the demo with its output and response store in a real Cloud Storage bucket. Runs only
 * when IHLBENCH_GCS_TEST_BUCKET names one (gs://bucket/prefix) and Google application-default
 * credentials can write there; skipped otherwise (no test here reaches the internet by default).
 */
public class GcsIT {
  @ClassRule public static final TemporaryFolder TMP = new TemporaryFolder();

  @Test
  public void theDemoWritesAndRereadsItsRunInABucket() throws Exception {
    String bucket = System.getenv("IHLBENCH_GCS_TEST_BUCKET");
    assumeTrue("set IHLBENCH_GCS_TEST_BUCKET=gs://bucket/prefix to run", bucket != null
        && bucket.startsWith("gs://"));
    String out = bucket.replaceAll("/$", "") + "/ihlbench-it-" + UUID.randomUUID();
    try (Simulator sim = DemoFixture.startSimulator()) {
      Path config = DemoFixture.demoConfig(TMP.getRoot().toPath(), sim);
      Path log = TMP.getRoot().toPath().resolve("gcs.log");
      Process p = new ProcessBuilder("java", "-jar",
          FlinkClusterIT.JAR.toString(), "run", "--config=" + config, "--output=" + out,
          "--runId=gcs", "--progressSeconds=0")
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      assertTrue(p.waitFor(600, TimeUnit.SECONDS));
      String logText = Files.readString(log);
      assertEquals(logText, 0, p.exitValue());
      FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
      JsonNode manifest;
      try (InputStream in = Channels.newInputStream(FileSystems.open(
          FileSystems.matchSingleFileSpec(out + "/runs/gcs/run.json").resourceId()))) {
        manifest = new ObjectMapper().readTree(in);
      }
      assertEquals(432, manifest.at("/counts/judged_samples").asLong());
      assertEquals(8, ParquetFiles.readAll(out + "/runs/gcs/summary.parquet").size());
      String adc = System.getenv("GOOGLE_APPLICATION_CREDENTIALS");
      if (adc != null) {
        JsonNode key = new ObjectMapper().readTree(Path.of(adc).toFile());
        for (String field : new String[] {"private_key_id", "private_key", "refresh_token"}) {
          if (key.hasNonNull(field)) {
            assertFalse(field + " leaked into the log", logText.contains(key.get(field).asText()));
          }
        }
      }
    }
  }
}
