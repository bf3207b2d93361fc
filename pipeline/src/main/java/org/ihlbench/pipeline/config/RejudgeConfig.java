package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * What {@code ihlbench rejudge} reads from its config: the new panel ({@code judges}, required),
 * where results go ({@code output}, {@code store}; without an output, the earlier run's) and how
 * calls are made ({@code calls}). An experiment config can be reused as it is: its other fields
 * are allowed and not used, since the samples and answers come from the earlier run. Its
 * {@code stats} section is read against the earlier run's conditions and variants
 * ({@link #stats(List, List)}).
 */
public record RejudgeConfig(
    String name,
    String file,
    PanelConfig panel,
    String output,
    String store,
    int shardsPerBucket,
    double budgetUsd,
    long rateLimitPatienceSeconds,
    String configHash,
    ConfigNode statsNode) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static RejudgeConfig load(Path file, Map<String, String> env) {
    ConfigFile f = ConfigFile.read(file, "rejudge config");
    ConfigNode r = f.root();
    r.allowOnly(ExperimentConfig.FIELDS);
    if (!r.get("judges").present()) {
      throw r.get("judges").error("is required: rejudging needs the panel that judges again");
    }
    ObjectNode hashed = JSON.createObjectNode();
    hashed.set("judges", r.node().get("judges").deepCopy());
    PanelConfig panel = PanelConfig.parse(r.get("judges"), f.dir(), env, hashed);
    ConfigNode calls = r.get("calls");
    CallsConfig parsed = CallsConfig.parse(calls);
    // Rejudging calls only judges: their budget is the one that applies (an experiment's
    // config can be reused as is), else budget_usd.
    boolean judgeBudget = calls.get("judge_budget_usd").present();
    double budget = judgeBudget ? parsed.judgeBudgetUsd() : parsed.budgetUsd();
    if (budget > 0) {
      panel.requireCompletionCaps(r.get("judges"),
          judgeBudget ? "calls.judge_budget_usd" : "calls.budget_usd");
    }
    if (r.node().has("calls")) {
      hashed.set("calls", r.node().get("calls").deepCopy());
    }
    // Without an output, a rejudge goes beside the run it rejudges (Rejudge decides).
    String output = r.get("output").present() ? f.resolve(r.get("output").text()) : null;
    String store = r.get("store").present() ? f.resolve(r.get("store").text()) : null;
    return new RejudgeConfig(r.get("name").text("rejudge"), r.file(), panel, output, store,
        parsed.shardsPerBucket(), budget, parsed.rateLimitPatienceSeconds(),
        ConfigFile.hash(hashed), r.get("stats"));
  }

  /** The {@code stats} section, read against the conditions and variants of the earlier run. */
  public StatsSettings stats(List<String> conditions, List<String> variants) {
    return StatsConfig.parse(statsNode, conditions, variants);
  }
}
