package org.ihlbench.transforms.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.ihlbench.transforms.io.RunDirectory;

/**
 * A finished run's small tables and manifest, read from its {@link RunDirectory} (local or
 * gs://): what the report and the power command work from. The tables are kept as rows by column
 * ({@link TableRow}) so that the report can show a table of another version as it is. Tables a
 * run did not write (judge_agreement without a judge panel, say) read as empty; a run without
 * run.json has an empty manifest.
 */
public record RunTables(String runDir, JsonNode manifest, List<TableRow> summary,
    List<TableRow> pairedDeltas, List<TableRow> byPart, List<TableRow> byChapter,
    List<TableRow> byRule, List<TableRow> examples, List<TableRow> judgeAgreement) {

  public static RunTables read(String runDir) throws IOException {
    RunDirectory run = RunDirectory.at(runDir);
    List<TableRow> summary = table(run, "summary");
    if (summary.isEmpty()) {
      throw new IOException("no summary.parquet in " + run.path() + ": is it a run directory?");
    }
    return new RunTables(run.path(),
        run.manifest().orElseGet(() -> new ObjectMapper().createObjectNode()), summary,
        table(run, "paired_deltas"), table(run, "by_part"), table(run, "by_chapter"),
        table(run, "by_rule"), table(run, "examples"), table(run, "judge_agreement"));
  }

  /** A table as it is in the file: the report shows tables of other versions too. */
  static List<TableRow> table(RunDirectory run, String name) throws IOException {
    return run.rows(name).stream().map(TableRow::new).toList();
  }
}
