package org.ihlbench.pipeline.cli;

import java.io.FileNotFoundException;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.pipeline.config.ConfigException;
import org.ihlbench.pipeline.run.JudgeEval;
import org.ihlbench.pipeline.run.JudgeEvalOptions;
import org.ihlbench.pipeline.run.RunPaths;
import org.ihlbench.transforms.judges.evaluation.EvaluationTables;
import org.ihlbench.transforms.judges.evaluation.LabelledAnswers;
import org.ihlbench.transforms.providers.ProviderAuthException;

/**
 * {@code ihlbench judge-eval}: how far each judge of a panel, and its majority, agree with
 * people's labels on a file of answers. The logic is in {@link JudgeEval} and
 * transforms' {@code judges/evaluation}.
 */
public final class JudgeEvalCommand implements Command {
  @Override
  public String name() {
    return "judge-eval";
  }

  @Override
  public String usage() {
    return "judge-eval --labels=FILE.csv|.jsonl --config=FILE [--output=DIR] [--store=DIR]\n"
        + "      [--groups=COL,...] [--allowBadRows] [--progressSeconds=N]"
        + "   (scores a panel against labelled answers)";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    PipelineOptionsFactory.register(JudgeEvalOptions.class);
    JudgeEvalOptions options =
        PipelineOptionsFactory.fromArgs(args).withValidation().as(JudgeEvalOptions.class);
    if (options.getConfig() == null || options.getLabels() == null) {
      System.err.println("judge-eval: --labels=FILE and --config=FILE are required");
      return ExitCode.USAGE;
    }
    JudgeEval.Outcome outcome;
    try {
      outcome = JudgeEval.run(options);
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (LabelledAnswers.FileException e) {
      System.err.println("labels: " + e.getMessage());
      return ExitCode.USAGE;
    } catch (FileNotFoundException e) {
      System.err.println("labels: cannot read " + options.getLabels() + ": " + e.getMessage());
      return ExitCode.USAGE;
    } catch (RuntimeException e) {
      ProviderAuthException auth = PipelineRun.find(e, ProviderAuthException.class);
      if (auth == null) {
        throw e;
      }
      System.err.println("credentials: " + auth.getMessage());
      return ExitCode.AUTH;
    }
    LabelledAnswers.Read read = outcome.read();
    System.out.printf("judge-eval: %d labelled answers from %s (%d rows, %d left out)%n",
        read.answers().size(), options.getLabels(), read.rows(), read.bad().size());
    for (LabelledAnswers.BadRow b : read.bad().subList(0, Math.min(10, read.bad().size()))) {
      System.err.println("  " + b.message());
    }
    if (read.bad().size() > 10) {
      System.err.println("  ... and " + (read.bad().size() - 10) + " more in "
          + RunPaths.file(outcome.dir(), JudgeEval.BAD_ROWS_FILE));
    }
    System.out.print(EvaluationTables.printout(outcome.evaluation()));
    System.out.println("outputs: " + outcome.dir() + "/ (" + JudgeEval.REPORT_FILE + ", "
        + JudgeEval.FIGURES_FILE + ", " + JudgeEval.ITEMS_FILE + ", judged_samples-*.avro)");
    if (!outcome.report().path("balanced").asBoolean()) {
      System.err.println("counts do not balance: rows " + read.rows() + ", answers "
          + read.answers().size() + ", left out " + read.bad().size());
      return ExitCode.FAILED;
    }
    if (!read.bad().isEmpty() && !options.getAllowBadRows()) {
      return ExitCode.REJECTED_ROWS;
    }
    return ExitCode.OK;
  }
}
