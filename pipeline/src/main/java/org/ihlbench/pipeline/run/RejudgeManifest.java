package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.pipeline.config.RejudgeConfig;
import org.ihlbench.transforms.io.RunDirectory;

/**
 * {@code run.json} of a rejudge: which run it rejudged ({@code rejudged_from}), that run's
 * experiment as that run recorded it, the new panel, its judges' rate limits, and the counts in
 * and out.
 */
final class RejudgeManifest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RejudgeManifest() {}

  static RunManifest write(String runDir, String runId, RejudgeConfig config, JsonNode source,
      String from, RejudgeOptions options, String store, Instant started, Instant finished)
      throws IOException {
    Map<String, Long> counts = RunDirectory.at(runDir).counts().counts();
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("kind", "rejudge");
    root.put("rejudged_from", source.path("run_id").asText());
    root.put("rejudged_from_dir", from);
    root.put("experiment", source.path("experiment").asText(null));
    root.put("config_file", config.file());
    root.put("config_hash", config.configHash());
    root.put("source_config_hash", source.path("config_hash").asText(null));
    root.put("code_version", CodeVersion.get());
    root.put("runner", options.getRunner().getSimpleName());
    root.put("started_at", started.toString());
    root.put("finished_at", finished.toString());
    root.put("duration_seconds", Duration.between(started, finished).toMillis() / 1000.0);
    // What was asked and answered is the earlier run's: copied as it recorded it.
    for (String f : List.of("dataset", "models", "conditions", "variants", "seeds")) {
      if (source.has(f)) {
        root.set(f, source.get(f).deepCopy());
      }
    }
    config.panel().describe(root);
    root.put("response_store", store);
    PanelReport.addTo(root, runDir, config.budgetUsd());
    root.set("rate_limits", RunPacing.read(runDir).toJson());
    ObjectNode c = root.putObject("counts");
    counts.forEach(c::put);
    RunManifest manifest = new RunManifest(root, counts);
    ObjectNode balance = root.putObject("balance");
    balance.put("samples_in", counts.getOrDefault("samples", 0L));
    balance.put("judged_samples_out", counts.getOrDefault("judged_samples", 0L));
    balance.put("source_judged_samples", source.at("/counts/judged_samples").asLong(0));
    balance.put("balanced", manifest.balanced()
        && counts.getOrDefault("samples", 0L) == source.at("/counts/judged_samples").asLong(0));
    ResourceId out = FileSystems.matchNewResource(RunPaths.file(runDir, RunManifest.FILE), false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(out, MimeTypes.TEXT))) {
      JSON.writeValue(os, root);
    }
    return manifest;
  }
}
