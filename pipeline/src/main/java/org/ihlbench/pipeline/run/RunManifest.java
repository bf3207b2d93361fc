package org.ihlbench.pipeline.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.ihlbench.pipeline.config.ExperimentConfig;
import org.ihlbench.transforms.expand.ExperimentDesign;
import org.ihlbench.transforms.io.DatasetIdentity;
import org.ihlbench.transforms.io.RunDirectory;
import org.ihlbench.transforms.providers.Endpoint;

/**
 * {@code run.json}: what was run (config hash, dataset hash, code version, runner, models,
 * conditions, panel), when, and the counts in and out, with whether they balance: every prompt
 * row read is a prompt or a dead letter, and every sample expanded is a judged sample written.
 */
public record RunManifest(ObjectNode json, Map<String, Long> counts) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static final String FILE = RunDirectory.MANIFEST;

  public long count(String name) {
    return counts.getOrDefault(name, 0L);
  }

  /** The judges' names, in panel order. */
  public java.util.List<String> panel() {
    java.util.List<String> names = new java.util.ArrayList<>();
    json.path("judge_panel").forEach(j -> names.add(j.path("name").asText()));
    return names;
  }

  /**
   * Samples expanded = judged samples in the folder, read back from its Avro and its Parquet
   * files; prompt rows rejected = dead letters in the folder: nothing was lost or doubled.
   */
  public boolean balanced() {
    return json.at("/balance/balanced").asBoolean(false);
  }

  /**
   * Writes {@code balance} into a manifest: the pipeline's counts in against what the folder
   * holds, read back (so shards an earlier attempt left beside this one's would unbalance it);
   * returns whether it balances.
   */
  static boolean putBalance(ObjectNode root, Map<String, Long> counts,
      RunDirectory.Written written) {
    long samples = counts.getOrDefault("samples", 0L);
    long rejected = counts.getOrDefault("rows_rejected", 0L);
    ObjectNode balance = root.putObject("balance");
    balance.put("prompt_rows_in", counts.getOrDefault("prompts", 0L) + rejected);
    balance.put("samples_in", samples);
    balance.put("judged_samples_out", written.judgedAvro());
    balance.put("judged_rows_out", written.judgedParquet());
    balance.put("dead_letters_out", written.deadLetters());
    boolean balanced = samples == counts.getOrDefault("judged_samples", 0L)
        && written.judgedAvro() == samples && written.judgedParquet() == samples
        && written.deadLetters() == rejected;
    balance.put("balanced", balanced);
    return balanced;
  }

  static RunManifest write(String runDir, String runId, ExperimentConfig config,
      DatasetIdentity dataset, IhlBenchOptions options, String store, Instant started,
      Instant finished) throws IOException {
    RunDirectory dir = RunDirectory.at(runDir);
    RunDirectory.Counts read = dir.counts();
    Map<String, Long> counts = read.counts();
    ObjectNode root = JSON.createObjectNode();
    root.put("run_id", runId);
    root.put("experiment", config.name());
    root.put("config_file", config.file());
    root.put("config_hash", config.configHash());
    root.put("code_version", CodeVersion.get());
    root.put("runner", options.getRunner().getSimpleName());
    root.put("started_at", started.toString());
    root.put("finished_at", finished.toString());
    root.put("duration_seconds", Duration.between(started, finished).toMillis() / 1000.0);
    ObjectNode ds = root.putObject("dataset");
    ds.put("format", config.datasetFormat());
    ds.put("hash", dataset.hash());
    ArrayNode files = ds.putArray("files");
    dataset.files().forEach(files::add);
    ArrayNode models = root.putArray("models");
    for (Endpoint e : config.models()) {
      ObjectNode m = models.addObject();
      m.put("name", e.name());
      ObjectNode versions = m.putObject("reported_versions");
      read.modelVersions().getOrDefault(e.name(), Map.of()).forEach(versions::put);
      m.put("provider", e.provider());
      m.put("protocol", e.protocol());
      m.put("model_id", e.modelId());
      m.put("api_key_env", e.apiKeyEnv());
      m.put("params", e.paramsJson());
    }
    ArrayNode conditions = root.putArray("conditions");
    for (ExperimentDesign.Condition c : config.conditions()) {
      ObjectNode cn = conditions.addObject();
      cn.put("name", c.name());
      cn.put("system_prompt_sha256", ExperimentDesign.systemPromptHash(c.systemPrompt()));
      if (!c.perModel().isEmpty()) {
        ObjectNode pm = cn.putObject("per_model_sha256");
        c.perModel().forEach((k, v) -> pm.put(k, ExperimentDesign.systemPromptHash(v)));
      }
    }
    ArrayNode variants = root.putArray("variants");
    config.design().variants().forEach(v -> variants.addObject()
        .put("name", v.name()).put("version", v.version()));
    ArrayNode seeds = root.putArray("seeds");
    config.seeds().forEach(seeds::add);
    config.panelConfig().describe(root);
    PanelReport.addTo(root, runDir, config.judgeBudgetUsd());
    root.set("call_modes", BatchPlan.callModes(config.endpoints()));
    root.put("response_store", store);
    root.set("spend", RunSpend.read(runDir, config.budgetUsd()).toJson());
    root.set("rate_limits", RunPacing.read(runDir).toJson());
    ObjectNode c = root.putObject("counts");
    counts.forEach(c::put);
    putBalance(root, counts, dir.written());
    RunManifest manifest = new RunManifest(root, counts);

    ResourceId out = FileSystems.matchNewResource(RunPaths.file(runDir, FILE), false);
    try (OutputStream os = Channels.newOutputStream(FileSystems.create(out, MimeTypes.TEXT))) {
      JSON.writeValue(os, root);
    }
    return manifest;
  }
}
