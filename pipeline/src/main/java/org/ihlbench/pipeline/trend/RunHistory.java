package org.ihlbench.pipeline.trend;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.io.Folder;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.io.WriteRun;

/**
 * Every run stored under an output root ({@code <root>/runs/<run_id>/}), oldest first, and the
 * run folders that could not be read, each with why: one broken folder (a run.json that is not
 * JSON or lacks its start time, a summary.parquet that is corrupt or is another table) is named
 * and left out, never allowed to stop the trend or to count as a run.
 */
public final class RunHistory {
  private RunHistory() {}

  /** A run folder left out, and why. */
  public record Skipped(String folder, String reason) {}

  /** The readable runs, oldest first, and the folders that were skipped. */
  public record Loaded(List<RunRecord> runs, List<Skipped> skipped) {
    /** The experiments found, with how many runs each, by name. */
    public Map<String, Integer> experiments() {
      Map<String, Integer> out = new TreeMap<>();
      runs.forEach(r -> out.merge(r.experiment(), 1, Integer::sum));
      return out;
    }
  }

  /** The summary's columns monitoring reads; a table without them is not a summary. */
  static final List<String> SUMMARY_COLUMNS = List.of("model", "condition", "variant", "kind",
      "n", "refusal_rate", "refusal_ci_low", "refusal_ci_high", "helpful_rate", "helpful_ci_low",
      "helpful_ci_high", "ci_method");

  /**
   * Loads the runs that finished (have run.json) from any file system, the root's path taken
   * literally. Rejudges and dry runs are not runs of the models and are left out silently.
   */
  public static Loaded load(String outputRoot) throws IOException {
    String root = Folder.at(outputRoot).path();
    List<RunRecord> runs = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    Folder runsFolder = Folder.at(root + "/runs");
    for (MatchResult.Metadata m : runsFolder.files("*/" + RunDirectory.MANIFEST)) {
      String dir = m.resourceId().getCurrentDirectory().toString();
      RunDirectory run = RunDirectory.at(dir);
      try {
        read(run).ifPresent(runs::add);
      } catch (UnreadableRun e) {
        skipped.add(new Skipped(run.path(), e.getMessage()));
      } catch (IOException | RuntimeException e) {
        // Parquet and Avro readers fail with runtime exceptions too; either way the folder is
        // named, not the stack.
        skipped.add(new Skipped(run.path(), e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse(""))));
      }
    }
    runs.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId));
    return new Loaded(runs, skipped);
  }

  /** Why a run folder cannot be part of the history. */
  static final class UnreadableRun extends Exception {
    private static final long serialVersionUID = 1L;

    UnreadableRun(String message) {
      super(message);
    }
  }

  /** One run folder as a record; empty for a rejudge. */
  static Optional<RunRecord> read(RunDirectory run) throws IOException, UnreadableRun {
    JsonNode manifest;
    try {
      manifest = run.manifest().orElseThrow(() -> new UnreadableRun("run.json disappeared"));
    } catch (JsonProcessingException e) {
      throw new UnreadableRun("run.json is not valid JSON: " + e.getOriginalMessage());
    }
    if (!manifest.isObject()) {
      throw new UnreadableRun("run.json is not a JSON object");
    }
    if (manifest.path("kind").asText("run").equals("rejudge")) {
      // A rejudge is the same answers judged by another panel: not a new measurement.
      return Optional.empty();
    }
    for (String field : List.of("run_id", "experiment", "started_at")) {
      if (manifest.path(field).asText("").isBlank()) {
        throw new UnreadableRun("run.json has no " + field);
      }
    }
    try {
      Instant.parse(manifest.path("started_at").asText());
    } catch (DateTimeParseException e) {
      throw new UnreadableRun("run.json's started_at '" + manifest.path("started_at").asText()
          + "' is not a UTC time (e.g. 2026-11-28T14:21:24Z)");
    }
    if (!run.has(WriteRun.SUMMARY.name() + ".parquet")) {
      throw new UnreadableRun("no summary.parquet");
    }
    List<GenericRecord> rows = run.rows(WriteRun.SUMMARY.name());
    if (rows.isEmpty()) {
      throw new UnreadableRun("summary.parquet has no rows");
    }
    List<String> missing = new ArrayList<>();
    for (String column : SUMMARY_COLUMNS) {
      if (rows.get(0).getSchema().getField(column) == null) {
        missing.add(column);
      }
    }
    if (!missing.isEmpty()) {
      throw new UnreadableRun("summary.parquet is not a summary table: it has no column "
          + String.join(", ", missing));
    }
    return Optional.of(record(manifest, run.summary()));
  }

  /**
   * Each judge as monitoring compares it: name, model (or the rule-based judge's version),
   * rubric hash, and the model version its provider reported, so a changed judge shows.
   */
  static List<String> panelIdentity(JsonNode manifest) {
    Map<String, String> reported = new LinkedHashMap<>();
    manifest.path("judges").forEach(j -> reported.put(j.path("judge").asText(),
        j.path("model_version").asText("")));
    List<String> panel = new ArrayList<>();
    manifest.path("judge_panel").forEach(j -> {
      String name = j.path("name").asText();
      StringBuilder id = new StringBuilder(name).append(": ")
          .append(j.path("model_id").asText(j.path("version").asText(j.path("type").asText())));
      String rubric = j.path("rubric_sha256").asText("");
      if (!rubric.isEmpty()) {
        id.append(", rubric ").append(rubric, 0, Math.min(12, rubric.length()));
      }
      String version = reported.getOrDefault(name, "");
      if (!version.isEmpty()) {
        id.append(", reported ").append(version);
      }
      panel.add(id.toString());
    });
    return panel;
  }

  static RunRecord record(JsonNode manifest, List<SummaryRow> summary) {
    List<String> panel = panelIdentity(manifest);
    Map<String, Set<String>> versions = new LinkedHashMap<>();
    manifest.path("models").forEach(mn -> {
      Set<String> vs = new TreeSet<>();
      mn.path("reported_versions").fieldNames().forEachRemaining(vs::add);
      versions.put(mn.path("name").asText(), vs);
    });
    List<RunRecord.Cell> cells = new ArrayList<>();
    for (SummaryRow r : summary) {
      cells.add(new RunRecord.Cell(r.getModel(), r.getCondition(), r.getVariant(),
          r.getKind().name(), r.getN(), r.getRefusalRate(), r.getRefusalCiLow(),
          r.getRefusalCiHigh(), r.getHelpfulRate(), r.getHelpfulCiLow(), r.getHelpfulCiHigh(),
          r.getCiMethod(),
          // Runs written before summaries counted clusters read 0 there: not counted; runs
          // written before they stored standard errors read null there.
          r.getClusters() == 0 ? null : r.getClusters(), r.getRefusalSe(), r.getHelpfulSe()));
    }
    return new RunRecord(manifest.path("run_id").asText(),
        Instant.parse(manifest.path("started_at").asText()), manifest.path("experiment").asText(),
        manifest.path("dataset").path("hash").asText(), manifest.path("code_version").asText(),
        panel, versions, cells);
  }
}
