package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.ihlbench.transforms.ContentHash;
import org.ihlbench.transforms.providers.Params;

/**
 * What {@code ihlbench rejudge} reads from its config: the new panel ({@code judges}, required),
 * where results go ({@code output}, {@code store}; without an output, the earlier run's) and how
 * calls are made ({@code calls}). An
 * experiment config can be reused as it is: its other fields are allowed and not used, since the
 * samples and answers come from the earlier run. Its {@code stats} section is read against the
 * earlier run's conditions and variants ({@link ExperimentConfig#parseStats}).
 */
public record RejudgeConfig(
    String name,
    String file,
    PanelConfig panel,
    String output,
    String store,
    int shardsPerBucket,
    double budgetUsd,
    String configHash,
    ConfigNode stats) {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  public static RejudgeConfig load(Path file, Map<String, String> env) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new ConfigException("rejudge config " + file + ": no such file");
    } catch (IOException e) {
      throw new ConfigException("cannot read rejudge config " + file + ": " + e);
    }
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage());
    }
    ConfigNode r = new ConfigNode(file.toString(), "", root);
    if (!r.present() || !r.node().isObject()) {
      throw r.error("the config must be a YAML mapping");
    }
    r.allowOnly(ExperimentConfig.FIELDS);
    if (!r.get("judges").present()) {
      throw r.get("judges").error("is required: rejudging needs the panel that judges again");
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    ObjectNode hashed = YAML.createObjectNode();
    hashed.set("judges", root.get("judges").deepCopy());
    PanelConfig panel = PanelConfig.parse(r.get("judges"), dir, env, hashed);
    ConfigNode calls = r.get("calls").allowOnly(
        Set.of("shards_per_bucket", "budget_usd", "judge_budget_usd"));
    // Rejudging calls only judges: their budget is the one that applies (an experiment's
    // config can be reused as is), else budget_usd.
    double budget = calls.get("judge_budget_usd").present()
        ? calls.get("judge_budget_usd").number(0, 0) : calls.get("budget_usd").number(0, 0);
    if (budget > 0) {
      panel.requireCompletionCaps(r.get("judges"), calls.get("judge_budget_usd").present()
          ? "calls.judge_budget_usd" : "calls.budget_usd");
    }
    if (root.has("calls")) {
      hashed.set("calls", root.get("calls").deepCopy());
    }
    // Without an output, a rejudge goes beside the run it rejudges (Rejudge decides).
    String output = r.get("output").present()
        ? ExperimentConfig.resolve(dir, r.get("output").text()) : null;
    String store = r.get("store").present() ? ExperimentConfig.resolve(dir, r.get("store").text()) : null;
    return new RejudgeConfig(r.get("name").text("rejudge"), r.file(), panel, output, store,
        calls.get("shards_per_bucket").integer(1, 1), budget,
        ContentHash.sha256Hex(Params.canonical(hashed)), r.get("stats"));
  }
}
