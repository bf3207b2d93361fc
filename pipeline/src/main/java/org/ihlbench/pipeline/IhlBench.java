package org.ihlbench.pipeline;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.ihlbench.transforms.providers.ProviderAuthException;

/**
 * The command line: {@code ihlbench <command> [arguments]}; see {@link #COMMANDS}.
 *
 * <p>Exit codes: 0 done; 1 the run failed; 2 bad usage or config; 3 prompt rows were rejected
 * (see errors/dead_letters.jsonl; allow with --allowRejectedRows); 4 a provider rejected the
 * credentials or none were set; 5 {@code trend} raised alerts; 6 {@code validate} found
 * problems in the prompt set; 7 calls gave up on a rate limit (the provider answered only 429
 * for {@code calls.rate_limit_patience}).
 */
public final class IhlBench {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int REJECTED_ROWS = 3;
  public static final int AUTH = 4;
  /** {@code trend}: the latest run regressed, or a model reported a new version. */
  public static final int ALERTS = 5;
  /** {@code validate}: the prompt set has problems (duplicates, gaps in coverage, bad rows). */
  public static final int DATASET_PROBLEMS = 6;
  /** {@code run}: calls gave up on a rate limit; the run wrote what it had, a rerun resumes. */
  public static final int RATE_LIMITED = 7;

  /** Every command, in the order usage lists them. */
  static final List<Command> COMMANDS = List.of(new RunCommand(), new TrendCommand(),
      new SimulatorCommand(), new ValidateCommand(), new DoctorCommand(), new RejudgeCommand(),
      new CalibrationCommand(), new PowerCommand(), new ReportCommand());

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
    System.exit(execute(args));
  }

  /** Runs a command and returns its exit code; tests call this instead of main. */
  public static int execute(String[] args) throws Exception {
    if (args.length == 0) {
      usage(System.err);
      return USAGE;
    }
    if (args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
      usage(System.out); // asked for: on stdout, so it can be paged or searched
      return OK;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    for (Command c : COMMANDS) {
      if (c.name().equals(args[0])) {
        return c.execute(rest);
      }
    }
    System.err.println("unknown command '" + args[0] + "'");
    usage(System.err);
    return USAGE;
  }

  /** A pipeline command's outcome, or (outcome null) the exit code it failed with. */
  record Ran(RunExperiment.Outcome outcome, int exitCode) {}

  /**
   * Runs a pipeline for a command: a config error is exit 2, credentials a provider rejected
   * exit 4, each with its message on stderr; anything else propagates.
   */
  static Ran runPipeline(Callable<RunExperiment.Outcome> pipeline) throws Exception {
    try {
      return new Ran(pipeline.call(), OK);
    } catch (ConfigException e) {
      System.err.println("config error: " + e.getMessage());
      return new Ran(null, USAGE);
    } catch (RuntimeException e) {
      ProviderAuthException auth = find(e, ProviderAuthException.class);
      if (auth != null) {
        System.err.println("credentials: " + auth.getMessage());
        return new Ran(null, AUTH);
      }
      throw e;
    }
  }

  static <T extends Throwable> T find(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  private static void usage(java.io.PrintStream out) {
    StringBuilder sb = new StringBuilder("usage:");
    for (Command c : COMMANDS) {
      sb.append("\n  ihlbench ").append(c.usage().replace("\n", "\n  "));
    }
    out.println(sb);
  }
}
