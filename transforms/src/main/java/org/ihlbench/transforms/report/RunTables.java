package org.ihlbench.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.ihlbench.transforms.io.ParquetFiles;

/**
 * A finished run's small tables and manifest, read from its directory on any Beam file system
 * (local or gs://): what the report and the power command work from. Tables a run did not write
 * (judge_agreement without a judge panel, say) read as empty.
 */
public record RunTables(String runDir, JsonNode manifest, List<TableRow> summary,
    List<TableRow> pairedDeltas, List<TableRow> byPart, List<TableRow> byChapter,
    List<TableRow> byRule, List<TableRow> examples, List<TableRow> judgeAgreement) {

  public static RunTables read(String runDir) throws IOException {
    String dir = runDir.endsWith("/") ? runDir.substring(0, runDir.length() - 1) : runDir;
    List<TableRow> summary = table(dir, "summary");
    if (summary.isEmpty()) {
      throw new IOException("no summary.parquet in " + dir + ": is it a run directory?");
    }
    return new RunTables(dir, manifest(dir), summary, table(dir, "paired_deltas"),
        table(dir, "by_part"), table(dir, "by_chapter"), table(dir, "by_rule"),
        table(dir, "examples"), table(dir, "judge_agreement"));
  }

  static List<TableRow> table(String dir, String name) throws IOException {
    List<TableRow> rows = new ArrayList<>();
    for (GenericRecord r : ParquetFiles.readAll(dir + "/" + name + ".parquet")) {
      rows.add(new TableRow(r));
    }
    return rows;
  }

  /** run.json, or an empty object when the run has none (a run that did not finish). */
  static JsonNode manifest(String dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    MatchResult m = FileSystems.match(dir + "/run.json", EmptyMatchTreatment.ALLOW);
    if (m.status() != MatchResult.Status.OK || m.metadata().isEmpty()) {
      return json.createObjectNode();
    }
    try (InputStream in = Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
      return json.readTree(in);
    }
  }
}
