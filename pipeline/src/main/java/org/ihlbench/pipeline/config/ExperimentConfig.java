package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ihlbench.transforms.expand.ExperimentDesign;
import org.ihlbench.transforms.expand.Variant;
import org.ihlbench.transforms.expand.Variants;
import org.ihlbench.transforms.io.DatasetCheck;
import org.ihlbench.transforms.io.PromptFile;
import org.ihlbench.transforms.io.PromptFormat;
import org.ihlbench.transforms.judges.Panel;
import org.ihlbench.transforms.judges.PanelJudge;
import org.ihlbench.transforms.providers.BatchSettings;
import org.ihlbench.transforms.providers.Endpoint;
import org.ihlbench.transforms.stats.StatsSettings;

/**
 * An experiment, read once from YAML and validated: the prompt set, the models and how to reach
 * them, the conditions (system prompts), variants, seeds, the judge panel, and where results go.
 * Relative paths resolve against the config file's folder. Every error names the file and the
 * field. API keys are never in the config: only the names of the environment variables that
 * hold them.
 */
public record ExperimentConfig(
    String name,
    String file,
    List<String> datasetPaths,
    String datasetFormat,
    String datasetCoverage,
    List<Endpoint> models,
    List<ExperimentDesign.Condition> conditions,
    List<String> variants,
    List<Integer> seeds,
    List<PanelJudge> judges,
    String tiebreaker,
    String output,
    String store,
    int shardsPerBucket,
    double budgetUsd,
    double judgeBudgetUsd,
    String configHash,
    StatsSettings stats,
    long rateLimitPatienceSeconds,
    int maxPromptChars,
    BatchSettings batch) {

  /** The top-level fields of an experiment. */
  static final Set<String> FIELDS = Set.of("name", "description", "dataset", "models",
      "conditions", "variants", "seeds", "repeats", "judges", "output", "store", "calls",
      "stats");

  public static ExperimentConfig load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads with an explicit environment, for {@code ${VAR}} references in base URLs. */
  public static ExperimentConfig load(Path file, Map<String, String> env) {
    return parse(ConfigFile.read(file, "experiment config"), env);
  }

  /** Each section in turn, in the order the file is usually written; the first error wins. */
  static ExperimentConfig parse(ConfigFile file, Map<String, String> env) {
    ConfigNode root = file.root();
    Path dir = file.dir();
    root.allowOnly(FIELDS);
    String name = root.get("name").text();

    ConfigNode ds = root.get("dataset").allowOnly(Set.of("paths", "format", "coverage",
        "max_prompt_chars"));
    if (!ds.present()) {
      throw ds.error("is required");
    }
    List<String> datasetPaths = ds.get("paths").texts().stream().map(file::resolve).toList();
    if (datasetPaths.isEmpty()) {
      throw ds.get("paths").error("give at least one file or pattern");
    }
    String format = ds.get("format").text("ihlbench-jsonl");
    // Which of the 161 rules the set means to cover, for `ihlbench validate`: a subset such as
    // the starter set is "partial". It does not change what a run does, so it is not hashed.
    String coverage = ds.get("coverage").text("full");
    try {
      DatasetCheck.Coverage.named(coverage);
    } catch (IllegalArgumentException e) {
      throw ds.get("coverage").error(e.getMessage());
    }
    // Longer prompts are dead letters: most likely a mistake, and every call would pay for them.
    int maxPromptChars = ds.get("max_prompt_chars").integer(PromptFile.DEFAULT_MAX_PROMPT_CHARS, 1);
    try {
      PromptFormat.named(format);
    } catch (IllegalArgumentException e) {
      throw ds.get("format").error(e.getMessage());
    }

    ObjectNode hashed = (ObjectNode) root.node().deepCopy();
    List<Endpoint> models = EndpointConfig.models(root.get("models"), env);
    Set<String> modelNames = new LinkedHashSet<>();
    models.forEach(m -> modelNames.add(m.name()));
    List<ExperimentDesign.Condition> conditions =
        ConditionsConfig.parse(root.get("conditions"), dir, modelNames, hashed);
    List<String> variants = parseVariants(root.get("variants"));
    List<Integer> seeds = parseSeeds(root);
    PanelConfig panel = PanelConfig.parse(root.get("judges"), dir, env, hashed);

    String output = file.resolve(root.get("output").text("out"));
    // Without a store of its own, a run keeps its answers under whatever output it writes to.
    String store = root.get("store").present() ? file.resolve(root.get("store").text()) : null;
    CallsConfig calls = CallsConfig.parse(root.get("calls"));
    if (calls.budgetUsd() > 0) {
      for (int i = 0; i < models.size(); i++) {
        EndpointConfig.requireCompletionCap(models.get(i), root.get("models").at(i),
            "calls.budget_usd");
      }
    }
    if (calls.judgeBudgetUsd() > 0) {
      panel.requireCompletionCaps(root.get("judges"), "calls.judge_budget_usd");
    }

    StatsSettings stats = StatsConfig.parse(root.get("stats"),
        conditions.stream().map(ExperimentDesign.Condition::name).toList(), variants)
        .withErrorRates(ErrorRatesConfig.parse(root.get("judges").get("error_rates"), dir,
            panel.judges(), hashed));

    hashed.remove(List.of("output", "store", "description"));
    ((ObjectNode) hashed.get("dataset")).remove("coverage");
    return new ExperimentConfig(name, root.file(), datasetPaths, format, coverage, models,
        conditions, variants, seeds, panel.judges(), panel.tiebreaker(), output, store,
        calls.shardsPerBucket(), calls.budgetUsd(), calls.judgeBudgetUsd(),
        ConfigFile.hash(hashed), stats, calls.rateLimitPatienceSeconds(), maxPromptChars,
        calls.batch());
  }

  private static List<String> parseVariants(ConfigNode node) {
    List<String> variants = node.present() ? node.texts() : List.of("plain");
    for (int i = 0; i < variants.size(); i++) {
      try {
        Variants.named(variants.get(i));
      } catch (IllegalArgumentException e) {
        throw node.at(i).error(e.getMessage());
      }
    }
    if (new LinkedHashSet<>(variants).size() != variants.size()) {
      throw node.error("lists a variant twice");
    }
    return variants;
  }

  private static List<Integer> parseSeeds(ConfigNode root) {
    ConfigNode seeds = root.get("seeds");
    ConfigNode repeats = root.get("repeats");
    if (seeds.present() && repeats.present()) {
      throw repeats.error("give either seeds or repeats, not both");
    }
    if (repeats.present()) {
      int n = repeats.integer(1, 1);
      List<Integer> out = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        out.add(i);
      }
      return out;
    }
    if (!seeds.present()) {
      return List.of(1);
    }
    List<Integer> out = new ArrayList<>();
    for (ConfigNode s : seeds.list()) {
      out.add(s.integer(0, 0));
    }
    if (out.isEmpty() || new LinkedHashSet<>(out).size() != out.size()) {
      throw seeds.error("give distinct seeds");
    }
    return out;
  }

  public ExperimentDesign design() {
    List<ExperimentDesign.Model> ms = models.stream()
        .map(e -> new ExperimentDesign.Model(e.name(), e.provider(), e.protocol(), e.modelId()))
        .toList();
    List<Variant> vs = variants.stream().map(Variants::named).toList();
    return new ExperimentDesign(ms, conditions, vs, seeds);
  }

  public Map<String, Endpoint> endpointsByModel() {
    Map<String, Endpoint> out = new LinkedHashMap<>();
    models.forEach(m -> out.put(m.name(), m));
    return out;
  }

  /** Every endpoint the experiment calls: its models', then its judges'. */
  public List<Endpoint> endpoints() {
    List<Endpoint> all = new ArrayList<>(models);
    all.addAll(panelConfig().endpoints());
    return all;
  }

  public PanelConfig panelConfig() {
    return new PanelConfig(judges, tiebreaker);
  }

  public Panel panel() {
    return panelConfig().panel();
  }

  public PromptFormat format() {
    return PromptFormat.named(datasetFormat);
  }
}
