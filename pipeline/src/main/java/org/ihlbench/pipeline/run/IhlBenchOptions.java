package org.ihlbench.pipeline.run;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * Switches and paths for a run. Experiment content (models, prompts, conditions) lives in the
 * config file, never here, and so do no secrets: options are logged and shipped to workers.
 */
public interface IhlBenchOptions extends PipelineOptions {
  @Description("Experiment config (YAML), e.g. configs/demo.yaml")
  String getConfig();

  void setConfig(String value);

  @Description("Output root (local or gs://); each run writes under <output>/runs/<run_id>/."
      + " Overrides the config's 'output'.")
  String getOutput();

  void setOutput(String value);

  @Description("Response store path (local or gs://). Overrides the config's 'store'.")
  String getStore();

  void setStore(String value);

  @Description("Run id; by default the UTC start time and a random suffix")
  String getRunId();

  void setRunId(String value);

  @Description("Exit 0 even when rows of the prompt set were rejected (they are still written"
      + " to errors/dead_letters.jsonl)")
  @Default.Boolean(false)
  boolean getAllowRejectedRows();

  void setAllowRejectedRows(boolean value);

  @Description("Seconds between progress lines while calls are made (0: none)")
  @Default.Integer(10)
  int getProgressSeconds();

  void setProgressSeconds(int value);

  @Description("Make no calls: count the models' calls the run would make (response-store misses"
      + " after merging identical requests) and the LLM judges' (an upper bound: one per judge"
      + " and sample), estimate their tokens and cost, print them and write them to"
      + " <output>/runs/<run_id>/dry_run.json")
  @Default.Boolean(false)
  boolean getDryRun();

  void setDryRun(boolean value);

  @Description("For models and judges in batch mode (calls.mode: batch): submit their batches,"
      + " collect those that have ended, and exit without waiting for the rest; run the same"
      + " command again (without it) to collect them and write the results")
  @Default.Boolean(false)
  boolean getSubmitOnly();

  void setSubmitOnly(boolean value);
}
