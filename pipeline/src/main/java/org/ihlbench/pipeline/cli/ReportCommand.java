package org.ihlbench.pipeline.cli;

import java.io.IOException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.ihlbench.transforms.report.RunReport;

/** {@code ihlbench report}: (re)writes a finished run's report.html from its tables. */
public final class ReportCommand implements Command {
  @Override
  public String name() {
    return "report";
  }

  @Override
  public String usage() {
    return "report --run=RUN_DIR";
  }

  @Override
  public ExitCode execute(String[] args) throws Exception {
    if (args.length != 1 || !args[0].startsWith("--run=")) {
      System.err.println("report: give --run=RUN_DIR");
      return ExitCode.USAGE;
    }
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
    try {
      System.out.println("report: " + RunReport.write(args[0].substring("--run=".length())));
    } catch (IOException e) {
      System.err.println("report: " + e.getMessage());
      return ExitCode.USAGE;
    }
    return ExitCode.OK;
  }
}
