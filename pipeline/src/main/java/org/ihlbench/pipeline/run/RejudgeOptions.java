package org.ihlbench.pipeline.run;

import org.apache.beam.sdk.options.Description;

/** {@code ihlbench rejudge}: the run options, plus the earlier run whose answers are judged again. */
public interface RejudgeOptions extends IhlBenchOptions {
  @Description("The run directory whose stored answers are judged again (local or gs://),"
      + " e.g. out/runs/20261128T142124Z-351e9a")
  String getFrom();

  void setFrom(String value);
}
