package org.ihlbench.pipeline.trend;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.ihlbench.records.SummaryRow;
import org.ihlbench.transforms.io.RunDirectory;

/** Every run stored under an output root ({@code <root>/runs/<run_id>/}), oldest first. */
public final class RunHistory {
  private RunHistory() {}

  /** Loads the runs that finished (have run.json and summary.parquet); any file system. */
  public static List<RunRecord> load(String outputRoot) throws IOException {
    String root = outputRoot.endsWith("/") ? outputRoot.substring(0, outputRoot.length() - 1)
        : outputRoot;
    MatchResult match = FileSystems.match(root + "/runs/*/run.json", EmptyMatchTreatment.ALLOW);
    List<RunRecord> runs = new ArrayList<>();
    if (match.status() != MatchResult.Status.OK) {
      return runs;
    }
    for (MatchResult.Metadata m : match.metadata()) {
      RunDirectory run = RunDirectory.at(m.resourceId().getCurrentDirectory().toString());
      JsonNode manifest = run.manifest().orElse(null);
      if (manifest == null || manifest.path("kind").asText("run").equals("rejudge")) {
        // A rejudge is the same answers judged by another panel: not a new measurement.
        continue;
      }
      List<SummaryRow> summary = run.summary();
      if (summary.isEmpty()) {
        continue;
      }
      runs.add(record(manifest, summary));
    }
    runs.sort(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId));
    return runs;
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
