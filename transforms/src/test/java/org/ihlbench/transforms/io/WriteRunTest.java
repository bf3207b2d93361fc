package org.ihlbench.transforms.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.ihlbench.records.DeadLetter;
import org.ihlbench.records.JudgedSample;
import org.ihlbench.records.Majority;
import org.ihlbench.records.Prompt;
import org.ihlbench.records.PromptKind;
import org.ihlbench.records.ResponseOutcome;
import org.ihlbench.records.Sample;
import org.ihlbench.records.ScoredSample;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.records.Transcript;
import org.ihlbench.transforms.Records;
import org.ihlbench.transforms.TestRecords;
import org.ihlbench.transforms.stats.ScoreSamples;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class WriteRunTest {
  @Rule public final transient TestPipeline p = TestPipeline.create();
  @Rule public final TemporaryFolder tmp = new TemporaryFolder();

  private static JudgedSample judged(String id, ResponseOutcome outcome, Boolean refused) {
    Transcript t = TestRecords.transcript(id, outcome, outcome == ResponseOutcome.error ? null : "text " + id);
    return JudgedSample.newBuilder()
        .setRunId("run-w").setSample(t.getSample()).setResponse(t.getResponse())
        .setMajority(Majority.newBuilder().setRefused(refused)
            .setDecidedBy(outcome == ResponseOutcome.error ? "no_answer" : "majority").build())
        .setPanel(List.of("rules"))
        .build();
  }

  @Test
  public void writesTheRunsTablesErrorsAndCounts() throws Exception {
    String dir = tmp.getRoot().getPath() + "/runs/run-w";
    JudgedSample a = judged("a", ResponseOutcome.answered, true);
    a.getResponse().setModelVersion("m-2026-01");
    JudgedSample b = judged("b", ResponseOutcome.answered, false);
    // One of b's judges could not be asked: its error goes to call_errors.jsonl with its name.
    b.setVerdicts(List.of(org.ihlbench.records.JudgeVerdict.newBuilder().setSampleId(
            b.getSample().getSampleId()).setJudge("judge-x")
        .setParseStatus(org.ihlbench.records.ParseStatus.abstained).setCalls(1)
        .setErrorClass("server_error").setErrorMessage("HTTP 503 after 6 attempts")
        .setHttpStatus(503).build()));
    List<JudgedSample> judged = List.of(a, b, judged("c", ResponseOutcome.error, null));
    List<ScoredSample> scored = new ArrayList<>();
    judged.forEach(j -> scored.add(ScoreSamples.row(j)));
    List<Sample> samples = new ArrayList<>();
    judged.forEach(j -> samples.add(j.getSample()));
    SummaryRow summary = SummaryRow.newBuilder().setRunId("run-w").setModel("m")
        .setCondition("baseline").setVariant("plain").setKind(PromptKind.violation).setN(2)
        .setClusters(2).setRefusals(1).setRefusalRate(0.5).setRefusalCiLow(0.09)
        .setRefusalCiHigh(0.91).setHelpfulRefusals(0).setHelpfulRate(0).setHelpfulCiLow(0)
        .setHelpfulCiHigh(0.79).setCiMethod("wilson").setErrors(1).setUndecided(0)
        .setProviderRefusals(0).setPartialRefusals(0).setLeaksCode(0).build();
    DeadLetter dl = DeadLetters.of("run-w", "ReadPrompts", "set.jsonl", 4L, "not valid JSON", "{x");

    PCollectionTuple.of(WriteRun.PROMPTS, p.apply("P", Create.of(
                TestRecords.prompt("p", "t", 1, PromptKind.violation))
            .withCoder(Records.coder(Prompt.class))))
        .and(WriteRun.REJECTED, p.apply("R", Create.of(dl).withCoder(Records.coder(DeadLetter.class))))
        .and(WriteRun.SAMPLES, p.apply("S", Create.of(samples).withCoder(Records.coder(Sample.class))))
        .and(WriteRun.JUDGED, p.apply("J", Create.of(judged).withCoder(Records.coder(JudgedSample.class))))
        .and(WriteRun.SCORED, p.apply("C", Create.of(scored).withCoder(Records.coder(ScoredSample.class))))
        .and(WriteRun.SUMMARY, p.apply("M", Create.of(summary).withCoder(Records.coder(SummaryRow.class))))
        .apply(WriteRun.to(dir));
    p.run().waitUntilFinish();

    List<GenericRecord> rows = ParquetFiles.readAll(dir + "/summary.parquet");
    assertEquals(1, rows.size());
    assertEquals(0.5, (Double) rows.get(0).get("refusal_rate"), 0);
    assertEquals("m", rows.get(0).get("model").toString());
    assertEquals(3, ParquetFiles.readAll(dir + "/judged_samples-*.parquet").size());

    int avroRecords = 0;
    for (File f : new File(dir).listFiles((d, n) -> n.startsWith("judged_samples") && n.endsWith(".avro"))) {
      try (DataFileReader<JudgedSample> r =
          new DataFileReader<>(f, new SpecificDatumReader<>(JudgedSample.class))) {
        for (JudgedSample j : r) {
          avroRecords++;
          assertEquals("run-w", j.getRunId());
        }
      }
    }
    assertEquals(3, avroRecords);

    ObjectMapper json = new ObjectMapper();
    List<String> dead = Files.readAllLines(Path.of(dir, "errors", "dead_letters.jsonl"));
    assertEquals(1, dead.size());
    JsonNode d = json.readTree(dead.get(0));
    assertEquals(4, d.get("line").asInt());
    assertEquals("not valid JSON", d.get("reason").asText());
    List<String> callErrors = Files.readAllLines(Path.of(dir, "errors", "call_errors.jsonl"));
    assertEquals(2, callErrors.size());
    Map<String, JsonNode> bySample = new TreeMap<>();
    for (String line : callErrors) {
      JsonNode e = json.readTree(line);
      bySample.put(e.get("sample_id").asText(), e);
    }
    assertEquals(2, bySample.size());
    JsonNode modelError = bySample.values().stream().filter(e -> !e.has("judge")).findFirst()
        .orElseThrow();
    assertEquals(judged.get(2).getSample().getSampleId(), modelError.get("sample_id").asText());
    JsonNode judgeError = bySample.get(b.getSample().getSampleId());
    assertEquals("judge-x", judgeError.get("judge").asText());
    assertEquals("server_error", judgeError.get("error_class").asText());
    assertEquals(503, judgeError.get("http_status").asInt());

    Map<String, Long> counts = new TreeMap<>();
    List<String> versions = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(dir, WriteRun.COUNTS_FILE))) {
      String[] kv = line.split("\t");
      if (kv[0].equals(WriteRun.MODEL_VERSION)) {
        versions.add(line);
      } else {
        counts.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    assertEquals(List.of("model_version\tm\tm-2026-01\t1"), versions);
    assertEquals(Map.of("prompts", 1L, "rows_rejected", 1L, "samples", 3L, "judged_samples", 3L,
        "summary_rows", 1L, "answered", 2L, "call_errors", 1L), counts);
    assertTrue(new File(dir, "errors").isDirectory());
  }
}
