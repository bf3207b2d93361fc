package org.ihlbench.pipeline.cli;

import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.pipeline.run.Rejudge;
import org.ihlbench.pipeline.run.RejudgeOptions;
import org.ihlbench.pipeline.run.RunContext;
import org.ihlbench.pipeline.run.RunExperiment;
import org.ihlbench.pipeline.run.RunManifest;
import org.ihlbench.pipeline.run.RunPacing;

/** {@code ihlbench rejudge}: an earlier run's answers judged again by another panel. */
public final class RejudgeCommand implements Command {
  @Override
  public String name() {
    return "rejudge";
  }

  @Override
  public String usage() {
    return "rejudge --from=RUN_DIR --config=FILE [--output=DIR] [--store=DIR] [--runId=ID]\n"
        + "      [--progressSeconds=N] [--runner=...]   (judges stored answers again: no model calls)";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    PipelineOptionsFactory.register(RejudgeOptions.class);
    RejudgeOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(RejudgeOptions.class);
    if (options.getConfig() == null || options.getFrom() == null) {
      System.err.println("rejudge: --from=RUN_DIR and --config=FILE are required");
      return ExitCode.USAGE;
    }
    // Options of `run` that rejudging shares the interface with but has no use for: accepting
    // them silently would, for --dryRun, make the paid calls a user meant to avoid.
    if (options.getDryRun() || options.getAllowRejectedRows()) {
      System.err.println("rejudge: --dryRun and --allowRejectedRows are options of `run`;"
          + " rejudge reads no prompts and has no dry run");
      return ExitCode.USAGE;
    }
    PipelineRun ran = PipelineRun.of(() -> Rejudge.run(options));
    if (ran.outcome() == null) {
      return ran.exitCode();
    }
    RunContext.Outcome outcome = ran.outcome();
    RunManifest m = outcome.manifest();
    RunCommand.printTables(outcome);
    long judgeCalls = 0;
    long fromStore = 0;
    for (var j : m.json().path("judges")) {
      judgeCalls += j.path("calls").asLong();
      fromStore += j.path("store_hits").asLong();
    }
    System.out.printf("rejudge %s of run %s: %d judged samples by %s; %d judge calls (%d from the"
            + " response store), no model calls%n", outcome.runId(),
        m.json().path("rejudged_from").asText(), m.count("judged_samples"), m.panel(),
        judgeCalls, fromStore);
    RunPacing pacing = RunPacing.read(outcome.runDir());
    pacing.print(System.out, System.err);
    System.out.println("outputs: " + outcome.runDir() + "/");
    if (!m.json().at("/balance/balanced").asBoolean()) {
      System.err.println("counts do not balance: " + m.json().get("balance"));
      return ExitCode.FAILED;
    }
    return pacing.gaveUp() > 0 ? ExitCode.RATE_LIMITED : ExitCode.OK;
  }
}
