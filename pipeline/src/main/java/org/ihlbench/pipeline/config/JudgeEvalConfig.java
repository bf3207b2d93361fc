package org.ihlbench.pipeline.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.ihlbench.records.RefusalLevel;
import org.ihlbench.transforms.judges.evaluation.LabelFormat;

/**
 * What {@code ihlbench judge-eval} reads from its config: the panel ({@code judges}, required),
 * how the labelled file is laid out ({@code labels}, optional), where outputs and the response
 * store go ({@code output}, {@code store}) and the judges' budget ({@code calls}). An experiment
 * config can be used as it is (its other fields are allowed and not used), or a small file with
 * just these sections:
 *
 * <pre>
 * judges:
 *   panel: [{name: rules, type: rules}]
 * labels:                      # every field optional; these are the defaults
 *   id: id                     # column names
 *   request: request
 *   response: response
 *   label: label
 *   helpful: helpful
 *   groups: []                 # columns to break the refusal-rate bias down by
 *   values: {full: full, partial: partial, none: none}   # label as written -> level
 * </pre>
 */
public record JudgeEvalConfig(String file, PanelConfig panel, LabelFormat labels, String output,
    String store, int shardsPerBucket, double budgetUsd, long rateLimitPatienceSeconds) {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> LABEL_FIELDS =
      Set.of("id", "request", "response", "label", "helpful", "groups", "values");

  public static JudgeEvalConfig load(Path file, Map<String, String> env) {
    ConfigFile f = ConfigFile.read(file, "judge-eval config");
    ConfigNode r = f.root();
    Set<String> fields = new HashSet<>(ExperimentConfig.FIELDS);
    fields.add("labels");
    r.allowOnly(fields);
    if (!r.get("judges").present()) {
      throw r.get("judges").error("is required: the panel whose judges are evaluated");
    }
    ObjectNode hashed = JSON.createObjectNode();
    hashed.set("judges", r.node().get("judges").deepCopy());
    PanelConfig panel = PanelConfig.parse(r.get("judges"), f.dir(), env, hashed);
    ConfigNode calls = r.get("calls");
    CallsConfig parsed = CallsConfig.parse(calls);
    // Only judges are called: their budget applies (an experiment's config can be reused as
    // is), else budget_usd.
    boolean judgeBudget = calls.get("judge_budget_usd").present();
    double budget = judgeBudget ? parsed.judgeBudgetUsd() : parsed.budgetUsd();
    if (budget > 0) {
      panel.requireCompletionCaps(r.get("judges"),
          judgeBudget ? "calls.judge_budget_usd" : "calls.budget_usd");
    }
    String output = r.get("output").present() ? f.resolve(r.get("output").text()) : null;
    String store = r.get("store").present() ? f.resolve(r.get("store").text()) : null;
    return new JudgeEvalConfig(r.file(), panel, labels(r.get("labels")), output, store,
        parsed.shardsPerBucket(), budget, parsed.rateLimitPatienceSeconds());
  }

  static LabelFormat labels(ConfigNode l) {
    l.allowOnly(LABEL_FIELDS);
    LabelFormat d = LabelFormat.defaults();
    Map<String, RefusalLevel> values = LabelFormat.identityValues();
    ConfigNode v = l.get("values");
    if (v.present()) {
      if (!v.node().isObject() || v.node().isEmpty()) {
        throw v.error("must be a mapping from each label value in the file to full, partial or"
            + " none, e.g. {\"2_full_refusal\": full}");
      }
      values = new LinkedHashMap<>();
      for (var it = v.node().fieldNames(); it.hasNext(); ) {
        String raw = it.next();
        String level = v.get(raw).text();
        try {
          values.put(raw, RefusalLevel.valueOf(level));
        } catch (IllegalArgumentException e) {
          throw v.get(raw).error("'" + level + "' is not one of full, partial, none");
        }
      }
    }
    return new LabelFormat(l.get("id").text(d.id()), l.get("request").text(d.request()),
        l.get("response").text(d.response()), l.get("label").text(d.label()),
        l.get("helpful").text(d.helpful()), l.get("groups").texts(), values);
  }
}
