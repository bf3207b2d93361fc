package org.ihlbench.pipeline.run;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** {@code ihlbench judge-eval}: a panel, a file of labelled answers, and where results go. */
public interface JudgeEvalOptions extends PipelineOptions {
  @Description("Labelled answers, CSV or JSONL (local or gs://)")
  String getLabels();

  void setLabels(String value);

  @Description("Config with the judges section (an experiment config, or a file with judges and"
      + " optionally labels, output, store, calls)")
  String getConfig();

  void setConfig(String value);

  @Description("Directory for judge_eval.json and the tables; by default"
      + " <config output or out>/judge-eval/<id>")
  String getOutput();

  void setOutput(String value);

  @Description("Response store for the LLM judges' calls; by default the config's store, else"
      + " <config output or out>/store")
  String getStore();

  void setStore(String value);

  @Description("Group columns for the bias figures, comma-separated; overrides labels.groups")
  String getGroups();

  void setGroups(String value);

  @Description("Exit 0 even when rows of the labelled file were left out (they are listed in"
      + " judge_eval.json and errors/bad_rows.jsonl)")
  @Default.Boolean(false)
  boolean getAllowBadRows();

  void setAllowBadRows(boolean value);

  @Description("Seconds between progress lines while judges are called (0: none)")
  @Default.Integer(10)
  int getProgressSeconds();

  void setProgressSeconds(int value);
}
