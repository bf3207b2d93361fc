package org.ihlbench.pipeline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.ihlbench.pipeline.run.BatchPlan;
import org.ihlbench.pipeline.run.DryRun;
import org.ihlbench.pipeline.run.IhlBenchOptions;
import org.ihlbench.pipeline.run.PanelReport;
import org.ihlbench.pipeline.run.RunContext;
import org.ihlbench.pipeline.run.RunExperiment;
import org.ihlbench.pipeline.run.RunManifest;
import org.ihlbench.pipeline.run.RunPacing;
import org.ihlbench.pipeline.run.RunSpend;

/** {@code ihlbench run}: one experiment end to end, then its summary table. */
public final class RunCommand implements Command {
  @Override
  public String name() {
    return "run";
  }

  @Override
  public String usage() {
    return "run --config=FILE [--output=DIR] [--store=DIR] [--runId=ID] [--allowRejectedRows]\n"
        + "      [--progressSeconds=N] [--dryRun] [--submitOnly]"
        + " [--runner=DirectRunner | --runner=FlinkRunner --flinkMaster=...]";
  }

  /** The summary and the panel's tables of a finished run (or rejudge), between blank lines. */
  static void printTables(RunContext.Outcome outcome) throws java.io.IOException {
    System.out.println();
    SummaryTable.print(outcome.runDir(), System.out);
    System.out.println();
    PanelReport.print(outcome.runDir(), outcome.manifest().panel(), System.out);
    System.out.println();
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    IhlBenchOptions options = Flags.parse(args, IhlBenchOptions.class);
    if (options.getConfig() == null) {
      throw new UsageException("--config=FILE is required");
    }
    if (options.getDryRun()) {
      PipelineRun<DryRun.Plan> planned = PipelineRun.of(() -> DryRun.run(options));
      if (planned.outcome() != null) {
        DryRun.print(planned.outcome(), System.out);
      }
      return planned.exitCode();
    }
    if (options.getSubmitOnly()) {
      PipelineRun<BatchPlan.Pending> submitted =
          PipelineRun.of(() -> RunExperiment.submit(options));
      if (submitted.outcome() != null) {
        submitted.outcome().print(System.out);
      }
      return submitted.exitCode();
    }
    PipelineRun<RunContext.Outcome> ran = PipelineRun.of(() -> RunExperiment.run(options));
    if (ran.outcome() == null) {
      return ran.exitCode();
    }
    RunContext.Outcome outcome = ran.outcome();
    RunManifest m = outcome.manifest();
    printTables(outcome);
    System.out.printf("run %s: %d prompts, %d samples, %d judged (%d answered, %d provider"
            + " refusals, %d call errors), %d from the response store%n",
        outcome.runId(), m.count("prompts"), m.count("samples"), m.count("judged_samples"),
        m.count("answered"), m.count("provider_refusals"), m.count("call_errors"),
        m.count("from_store"));
    RunSpend.read(outcome.runDir(), m.json().at("/spend/budget/budget_usd").asDouble(0))
        .print(System.out);
    boolean judgesCallModels = false;
    for (JsonNode j : m.json().path("judge_panel")) {
      judgesCallModels |= j.hasNonNull("provider");
    }
    if (judgesCallModels) {
      System.out.printf("judges (estimated from the price table): $%.4f%n",
          m.json().path("judge_spend_usd").asDouble());
    }
    if (m.json().at("/judge_budget/reached").asBoolean()) {
      System.err.printf("judge budget of $%.2f reached: %d judge calls not made; those verdicts"
              + " are abstentions, so some samples have fewer judges or none%n",
          m.json().at("/judge_budget/budget_usd").asDouble(),
          m.json().at("/judge_budget/calls_not_made").asLong());
    }
    RunPacing pacing = RunPacing.read(outcome.runDir());
    pacing.print(System.out, System.err);
    System.out.println("outputs: " + outcome.runDir() + "/ (summary.parquet, judged_samples-*."
        + "{parquet,avro}, errors/, run.json)");
    System.out.println("report: " + outcome.runDir() + "/report.html (paired_deltas, by_chapter,"
        + " by_rule, by_part, examples .parquet beside it)");
    if (!m.balanced()) {
      System.err.println("counts do not balance: " + m.count("samples") + " samples in, "
          + m.count("judged_samples") + " judged samples out");
      return ExitCode.FAILED;
    }
    if (m.count("call_errors") > 0) {
      System.err.println(m.count("call_errors") + " samples have no answer because their calls"
          + " failed; see " + outcome.runDir() + "/errors/call_errors.jsonl");
      if (pacing.gaveUp() == 0 && m.count("call_errors") == m.count("samples")) {
        return ExitCode.FAILED;
      }
    }
    if (pacing.gaveUp() > 0) {
      return ExitCode.RATE_LIMITED;
    }
    if (m.count("rows_rejected") > 0) {
      System.err.println(m.count("rows_rejected") + " prompt rows were rejected; see "
          + outcome.runDir() + "/errors/dead_letters.jsonl"
          + (options.getAllowRejectedRows() ? "" : " (pass --allowRejectedRows to accept)"));
      return options.getAllowRejectedRows() ? ExitCode.OK : ExitCode.REJECTED_ROWS;
    }
    return ExitCode.OK;
  }
}
