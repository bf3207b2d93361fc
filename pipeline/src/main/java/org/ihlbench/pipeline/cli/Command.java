package org.ihlbench.pipeline.cli;

/** A subcommand of the {@code ihlbench} command line. */
public interface Command {
  String name();

  /** One usage line (or a few), without the leading {@code ihlbench}. */
  String usage();

  /** Runs with the arguments after the command's name. */
  ExitCode execute(String[] args) throws Exception;
}
