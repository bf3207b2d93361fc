package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.records.ModelSpend;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.SummaryRow;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class RunDirectoryTest {
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  @Before
  public void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private static SummaryRow summary(String model, PromptKind kind, long n) {
    return SummaryRow.newBuilder().setRunId("r").setModel(model).setCondition("baseline")
        .setVariant("plain").setKind(kind).setN(n).setClusters(n / 3).setRefusals(n / 2)
        .setRefusalRate(0.5).setRefusalCiLow(0.4).setRefusalCiHigh(0.6).setHelpfulRefusals(1)
        .setHelpfulRate(Double.NaN).setHelpfulCiLow(Double.NaN).setHelpfulCiHigh(Double.NaN)
        .setCiMethod("cluster-wilson").setErrors(1).setUndecided(0).setProviderRefusals(0)
        .setPartialRefusals(2).setLeaksCode(0).setCostUsd(0.25).setRefusalIcc(0.1).build();
  }

  @Test
  public void tablesReadBackAsTheRecordsTheyWereWrittenFrom() throws Exception {
    Path dir = tmp.getRoot().toPath();
    List<SummaryRow> rows = List.of(summary("a", PromptKind.violation, 72),
        summary("b", PromptKind.benign, 36));
    ParquetFiles.write(dir.resolve("summary.parquet").toString(), SummaryRow.getClassSchema(),
        rows);
    RunDirectory run = RunDirectory.at(dir + "/");
    assertEquals(dir.toString(), run.path());
    assertEquals(rows, run.summary());
    assertTrue("a table the run did not write reads as empty",
        run.table(WriteRun.SUMMARY).size() == 2 && run.rows("judge_agreement").isEmpty());
    assertFalse(run.manifest().isPresent());
  }

  @Test
  public void aSummaryFromBeforeAColumnExistedStillReads() throws Exception {
    // An older summary: no clusters, no refusal_icc, kind as an enum, strings as strings.
    Schema old = SchemaBuilder.record("SummaryRow").namespace("org.ihlbench.records").fields()
        .requiredString("run_id").requiredString("model").requiredString("condition")
        .requiredString("variant")
        .name("kind").type(SchemaBuilder.enumeration("PromptKind")
            .namespace("org.ihlbench.records").symbols("violation", "benign")).noDefault()
        .requiredLong("n").requiredDouble("refusal_rate").endRecord();
    GenericRecord r = new GenericData.Record(old);
    r.put("run_id", "r");
    r.put("model", "m");
    r.put("condition", "baseline");
    r.put("variant", "plain");
    r.put("kind", new GenericData.EnumSymbol(old.getField("kind").schema(), "benign"));
    r.put("n", 10L);
    r.put("refusal_rate", 0.3);
    Path dir = tmp.getRoot().toPath();
    ParquetFiles.write(dir.resolve("summary.parquet").toString(), old, List.of(r));
    SummaryRow s = RunDirectory.at(dir.toString()).summary().get(0);
    assertEquals("m", s.getModel());
    assertEquals(PromptKind.benign, s.getKind());
    assertEquals(10, s.getN());
    assertEquals(0.3, s.getRefusalRate(), 0);
    assertEquals("a column it lacks reads 0 (no default in the schema)", 0, s.getClusters());
    assertNull("or the schema's default", s.getRefusalIcc());
    assertNull(s.getCostUsd());
  }

  @Test
  public void countsSpendAndManifestAreTheWriteStagesFilesParsed() throws Exception {
    Path dir = tmp.getRoot().toPath();
    Files.writeString(dir.resolve(WriteRun.COUNTS_FILE), String.join("\n",
        "samples\t10", "judged_samples\t4", "judged_samples\t6",
        WriteRun.MODEL_VERSION + "\tm\tv1\t7", WriteRun.MODEL_VERSION + "\tm\tv2\t3", ""));
    ModelSpend b = ModelSpend.newBuilder().setModel("b").setSamples(2).setCalls(2)
        .setPromptTokens(40).setCompletionTokens(10).setCostUsd(0.5).build();
    ModelSpend a = ModelSpend.newBuilder().setModel("a").setSamples(1).setCalls(0).setFromStore(1)
        .build();
    Files.writeString(dir.resolve(WriteRun.SPEND_FILE),
        WriteRun.spendLine(b) + "\n" + WriteRun.spendLine(a) + "\n");
    Files.writeString(dir.resolve(RunDirectory.MANIFEST), "{\"run_id\": \"r\"}");
    RunDirectory run = RunDirectory.at(dir.toString());
    RunDirectory.Counts counts = run.counts();
    assertEquals(Map.of("samples", 10L, "judged_samples", 10L), counts.counts());
    assertEquals(Map.of("m", Map.of("v1", 7L, "v2", 3L)), counts.modelVersions());
    assertEquals(List.of(a, b), run.spend());
    assertEquals("r", run.manifest().orElseThrow().path("run_id").asText());
    assertTrue(run.has(WriteRun.SPEND_FILE));
    assertFalse(run.has("judged_samples-*.avro"));
  }
}
