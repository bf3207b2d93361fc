package org.ihlbench.pipeline;

import java.util.Arrays;
import java.util.List;
import org.ihlbench.pipeline.cli.CalibrationCommand;
import org.ihlbench.pipeline.cli.Command;
import org.ihlbench.pipeline.cli.DoctorCommand;
import org.ihlbench.pipeline.cli.ExitCode;
import org.ihlbench.pipeline.cli.JudgeEvalCommand;
import org.ihlbench.pipeline.cli.PowerCommand;
import org.ihlbench.pipeline.cli.RejudgeCommand;
import org.ihlbench.pipeline.cli.ReportCommand;
import org.ihlbench.pipeline.cli.RunCommand;
import org.ihlbench.pipeline.cli.SimulatorCommand;
import org.ihlbench.pipeline.cli.TrendCommand;
import org.ihlbench.pipeline.cli.ValidateCommand;

/**
 * The command line: {@code ihlbench <command> [arguments]}; see {@link #COMMANDS}. What the
 * process exits with: {@link ExitCode}.
 */
public final class IhlBench {
  /** Every command, in the order usage lists them. */
  static final List<Command> COMMANDS = List.of(new RunCommand(), new TrendCommand(),
      new SimulatorCommand(), new ValidateCommand(), new DoctorCommand(), new RejudgeCommand(),
      new CalibrationCommand(), new PowerCommand(), new ReportCommand(), new JudgeEvalCommand());

  static {
    // On a machine with two cores the common pool has one thread, and CompletableFuture then
    // runs async steps on a new thread each: the JDK HttpClient completes every response that
    // way, a thread per call. Set before anything loads CompletableFuture; -D wins.
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null
        && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "2");
    }
  }

  private IhlBench() {}

  public static void main(String[] args) throws Exception {
    System.exit(execute(args).code());
  }

  /** Runs a command and returns its exit code; tests call this instead of main. */
  public static ExitCode execute(String[] args) throws Exception {
    if (args.length == 0) {
      usage(System.err);
      return ExitCode.USAGE;
    }
    if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      usage(System.out); // asked for: on stdout, so it can be paged or searched
      return ExitCode.OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    for (Command c : COMMANDS) {
      if (c.name().equals(args[0])) {
        return c.execute(rest);
      }
    }
    System.err.println("unknown command '" + args[0] + "'");
    usage(System.err);
    return ExitCode.USAGE;
  }

  private static void usage(java.io.PrintStream out) {
    StringBuilder sb = new StringBuilder("usage:");
    for (Command c : COMMANDS) {
      sb.append("\n  ihlbench ").append(c.usage().replace("\n", "\n  "));
    }
    out.println(sb);
  }
}
